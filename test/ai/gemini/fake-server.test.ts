import t from 'tap';
import { GeminiClient } from '../../../src/ai/gemini/client.js';
import { ModelRequestError } from '../../../src/ai/gemini/errors.js';
import { startFakeGemini } from '../../fakes/gemini-server.js';

const SCHEMA = { type: 'object' };

t.test('the fake answers loudly when nothing is scripted, and reports what is left', async (t) => {
  const gemini = await startFakeGemini({
    respond: (request) => (request.model === 'answered' ? { json: { ok: true } } : undefined),
  });
  t.teardown(() => gemini.close());
  const client = (model: string) =>
    new GeminiClient({ apiKey: gemini.apiKey, baseUrl: gemini.url, model });

  t.same(
    await client('answered').generateJson({ system: 's', parts: [{ text: 'q' }], schema: SCHEMA }),
    { ok: true },
    'the responder answers',
  );
  const error = await client('unanswered')
    .generateJson({ system: 's', parts: [{ text: 'q' }], schema: SCHEMA })
    .catch((caught: unknown) => caught);
  t.ok(
    error instanceof ModelRequestError,
    'a forgotten answer is a 400, never a hang or a retry loop',
  );
  t.match((error as Error).message, /nothing scripted/);

  gemini.script({ text: '{}' });
  gemini.fail({ type: 'internal' }, { times: 2, method: 'batchEmbedContents' });
  t.same(gemini.pending, { replies: 1, faults: 2 });
  t.same(
    gemini.requests.map((request) => request.model),
    ['answered', 'unanswered'],
  );
});

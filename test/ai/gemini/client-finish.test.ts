/**
 * Every finishReason Gemini sends today ends in the typed error it means, and only answers another
 * sample may fix (RECITATION, OTHER, a malformed or unexpected call) are asked again, once.
 */
import t, { type Test } from 'tap';
import {
  type AttemptEvent,
  GeminiClient,
  type StreamEvent,
} from '../../../src/ai/gemini/client.js';
import {
  ModelBlockedError,
  ModelOutputError,
  ModelRequestError,
  ModelTruncatedError,
} from '../../../src/ai/gemini/errors.js';
import { type FakeGemini, startFakeGemini } from '../../fakes/gemini-server.js';

const SCHEMA = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };

async function setup(
  t: Test,
): Promise<{ gemini: FakeGemini; client: GeminiClient; events: AttemptEvent[] }> {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  const events: AttemptEvent[] = [];
  const client = new GeminiClient({
    apiKey: gemini.apiKey,
    baseUrl: gemini.url,
    retryBaseDelayMs: 1,
    onAttempt: (event) => events.push(event),
  });
  return { gemini, client, events };
}

const ask = (client: GeminiClient) =>
  client
    .generateJson({
      task: 'invoice',
      system: 'Answer in JSON.',
      parts: [{ text: 'q' }],
      schema: SCHEMA,
    })
    .catch((caught: unknown) => caught);

t.test(
  'answers another sample may fix are asked once more, and the second answer is used',
  async (t) => {
    for (const reason of [
      'RECITATION',
      'OTHER',
      'MALFORMED_FUNCTION_CALL',
      'UNEXPECTED_TOOL_CALL',
    ]) {
      const { gemini, client, events } = await setup(t);
      gemini.fail({ type: 'finish', reason });
      gemini.script({ json: { answer: 'four' } });
      t.same(await ask(client), { answer: 'four' }, reason);
      t.equal(gemini.requests.length, 2, `${reason}: asked twice`);
      t.same(
        events.map((event) => event.outcome),
        ['retry', 'ok'],
        reason,
      );
      t.equal(client.usage().model_calls, 2, `${reason}: both answers are billed`);
    }
  },
);

t.test('twice unusable: the typed error, naming the reason', async (t) => {
  const cases: Array<[string, new (...args: never[]) => Error, RegExp]> = [
    ['RECITATION', ModelBlockedError, /recited a source too closely \(RECITATION\)/],
    ['OTHER', ModelOutputError, /\(OTHER\)/],
    ['MALFORMED_FUNCTION_CALL', ModelOutputError, /malformed function call/],
    ['UNEXPECTED_TOOL_CALL', ModelOutputError, /UNEXPECTED_TOOL_CALL/],
  ];
  for (const [reason, type, message] of cases) {
    const { gemini, client } = await setup(t);
    gemini.fail({ type: 'finish', reason }, { times: 2 });
    gemini.script({ json: { answer: 'never reached' } });
    const error = await ask(client);
    t.ok(error instanceof type, `${reason}: ${String(error)}`);
    t.match((error as Error).message, message);
    t.equal(gemini.requests.length, 2, `${reason}: no third try`);
  }
});

t.test('answers a new sample would not fix are not asked again', async (t) => {
  const cases: Array<[string, new (...args: never[]) => Error, string]> = [
    ['MAX_TOKENS', ModelTruncatedError, 'model_truncated'],
    ['SAFETY', ModelBlockedError, 'model_blocked'],
    ['BLOCKLIST', ModelBlockedError, 'model_blocked'],
    ['PROHIBITED_CONTENT', ModelBlockedError, 'model_blocked'],
    ['SPII', ModelBlockedError, 'model_blocked'],
    ['TOO_MANY_TOOL_CALLS', ModelOutputError, 'model_bad_output'],
    ['MISSING_THOUGHT_SIGNATURE', ModelRequestError, 'model_request_rejected'],
    ['SOMETHING_NEW_IN_2027', ModelOutputError, 'model_bad_output'],
  ];
  for (const [reason, type, code] of cases) {
    const { gemini, client } = await setup(t);
    gemini.fail({ type: 'finish', reason, text: '{"answer":"four"}' });
    gemini.script({ json: { answer: 'never reached' } });
    const error = await ask(client);
    t.ok(error instanceof type, `${reason}: ${String(error)}`);
    t.equal((error as { code?: string }).code, code, reason);
    t.match((error as Error).message, reason, 'the error names the reason');
    t.equal(gemini.requests.length, 1, `${reason}: asked once`);
  }
});

t.test(
  'a stream unusable from its first frame is asked again before anything is shown',
  async (t) => {
    const { gemini, client } = await setup(t);
    gemini.fail({ type: 'finish', reason: 'MALFORMED_FUNCTION_CALL' });
    gemini.script({ text: 'Two invoices.' });
    const events: StreamEvent[] = [];
    for await (const event of client.generateStream({
      system: 'sys',
      contents: [{ role: 'user', parts: [{ text: 'How many?' }] }],
    }))
      events.push(event);
    t.equal(
      events.map((event) => (event.type === 'text' ? event.text : '')).join(''),
      'Two invoices.',
    );
    t.equal(gemini.requests.length, 2);
    t.equal(client.usage().model_calls, 2);
  },
);

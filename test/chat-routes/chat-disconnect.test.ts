/**
 * POST /chat in Gemini mode: a client that hangs up while the model is still answering stops the
 * model call too, instead of leaving it to run (and bill) for nobody.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { startFakeGemini } from '../fakes/gemini-server.js';
import { buildTestApp } from '../helpers/app.js';

const until = async (condition: () => boolean, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10));
  return condition();
};

t.test('a client that hangs up aborts the model call', async (t) => {
  const gemini = await startFakeGemini({ latencyMs: 10_000 });
  t.teardown(() => gemini.close());
  gemini.script({ text: 'never sent: the client is gone by then' });
  const app = await buildTestApp(t, {
    env: {
      GEMINI_API_KEY: gemini.apiKey,
      GEMINI_BASE_URL: gemini.url,
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;

  const client = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/v1/chat',
    headers: { 'content-type': 'application/json' },
  });
  client.on('error', () => undefined); // the hang-up below
  client.end(JSON.stringify({ query: 'how many invoices were declined?' }));
  t.ok(await until(() => gemini.inFlight === 1, 5000), 'the model is answering');

  client.destroy();
  t.ok(
    await until(() => gemini.inFlight === 0, 3000),
    'the model call ended with the client, long before the model would have answered',
  );
});

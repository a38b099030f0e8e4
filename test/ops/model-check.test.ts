/**
 * A model id that Google retired (or a typo) is found at start-up and by GET /health, with the
 * reason and the setting to change, instead of on the first claim's documents.
 */
import t, { type Test } from 'tap';
import { startFakeGemini } from '../fakes/gemini-server.js';
import { buildTestApp } from '../helpers/app.js';
import { startServerProcess } from '../helpers/server-process.js';

interface Check {
  name: string;
  state: string;
  error?: string;
  info?: Record<string, string>;
}

async function modelCheck(t: Test, env: Record<string, string>) {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  const app = await buildTestApp(t, {
    env: { GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url, ...env },
  });
  const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
  const model = (res.json().checks as Check[]).find((check) => check.name === 'model');
  return { gemini, res, model };
}

t.test('the default models answer models.get: model up, each task named', async (t) => {
  const { gemini, res, model } = await modelCheck(t, {});
  t.equal(res.json().status, 'ok');
  t.match(model, {
    state: 'up',
    info: {
      kind: 'gemini',
      policy_model: 'gemini-3.8-flash',
      invoice_model: 'gemini-3.8-flash',
      chat_model: 'gemini-3.8-flash',
      embedding_model: 'gemini-embedding-001',
    },
  });
  t.same(
    gemini.modelLookups.sort(),
    ['gemini-3.8-flash', 'gemini-embedding-001'],
    'each asked once',
  );
  t.equal(gemini.requests.length, 0, 'no tokens spent');
});

t.test('a retired model is model: down with the reason and the setting to change', async (t) => {
  const { res, model } = await modelCheck(t, { GEMINI_MODEL: 'gemini-2.5-flash' });
  t.equal(res.statusCode, 200, 'the model is optional: the service still serves');
  t.equal(res.json().status, 'degraded');
  t.equal(model?.state, 'down');
  t.match(
    model?.error,
    /^gemini-2\.5-flash \(policy, invoice, chat\): not found: the id is retired or misspelled \(models\/gemini-2\.5-flash is not found/,
  );
  t.match(model?.error, /Set GEMINI_MODEL to a current model \(gemini-3\.8-flash/);
});

t.test('one task on a wrong model names that task and its setting only', async (t) => {
  const { model } = await modelCheck(t, {
    GEMINI_INVOICE_MODEL: 'gemini-2.0-flash',
    GEMINI_EMBEDDING_MODEL: 'gemini-3.8-flash',
  });
  t.equal(model?.state, 'down');
  t.match(model?.error, /gemini-2\.0-flash \(invoice\): not found/);
  t.match(
    model?.error,
    /gemini-3\.8-flash \(embeddings\): does not support embedContent/,
    'a generation model cannot embed',
  );
  t.match(model?.error, /Set GEMINI_INVOICE_MODEL, GEMINI_EMBEDDING_MODEL to/);
  t.notMatch(model?.error, /\(policy, chat\)/, 'the tasks on a good model are not blamed');
  t.match(model?.info, { policy_model: 'gemini-3.8-flash', invoice_model: 'gemini-2.0-flash' });
});

t.test('the server says so in one error line at start-up, and keeps running', async (t) => {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  const server = await startServerProcess({
    GEMINI_API_KEY: gemini.apiKey,
    GEMINI_BASE_URL: gemini.url,
    GEMINI_MODEL: 'gemini-2.5-flash',
  });
  t.teardown(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });
  // The check waits up to STARTUP_MODEL_CHECK_MS for the model; a loaded machine adds to that.
  const deadline = Date.now() + 60_000;
  let line: { level: number; msg: string } | undefined;
  while (!line && Date.now() < deadline) {
    line = server
      .output()
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as { level: number; msg: string })
      .find((entry) => /Gemini model check failed/.test(entry.msg));
    if (!line) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.ok(line, 'a start-up line about the model');
  t.equal(line?.level, 50, 'at error level');
  t.match(line?.msg, /gemini-2\.5-flash \(policy, invoice, chat\): not found/);
  t.match(line?.msg, /Set GEMINI_MODEL to a current model/);
  const health = await fetch(`${server.url}/api/v1/health/quick`);
  t.equal(health.status, 200, 'still serving');
});

import { getEventListeners } from 'node:events';
import t, { type Test } from 'tap';
import {
  type AttemptEvent,
  GeminiClient,
  type GeminiClientOptions,
} from '../../../src/ai/gemini/client.js';
import {
  ModelBlockedError,
  ModelOutputError,
  ModelRateLimitedError,
  ModelRequestError,
  ModelTimeoutError,
  ModelTruncatedError,
  ModelUnavailableError,
} from '../../../src/ai/gemini/errors.js';
import type { Usage } from '../../../src/ai/provider.js';
import {
  type FakeGemini,
  type RecordedRequest,
  startFakeGemini,
  type WireGenerateBody,
} from '../../fakes/gemini-server.js';

const SCHEMA = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };

async function setup(
  t: Test,
  options: Partial<GeminiClientOptions> = {},
): Promise<{ gemini: FakeGemini; client: GeminiClient }> {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  const client = new GeminiClient({
    apiKey: gemini.apiKey,
    baseUrl: gemini.url,
    retryBaseDelayMs: 1,
    timeoutMs: 5_000,
    ...options,
  });
  return { gemini, client };
}

const ask = (client: GeminiClient, extra: { signal?: AbortSignal; usage?: Usage } = {}) =>
  client.generateJson<{ answer: string }>({
    task: 'invoice',
    system: 'Answer in JSON.',
    parts: [{ text: 'What is 2 + 2?' }],
    schema: SCHEMA,
    ...extra,
  });

const generateBody = (request: RecordedRequest | undefined): WireGenerateBody => {
  if (request?.method !== 'generateContent')
    throw new Error(`expected a generateContent request, got ${request?.method}`);
  return request.body;
};

t.test('generateJson sends a structured-output request and parses the answer', async (t) => {
  const { gemini, client } = await setup(t);
  gemini.script({ json: { answer: 'four' }, promptTokens: 11, outputTokens: 3, thoughtTokens: 20 });
  const usage: Usage = { model_calls: 0, prompt_tokens: 0, output_tokens: 0 };

  t.same(await ask(client, { usage }), { answer: 'four' });

  const [request] = gemini.requests;
  t.equal(request?.model, 'gemini-3.8-flash', 'the default model is a current GA model');
  t.equal(request?.headers['x-goog-api-key'], gemini.apiKey);
  const body = generateBody(request);
  t.same(body.systemInstruction?.parts, [{ text: 'Answer in JSON.' }]);
  t.same(body.contents, [{ role: 'user', parts: [{ text: 'What is 2 + 2?' }] }]);
  t.equal(body.generationConfig?.responseMimeType, 'application/json');
  t.same(body.generationConfig?.responseJsonSchema, SCHEMA);
  t.same(
    usage,
    { model_calls: 1, prompt_tokens: 11, output_tokens: 23 },
    'the per-call accumulator gets this call, thinking billed as output',
  );
  t.same(client.usage(), usage, 'the running total too');
});

t.test('no sampling parameters; the thinking level follows the task', async (t) => {
  const { gemini, client } = await setup(t, {
    models: { policy: 'gemini-3.1-pro-preview', invoice: 'gemini-3.5-flash-lite' },
  });
  gemini.respondWith(() => ({ json: { answer: 'four' } }));
  await ask(client);
  await client.generateJson({
    task: 'policy',
    system: 's',
    parts: [{ text: 'q' }],
    schema: SCHEMA,
  });
  const [invoice, policy] = gemini.requests.map(generateBody);
  for (const body of [invoice, policy]) {
    const config = body?.generationConfig ?? {};
    // Gemini 3 deprecates them (changelog, July 2026): values below 1.0 loop or truncate JSON.
    for (const key of ['temperature', 'topP', 'topK', 'candidateCount'] as const)
      t.equal(config[key], undefined, `${key} is not sent`);
    t.equal(config.thinkingConfig?.thinkingBudget, undefined, 'never a budget beside the level');
  }
  t.equal(invoice?.generationConfig?.thinkingConfig?.thinkingLevel, 'LOW', 'reading a document');
  t.equal(policy?.generationConfig?.thinkingConfig?.thinkingLevel, 'HIGH', 'compiling a policy');
  t.same(
    gemini.requests.map((request) => request.model),
    ['gemini-3.5-flash-lite', 'gemini-3.1-pro-preview'],
    'each task calls its own model',
  );
});

t.test(
  'a 429 is retried no sooner than the RetryInfo delay, even with a tiny backoff',
  async (t) => {
    const { gemini, client } = await setup(t, { retryBaseDelayMs: 1 });
    gemini.fail({ type: 'rate_limit', retryDelay: '0.15s' });
    gemini.script({ json: { answer: 'four' } });

    t.same(await ask(client), { answer: 'four' });
    const [first, second] = gemini.requests;
    t.equal(gemini.requests.length, 2);
    t.ok(
      second!.receivedAt - first!.receivedAt >= 150,
      `waited ${second!.receivedAt - first!.receivedAt} ms`,
    );
    t.same(client.usage().model_calls, 1, 'a rejected attempt is not a model call');
  },
);

t.test('500 and 503 are retried until the model answers', async (t) => {
  const { gemini, client } = await setup(t);
  gemini.fail({ type: 'internal' });
  gemini.fail({ type: 'unavailable' });
  gemini.script({ json: { answer: 'four' } });
  t.same(await ask(client), { answer: 'four' });
  t.equal(gemini.requests.length, 3);
});

t.test('exhausted retries end in ModelUnavailableError carrying the last failure', async (t) => {
  const events: AttemptEvent[] = [];
  const { gemini, client } = await setup(t, {
    maxRetries: 2,
    onAttempt: (event) => events.push(event),
  });
  gemini.fail({ type: 'unavailable' }, { times: 3 });
  gemini.script({ json: { answer: 'never reached' } });

  const error = await ask(client).catch((caught: unknown) => caught);
  t.ok(error instanceof ModelUnavailableError);
  t.equal((error as ModelUnavailableError).code, 'model_unavailable');
  t.equal((error as ModelUnavailableError).attempts, 3);
  t.match((error as Error).message, /503/);
  t.equal(gemini.requests.length, 3, 'one attempt plus two retries');
  t.same(
    events.map((event) => event.outcome),
    ['retry', 'retry', 'failed'],
  );
  t.same(
    events.map((event) => event.error_code),
    ['model_unavailable', 'model_unavailable', 'model_unavailable'],
  );
});

t.test(
  'a 429 asking to wait longer than a call may wait on rate limits ends the retries at once',
  async (t) => {
    const { gemini, client } = await setup(t, { rateLimitMaxWaitMs: 1_000 });
    gemini.fail({ type: 'rate_limit', retryDelay: '3600s' });
    const error = await ask(client).catch((caught: unknown) => caught);
    t.ok(
      error instanceof ModelRateLimitedError,
      'a 429: the quota is gone for longer than a call waits',
    );
    t.ok(error instanceof ModelUnavailableError);
    t.equal((error as ModelRateLimitedError).retryAfterMs, 3_600_000);
    t.match((error as Error).message, /asks to wait 3600 s, longer than the 1 s/);
    t.equal(gemini.requests.length, 1);

    gemini.fail({ type: 'unavailable' });
    gemini.script({ json: { answer: 'four' } });
    t.same(await ask(client), { answer: 'four' }, 'nothing was paused for the hour it asked for');
  },
);

t.test('an attempt slower than the timeout is aborted and retried', async (t) => {
  const { gemini, client } = await setup(t, { timeoutMs: 150 });
  gemini.fail({ type: 'hang', ms: 10_000 });
  gemini.script({ json: { answer: 'four' } });
  t.same(await ask(client), { answer: 'four' });
  t.equal(gemini.requests.length, 2);
});

t.test(
  'attempts that all time out end in ModelUnavailableError caused by ModelTimeoutError',
  async (t) => {
    // Long enough for a request to reach the fake on a loaded machine, short beside the hang.
    const { gemini, client } = await setup(t, { timeoutMs: 1_000, maxRetries: 1 });
    gemini.fail({ type: 'hang', ms: 10_000 }, { times: 2 });
    const error = await ask(client).catch((caught: unknown) => caught);
    t.ok(error instanceof ModelUnavailableError);
    t.ok((error as Error).cause instanceof ModelTimeoutError);
    t.equal(gemini.requests.length, 2);
  },
);

t.test('a truncated answer is ModelTruncatedError, billed and not retried', async (t) => {
  const { gemini, client } = await setup(t);
  gemini.fail({ type: 'max_tokens' });
  const error = await ask(client).catch((caught: unknown) => caught);
  t.ok(error instanceof ModelTruncatedError);
  t.equal((error as ModelTruncatedError).code, 'model_truncated');
  t.equal(gemini.requests.length, 1);
  t.equal(client.usage().model_calls, 1);
});

t.test('a blocked prompt and a SAFETY finish are ModelBlockedError with the reason', async (t) => {
  const { gemini, client } = await setup(t);
  gemini.fail({ type: 'blocked', reason: 'PROHIBITED_CONTENT' });
  const blocked = await ask(client).catch((caught: unknown) => caught);
  t.ok(blocked instanceof ModelBlockedError);
  t.equal((blocked as ModelBlockedError).reason, 'PROHIBITED_CONTENT');
  t.equal((blocked as ModelBlockedError).code, 'model_blocked');

  gemini.fail({ type: 'safety' });
  const unsafe = await ask(client).catch((caught: unknown) => caught);
  t.ok(unsafe instanceof ModelBlockedError);
  t.equal((unsafe as ModelBlockedError).reason, 'SAFETY');
  t.equal(gemini.requests.length, 2, 'neither is retried');
});

t.test('malformed JSON is asked for once more', async (t) => {
  const { gemini, client } = await setup(t);
  gemini.fail({ type: 'malformed_json' });
  gemini.script({ json: { answer: 'four' } });
  t.same(await ask(client), { answer: 'four' });
  t.equal(gemini.requests.length, 2);
  t.equal(client.usage().model_calls, 2, 'both answers were billed');
});

t.test('malformed JSON twice is ModelOutputError', async (t) => {
  const { gemini, client } = await setup(t);
  gemini.fail({ type: 'malformed_json' }, { times: 2 });
  gemini.script({ json: { answer: 'never reached' } });
  const error = await ask(client).catch((caught: unknown) => caught);
  t.ok(error instanceof ModelOutputError);
  t.equal((error as ModelOutputError).code, 'model_bad_output');
  t.equal(gemini.requests.length, 2);
});

t.test(
  'a rejected key is ModelRequestError with the ErrorInfo reason, never retried',
  async (t) => {
    const { gemini } = await setup(t);
    const client = new GeminiClient({
      apiKey: 'wrong-key',
      baseUrl: gemini.url,
      retryBaseDelayMs: 1,
    });
    const error = await ask(client).catch((caught: unknown) => caught);
    t.ok(error instanceof ModelRequestError);
    t.equal((error as ModelRequestError).status, 400);
    t.equal((error as ModelRequestError).reason, 'API_KEY_INVALID');
    t.equal(gemini.requests.length, 1);
  },
);

t.test('never more calls in flight than the concurrency limit', async (t) => {
  const { gemini, client } = await setup(t, { concurrency: 2 });
  gemini.setLatency(60);
  gemini.respondWith(() => ({ json: { answer: 'four' } }));
  const answers = await Promise.all(Array.from({ length: 6 }, () => ask(client)));
  t.equal(answers.length, 6);
  t.equal(gemini.maxInFlight, 2);
});

t.test('a caller abort stops the call at once with the caller reason and no retry', async (t) => {
  const { gemini, client } = await setup(t);
  gemini.fail({ type: 'hang', ms: 10_000 });
  const controller = new AbortController();
  const pending = ask(client, { signal: controller.signal });
  await gemini.received(1);
  controller.abort(new Error('job cancelled'));
  await t.rejects(pending, { message: 'job cancelled' });
  t.equal(gemini.requests.length, 1);
});

t.test('a caller abort also ends the wait between retries', async (t) => {
  const { gemini, client } = await setup(t);
  gemini.fail({ type: 'rate_limit', retryDelay: '20s' });
  const controller = new AbortController();
  const pending = ask(client, { signal: controller.signal });
  await gemini.received(1);
  // The 429 is answered at once and its 20 s pause begins: the abort lands inside that wait.
  await new Promise((resolve) => setTimeout(resolve, 50));
  controller.abort(new Error('job cancelled'));
  await t.rejects(pending, { message: 'job cancelled' });
  t.equal(gemini.requests.length, 1);
});

t.test(
  'a caller signal keeps no listener after its calls end (the SDK leaves one per successful call on the signal it is given)',
  async (t) => {
    const { gemini, client } = await setup(t, { concurrency: 2 });
    gemini.respondWith(() => ({ json: { answer: 'four' } }));
    const controller = new AbortController();
    for (let i = 0; i < 12; i += 1) await ask(client, { signal: controller.signal });
    await Promise.all(Array.from({ length: 6 }, () => ask(client, { signal: controller.signal })));
    await client.embed(['one', 'two'], {
      taskType: 'RETRIEVAL_DOCUMENT',
      signal: controller.signal,
    });
    gemini.respondWith(() => ({ text: 'streamed answer' }));
    for await (const event of client.generateStream({
      system: 'Answer.',
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      signal: controller.signal,
    }))
      t.ok(event);
    gemini.fail({ type: 'unavailable' });
    await ask(client, { signal: controller.signal }).catch(() => undefined);
    t.equal(
      getEventListeners(controller.signal, 'abort').length,
      0,
      'no abort listener left behind',
    );
  },
);

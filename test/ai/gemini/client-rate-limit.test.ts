/**
 * Rate limits slow calls down and never fail them while the quota comes back: a 429 pauses every
 * caller of the client (shared gate), lowers the concurrency (AIMD), and costs no retry budget;
 * a quota that does not come back ends in ModelRateLimitedError in bounded time.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { startRateLimitProxy } from '../../../bench/lib/rate-limit-proxy.js';
import {
  type AttemptEvent,
  GeminiClient,
  type GeminiClientOptions,
} from '../../../src/ai/gemini/client.js';
import { ModelRateLimitedError, ModelUnavailableError } from '../../../src/ai/gemini/errors.js';
import { GeminiProvider } from '../../../src/ai/gemini/provider.js';
import type { ExtractionContext } from '../../../src/ai/provider.js';
import type { DocumentText } from '../../../src/domain/types.js';
import {
  type FakeGemini,
  type ScriptedReply,
  startFakeGemini,
  userText,
} from '../../fakes/gemini-server.js';
import { invoiceAnswer } from '../../fakes/invoice-answer.js';

const SCHEMA = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
const CONTEXT: ExtractionContext = { categories: ['meal', 'travel'], currency: 'INR' };

async function setup(
  t: Test,
  options: Partial<GeminiClientOptions> = {},
  latencyMs = 0,
): Promise<{ gemini: FakeGemini; client: GeminiClient }> {
  const gemini = await startFakeGemini({ latencyMs });
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

const ask = (client: GeminiClient, signal?: AbortSignal) =>
  client.generateJson<{ answer: string }>({
    task: 'invoice',
    system: 'Answer in JSON.',
    parts: [{ text: 'What is 2 + 2?' }],
    schema: SCHEMA,
    ...(signal ? { signal } : {}),
  });

const receipt = (index: number): DocumentText => ({
  name: `receipt-${index}.pdf`,
  media_type: 'application/pdf',
  sha256: `sha-${index}`,
  size_bytes: 100,
  page_count: 1,
  pages: [`Cafe ${index}\nTotal ${100 + index}.00`],
  ocr: false,
});

/** Answers every extraction with the total its receipt prints. */
function invoiceAnswers(
  request: Parameters<NonNullable<Parameters<FakeGemini['respondWith']>[0]>>[0],
): ScriptedReply | undefined {
  const total = /Total (\d+\.\d+)/.exec(userText(request))?.[1];
  if (!total) return undefined;
  return invoiceAnswer({
    vendor: 'Cafe',
    date: '2024-12-26',
    currency: 'INR',
    category: 'meal',
    total,
  });
}

t.test(
  'a burst of 429s with RetryInfo: every concurrent extraction succeeds, with no retry budget at all',
  async (t) => {
    // maxRetries 0: before the shared pause, the first 429 failed each of these calls.
    const { gemini, client } = await setup(t, { concurrency: 8, maxRetries: 0 }, 20);
    const provider = new GeminiProvider({ client });
    gemini.respondWith(invoiceAnswers);
    gemini.fail({ type: 'rate_limit', retryDelay: '0.1s' }, { times: 24 });

    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) => provider.extractInvoice(receipt(index), CONTEXT)),
    );
    t.same(
      results.map((fields) => fields.total_minor.value),
      Array.from({ length: 12 }, (_, index) => (100 + index) * 100),
      'all 12 read, each with its own total',
    );
    t.equal(gemini.pending.faults, 0, 'all 24 rejections were met');
    t.equal(
      gemini.requests.length,
      24 + 12,
      'one successful request per document after the rejections',
    );
    const [first] = gemini.requests;
    const afterBurst = gemini.requests[8];
    t.ok(
      afterBurst!.receivedAt - first!.receivedAt >= 100,
      `no caller came back before the RetryInfo delay (${(afterBurst!.receivedAt - first!.receivedAt).toFixed(0)} ms)`,
    );
  },
);

t.test('one caller’s 429 pauses the other callers of the client too', async (t) => {
  let onAttempt: (event: AttemptEvent) => void = () => {};
  const { gemini, client } = await setup(t, {
    concurrency: 4,
    onAttempt: (event) => onAttempt(event),
  });
  gemini.respondWith(() => ({ json: { answer: 'four' } }));
  gemini.fail({ type: 'rate_limit', retryDelay: '0.3s' });
  const firstRejected = new Promise<void>((resolve) => {
    onAttempt = (event) => {
      if (event.outcome === 'retry') resolve();
    };
  });
  const first = ask(client);
  await firstRejected;
  const second = ask(client);
  t.same(await Promise.all([first, second]), [{ answer: 'four' }, { answer: 'four' }]);
  const [rejected, ...rest] = gemini.requests;
  t.equal(rest.length, 2);
  for (const request of rest)
    t.ok(
      request.receivedAt - rejected!.receivedAt >= 300,
      `sent ${(request.receivedAt - rejected!.receivedAt).toFixed(0)} ms after the 429`,
    );
});

t.test(
  'under a binding token-bucket rate limit, 40 concurrent calls all succeed and the 429s stay few',
  async (t) => {
    const gemini = await startFakeGemini({ latencyMs: 50 });
    t.teardown(() => gemini.close());
    gemini.respondWith(() => ({ json: { answer: 'four' } }));
    // 1200 requests a minute: 20 a second, a burst of 20.
    const proxy = await startRateLimitProxy(gemini.url, 1200);
    t.teardown(() => proxy.close());
    const client = new GeminiClient({
      apiKey: gemini.apiKey,
      baseUrl: proxy.url,
      concurrency: 16,
      // 429s cost no retries; these are for a socket reset under load, which is not the subject.
      maxRetries: 2,
      retryBaseDelayMs: 1,
    });

    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 40 }, () => ask(client)));
    const elapsed = performance.now() - started;
    t.equal(answers.filter((answer) => answer.answer === 'four').length, 40);
    t.equal(gemini.requests.length, 40, 'each call reached the model once');
    t.ok(
      elapsed >= 900,
      `paced by the limit: ${elapsed.toFixed(0)} ms for 40 calls at 20/s after a burst of 20`,
    );
    t.ok(proxy.limited <= 80, `${proxy.limited} requests answered 429 (no retry storm)`);
  },
);

t.test(
  'a quota that never comes back fails every call with ModelRateLimitedError in bounded time',
  async (t) => {
    const { gemini, client } = await setup(t, { concurrency: 4, rateLimitMaxWaitMs: 400 });
    gemini.fail({ type: 'rate_limit', retryDelay: '0.05s' }, { times: 100_000 });

    const started = performance.now();
    const errors = await Promise.all(
      Array.from({ length: 6 }, () => ask(client).catch((error: unknown) => error)),
    );
    const elapsed = performance.now() - started;
    for (const error of errors) {
      t.ok(error instanceof ModelRateLimitedError, String(error));
      t.ok(
        error instanceof ModelUnavailableError,
        'documents fail with llm_unavailable, as for any unavailable model',
      );
      t.equal((error as ModelRateLimitedError).code, 'model_unavailable');
      t.match((error as Error).message, /kept answering 429 \(quota exhausted\)/);
      t.equal((error as ModelRateLimitedError).retryAfterMs, 50);
    }
    t.ok(elapsed >= 400, `waited the budget: ${elapsed.toFixed(0)} ms`);
    t.ok(
      gemini.requests.length < 60,
      `${gemini.requests.length} requests: paced by the shared pause`,
    );
  },
);

t.test(
  'a permanent 429 without RetryInfo backs off exponentially and also ends in bounded time',
  async (t) => {
    const { gemini, client } = await setup(t, {
      concurrency: 2,
      rateLimitMaxWaitMs: 300,
      retryBaseDelayMs: 20,
    });
    gemini.fail({ type: 'rate_limit', retryDelay: null }, { times: 100_000 });
    const error = await ask(client).catch((caught: unknown) => caught);
    t.ok(error instanceof ModelRateLimitedError);
    t.equal((error as ModelRateLimitedError).retryAfterMs, null);
    t.ok(gemini.requests.length <= 8, `${gemini.requests.length} requests`);
  },
);

t.test(
  'a Retry-After header is honoured like RetryInfo, even with a plain-text body',
  async (t) => {
    const arrivals: number[] = [];
    let retryAfter = '1';
    const server = createServer((req, res) => {
      req.resume();
      arrivals.push(performance.now());
      if (arrivals.length % 2 === 1) {
        res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': retryAfter });
        res.end('Too many requests');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          candidates: [
            {
              content: { role: 'model', parts: [{ text: '{"answer":"four"}' }] },
              finishReason: 'STOP',
              index: 0,
            },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new GeminiClient({
      apiKey: 'key',
      baseUrl,
      retryBaseDelayMs: 1,
      maxRetries: 0,
    });

    t.same(await ask(client), { answer: 'four' });
    t.equal(arrivals.length, 2);
    t.ok(
      (arrivals[1] ?? 0) - (arrivals[0] ?? 0) >= 1000,
      `waited ${((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toFixed(0)} ms`,
    );

    retryAfter = '3600';
    const error = await ask(client).catch((caught: unknown) => caught);
    t.ok(error instanceof ModelRateLimitedError, 'an hour is longer than any call waits');
    t.equal((error as ModelRateLimitedError).retryAfterMs, 3_600_000);
    t.match((error as Error).message, /Too many requests/);
  },
);

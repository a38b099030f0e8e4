/**
 * Real 429s ask for 20 to 60 s (RetryInfo). The client waits what they ask, up to the rate-limit
 * budget (GEMINI_RATE_LIMIT_WAIT_MS), sharing the pause with every caller; a per-day quota is not
 * waited for. A virtual clock stands in for those waits: no test sleeps 40 real seconds.
 */
import t, { type Test } from 'tap';
import { GeminiClient, type GeminiClientOptions } from '../../../src/ai/gemini/client.js';
import { ModelRateLimitedError, parseErrorBody } from '../../../src/ai/gemini/errors.js';
import { type FakeGemini, startFakeGemini } from '../../fakes/gemini-server.js';
import { VirtualClock } from '../../helpers/virtual-clock.js';

const SCHEMA = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };

async function setup(
  t: Test,
  options: Partial<GeminiClientOptions> = {},
): Promise<{ gemini: FakeGemini; client: GeminiClient; clock: VirtualClock }> {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  const clock = new VirtualClock();
  const client = new GeminiClient({
    apiKey: gemini.apiKey,
    baseUrl: gemini.url,
    maxRetries: 0,
    clock,
    random: () => 0,
    ...options,
  });
  return { gemini, client, clock };
}

const ask = (client: GeminiClient) =>
  client.generateJson<{ answer: string }>({
    task: 'invoice',
    system: 'Answer in JSON.',
    parts: [{ text: 'What is 2 + 2?' }],
    schema: SCHEMA,
  });

t.test('a 429 asking for 40 s is waited for in full, and the call succeeds', async (t) => {
  // The client used to give up on any delay over 30 s: the document failed with llm_unavailable.
  const { gemini, client, clock } = await setup(t);
  gemini.fail({ type: 'rate_limit' });
  gemini.script({ json: { answer: 'four' } });
  const started = performance.now();

  t.same(await ask(client), { answer: 'four' });
  t.equal(gemini.requests.length, 2);
  t.ok(clock.now() >= 40_000, `waited ${clock.now()} ms of (virtual) time`);
  t.ok(clock.now() < 50_000, 'and not much more than asked');
  t.ok(performance.now() - started < 20_000, 'in little real time, not 40 s');
});

t.test(
  'the 40 s pause is shared: a caller arriving meanwhile waits too, and is not refused',
  async (t) => {
    const { gemini, client, clock } = await setup(t, { concurrency: 4 });
    const sentAt: number[] = [];
    gemini.respondWith(() => {
      sentAt.push(clock.now());
      return { json: { answer: 'four' } };
    });
    gemini.fail({ type: 'rate_limit', retryDelay: '42.5s' });
    const first = ask(client);
    while (clock.sleeps.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = ask(client);

    t.same(await Promise.all([first, second]), [{ answer: 'four' }, { answer: 'four' }]);
    t.equal(gemini.requests.length, 3, 'one 429, then one request per call');
    t.ok(
      sentAt.every((at) => at >= 42_500),
      `both calls went out after the pause: ${sentAt.join(', ')} ms`,
    );
  },
);

t.test('a per-day quota is not waited for, whatever delay it names', async (t) => {
  const { gemini, client, clock } = await setup(t);
  gemini.fail({ type: 'rate_limit', quota: 'day', retryDelay: '40s' });
  gemini.script({ json: { answer: 'never reached' } });

  const error = await ask(client).catch((caught: unknown) => caught);
  t.ok(error instanceof ModelRateLimitedError, String(error));
  t.equal((error as ModelRateLimitedError).code, 'model_unavailable', 'documents: llm_unavailable');
  t.equal((error as ModelRateLimitedError).quotaId, 'GenerateRequestsPerDayPerProjectPerModel');
  t.match((error as Error).message, /daily quota is exhausted/);
  t.equal(gemini.requests.length, 1, 'not asked again');
  t.equal(clock.now(), 0, 'no wait at all');
});

t.test('a delay longer than the whole budget fails at once; within it, it is waited', async (t) => {
  const { gemini, client, clock } = await setup(t, { rateLimitMaxWaitMs: 50_000 });
  gemini.fail({ type: 'rate_limit', retryDelay: '57.238747106s' });
  const error = await ask(client).catch((caught: unknown) => caught);
  t.ok(error instanceof ModelRateLimitedError);
  t.equal((error as ModelRateLimitedError).retryAfterMs, 57_239);
  t.match((error as Error).message, /asks to wait 57 s, longer than the 50 s/);
  t.equal(clock.now(), 0);

  gemini.fail({ type: 'rate_limit', retryDelay: '45s' });
  gemini.script({ json: { answer: 'four' } });
  t.same(await ask(client), { answer: 'four' });
  t.ok(clock.now() >= 45_000);
});

t.test(
  'the delay is read from RetryInfo, else from the message, and per-day quotas are named',
  async (t) => {
    const body = (details: unknown[], message = 'Quota exceeded.') =>
      JSON.stringify({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message, details } });
    t.equal(
      parseErrorBody(
        body([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '33s' }]),
      )?.retryDelayMs,
      33_000,
    );
    t.equal(
      parseErrorBody(body([], 'Quota exceeded.\nPlease retry in 33.434292646s.'))?.retryDelayMs,
      33_434,
      'some 429s carry the delay only in their message',
    );
    t.equal(parseErrorBody(body([]))?.retryDelayMs, null);
    const quota = (quotaId: string) =>
      parseErrorBody(
        body([
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId }] },
        ]),
      )?.dailyQuota;
    t.equal(
      quota('GenerateRequestsPerDayPerProjectPerModel-FreeTier'),
      'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
    );
    t.equal(quota('GenerateContentInputTokensPerModelPerMinute-FreeTier'), null);
  },
);

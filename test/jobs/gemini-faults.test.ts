/**
 * How a claim fares when Gemini misbehaves: down, inventing a total, or answering 429. Runs the
 * real SDK against the fake Gemini on the repository's sample claim (samples/), so these run in
 * any clone; gemini-mode.test.ts checks the decisions on the IAI dataset.
 */
import t from 'tap';
import { startFakeGemini, userText } from '../fakes/gemini-server.js';
import {
  sampleInvoiceAnswer,
  samplePolicyRules,
  sampleResponder,
  startSampleGemini,
} from '../fakes/sample-gemini.js';
import { buildTestApp } from '../helpers/app.js';
import { sampleClaim, sampleZipInvoices } from '../helpers/claims.js';

const analyse = async (app: Awaited<ReturnType<typeof buildTestApp>>) =>
  (
    await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: sampleClaim() })
  ).json();

const geminiEnv = (gemini: { apiKey: string; url: string }, more: Record<string, string> = {}) => ({
  GEMINI_API_KEY: gemini.apiKey,
  GEMINI_BASE_URL: gemini.url,
  ...more,
});

t.test(
  'when Gemini is down, documents fail with llm_unavailable and nothing is invented',
  async (t) => {
    const gemini = await startSampleGemini();
    t.teardown(() => gemini.close());
    const app = await buildTestApp(t, { env: geminiEnv(gemini, { GEMINI_MAX_RETRIES: '0' }) });

    gemini.fail({ type: 'internal' }, { times: 1000, method: 'generateContent' });
    const policyDown = await analyse(app);
    t.equal(policyDown.state, 'failed', 'no rules, no decisions: the job fails as a whole');
    t.equal(policyDown.error.code, 'model_unavailable');
    t.same(policyDown.results, []);

    // A model that compiled the policy, then goes down: every invoice call fails.
    const healthy = await startSampleGemini();
    t.teardown(() => healthy.close());
    const app2 = await buildTestApp(t, { env: geminiEnv(healthy, { GEMINI_MAX_RETRIES: '0' }) });
    const first = await analyse(app2);
    t.equal(first.state, 'succeeded');
    healthy.fail({ type: 'unavailable' }, { times: 1000, method: 'generateContent' });
    const down = await analyse(app2);
    t.equal(down.state, 'succeeded', 'the job ends; each document reports its own failure');
    t.equal(down.summary.analysed, 0);
    t.equal(down.results.length, sampleZipInvoices().length);
    for (const result of down.results) {
      t.match(
        result,
        { outcome: 'failed', status: null, reimbursable: null, error: { code: 'llm_unavailable' } },
        result.name,
      );
    }
  },
);

t.test(
  'a total the model reports but the document never prints is flagged low_confidence',
  async (t) => {
    const [invented, honest] = sampleZipInvoices();
    if (!invented || !honest) throw new Error('the sample claim has at least two invoices');
    const truthful = sampleResponder(await samplePolicyRules());
    const gemini = await startFakeGemini({
      respond: (request) =>
        userText(request).includes(`${invented.file} (`)
          ? sampleInvoiceAnswer({ ...invented, claimed_minor: invented.claimed_minor + 1100 })
          : truthful(request),
    });
    t.teardown(() => gemini.close());
    const app = await buildTestApp(t, { env: geminiEnv(gemini) });
    const job = await analyse(app);
    const inventedResult = job.results.find((r: { name: string }) => r.name === invented.file);
    t.ok(inventedResult.flags.includes('low_confidence'), 'flagged for a person to check');
    t.equal(inventedResult.fields.total_minor.confidence, 0.2);
    const honestResult = job.results.find((r: { name: string }) => r.name === honest.file);
    t.notOk(honestResult.flags.includes('low_confidence'));
  },
);

t.test(
  'a burst of 429s slows the claim down and fails no document, even with no retries to spare',
  async (t) => {
    const gemini = await startSampleGemini({ latencyMs: 20 });
    t.teardown(() => gemini.close());
    const invoices = sampleZipInvoices().length;
    const env = geminiEnv(gemini, { GEMINI_MAX_RETRIES: '0', GEMINI_CONCURRENCY: '8' });
    const app = await buildTestApp(t, { env });
    // More rejections than there are invoices: every read is refused at least once on average.
    const rejections = invoices * 2;
    gemini.fail(
      { type: 'rate_limit', retryDelay: '0.05s' },
      { times: rejections, method: 'generateContent' },
    );
    const job = await analyse(app);
    t.equal(job.state, 'succeeded');
    t.equal(gemini.pending.faults, 0, `all ${rejections} rejections were met`);
    t.equal(
      job.summary.analysed,
      invoices,
      job.results
        .filter((r: { outcome: string }) => r.outcome === 'failed')
        .map((r: { error: unknown }) => JSON.stringify(r.error))
        .join('; '),
    );
    t.equal(job.summary.failed, 0);

    // A quota that never comes back: the claim ends, each document failed with llm_unavailable.
    const app2 = await buildTestApp(t, { env: { ...env, GEMINI_RATE_LIMIT_WAIT_MS: '300' } });
    const first = await analyse(app2);
    t.equal(first.state, 'succeeded', 'the policy is compiled while the quota lasts');
    gemini.fail(
      { type: 'rate_limit', retryDelay: '0.05s' },
      { times: 100_000, method: 'generateContent' },
    );
    const exhausted = await analyse(app2);
    t.equal(exhausted.state, 'succeeded', 'the job ends; each document reports its own failure');
    t.equal(exhausted.summary.failed, invoices);
    for (const result of exhausted.results)
      t.match(
        result,
        { outcome: 'failed', error: { code: 'llm_unavailable', message: /429/ } },
        result.name,
      );
  },
);

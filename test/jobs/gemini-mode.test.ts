import t from 'tap';
import { startIaiGemini } from '../fakes/iai-gemini.js';
import { buildTestApp } from '../helpers/app.js';
import { iaiClaim } from '../helpers/claims.js';
import { requireDataset } from '../helpers/datasets.js';
import { loadIaiLabels } from '../helpers/iai-dataset.js';

requireDataset('iai-2024');

t.test(
  'with Gemini: one call per invoice plus one per distinct policy, results as labelled',
  async (t) => {
    const labels = await loadIaiLabels();
    const gemini = await startIaiGemini(labels);
    t.teardown(() => gemini.close());
    const app = await buildTestApp(t, {
      env: {
        GEMINI_API_KEY: gemini.apiKey,
        GEMINI_BASE_URL: gemini.url,
      },
    });

    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      payload: iaiClaim(),
    });
    t.equal(res.statusCode, 200, res.body.slice(0, 300));
    const job = res.json();
    for (const label of labels) {
      const result = job.results.find((r: { name: string }) => r.name === label.file);
      t.equal(result?.status, label.expected_status, label.file);
      t.equal(result?.reimbursable.amount_minor, label.expected_reimbursable_minor, label.file);
    }
    const generate = gemini.requests.filter((r) => r.method === 'generateContent');
    t.equal(generate.length, 19, '18 invoices + 1 policy');
    t.equal(
      job.usage.model_calls,
      generate.length + gemini.requests.filter((r) => r.method === 'batchEmbedContents').length,
      'usage counted per job',
    );
    t.equal(job.policy.compiled_by, 'gemini');

    // The same policy again: compiled rules come from the cache, no new policy call.
    const before = gemini.requests.length;
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      payload: iaiClaim({ force: 'true' }),
    });
    t.equal(again.statusCode, 200);
    t.equal(
      gemini.requests.slice(before).filter((r) => r.method === 'generateContent').length,
      18,
      'no second policy call',
    );

    const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
    const model = health.json().checks.find((c: { name: string }) => c.name === 'model');
    t.match(model, {
      state: 'up',
      info: {
        kind: 'gemini',
        policy_model: 'gemini-3.8-flash',
        embedding_model: 'gemini-embedding-001',
      },
    });
  },
);

t.test(
  'when Gemini is down, documents fail with llm_unavailable and nothing is invented',
  async (t) => {
    const labels = await loadIaiLabels();
    const gemini = await startIaiGemini(labels);
    t.teardown(() => gemini.close());
    const env = {
      GEMINI_API_KEY: gemini.apiKey,
      GEMINI_BASE_URL: gemini.url,
      GEMINI_MAX_RETRIES: '0',
    };
    const app = await buildTestApp(t, { env });

    gemini.fail({ type: 'internal' }, { times: 1000, method: 'generateContent' });
    const policyDown = (
      await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: iaiClaim() })
    ).json();
    t.equal(policyDown.state, 'failed', 'no rules, no decisions: the job fails as a whole');
    t.equal(policyDown.error.code, 'model_unavailable');
    t.same(policyDown.results, []);

    // A model that compiled the policy, then goes down: every invoice call fails.
    const healthy = await startIaiGemini(labels);
    t.teardown(() => healthy.close());
    const app2 = await buildTestApp(t, {
      env: { ...env, GEMINI_API_KEY: healthy.apiKey, GEMINI_BASE_URL: healthy.url },
    });
    const first = await app2.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      payload: iaiClaim(),
    });
    t.equal(first.json().state, 'succeeded');
    healthy.fail({ type: 'unavailable' }, { times: 1000, method: 'generateContent' });
    const down = (
      await app2.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        payload: iaiClaim({ force: 'true' }),
      })
    ).json();
    t.equal(down.state, 'succeeded', 'the job ends; each document reports its own failure');
    t.equal(down.summary.analysed, 0);
    t.equal(down.results.length, 18);
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
    const labels = await loadIaiLabels();
    const gemini = await startIaiGemini(
      labels.map((label) =>
        label.file === 'Meal Invoice 4.pdf' ? { ...label, total_minor: 9900 } : label,
      ),
    );
    t.teardown(() => gemini.close());
    const app = await buildTestApp(t, {
      env: {
        GEMINI_API_KEY: gemini.apiKey,
        GEMINI_BASE_URL: gemini.url,
      },
    });
    const job = (
      await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: iaiClaim() })
    ).json();
    const invented = job.results.find((r: { name: string }) => r.name === 'Meal Invoice 4.pdf');
    t.ok(invented.flags.includes('low_confidence'), 'flagged for a person to check');
    t.equal(invented.fields.total_minor.confidence, 0.2);
    const honest = job.results.find((r: { name: string }) => r.name === 'Meal Invoice 7.pdf');
    t.notOk(honest.flags.includes('low_confidence'));
  },
);

t.test(
  'a burst of 429s slows the claim down and fails no document, even with no retries to spare',
  async (t) => {
    const labels = await loadIaiLabels();
    const gemini = await startIaiGemini(labels, { latencyMs: 20 });
    t.teardown(() => gemini.close());
    const env = {
      GEMINI_API_KEY: gemini.apiKey,
      GEMINI_BASE_URL: gemini.url,
      GEMINI_MAX_RETRIES: '0',
      GEMINI_CONCURRENCY: '8',
    };
    const app = await buildTestApp(t, { env });
    // More rejections than there are invoices: every read is refused at least once on average.
    gemini.fail(
      { type: 'rate_limit', retryDelay: '0.05s' },
      { times: 30, method: 'generateContent' },
    );
    const job = (
      await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: iaiClaim() })
    ).json();
    t.equal(job.state, 'succeeded');
    t.equal(gemini.pending.faults, 0, 'all 30 rejections were met');
    t.equal(
      job.summary.analysed,
      18,
      job.results
        .filter((r: { outcome: string }) => r.outcome === 'failed')
        .map((r: { error: unknown }) => JSON.stringify(r.error))
        .join('; '),
    );
    t.equal(job.summary.failed, 0);

    // A quota that never comes back: the claim ends, each document failed with llm_unavailable.
    const app2 = await buildTestApp(t, { env: { ...env, GEMINI_RATE_LIMIT_WAIT_MS: '300' } });
    const first = (
      await app2.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        payload: iaiClaim({ force: 'true' }),
      })
    ).json();
    t.equal(first.state, 'succeeded', 'the policy is compiled while the quota lasts');
    gemini.fail(
      { type: 'rate_limit', retryDelay: '0.05s' },
      { times: 100_000, method: 'generateContent' },
    );
    const exhausted = (
      await app2.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        payload: iaiClaim({ force: 'true' }),
      })
    ).json();
    t.equal(exhausted.state, 'succeeded', 'the job ends; each document reports its own failure');
    t.equal(exhausted.summary.failed, 18);
    for (const result of exhausted.results)
      t.match(
        result,
        { outcome: 'failed', error: { code: 'llm_unavailable', message: /429/ } },
        result.name,
      );
  },
);

/**
 * The IAI dataset end to end through the real SDK and the fake Gemini: the decisions as labelled,
 * one model call per invoice and one per policy. Faults are in gemini-faults.test.ts.
 */
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

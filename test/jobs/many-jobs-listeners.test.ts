/**
 * Many jobs in one process, each with many documents and model calls in flight, never trip
 * Node's MaxListenersExceededWarning: the worker's shutdown signal gets one listener per running
 * job (removed when it ends), and model calls no longer leave the SDK's listeners behind.
 */

import t from 'tap';
import { startIaiGemini } from '../fakes/iai-gemini.js';
import { buildTestApp } from '../helpers/app.js';
import { iaiClaim } from '../helpers/claims.js';
import { requireDataset } from '../helpers/datasets.js';
import { loadIaiLabels } from '../helpers/iai-dataset.js';

requireDataset('iai-2024');

t.test(
  'claims run one after another and side by side without a MaxListenersExceededWarning',
  async (t) => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => {
      if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning);
    };
    process.on('warning', onWarning);
    t.teardown(() => void process.off('warning', onWarning));

    const labels = await loadIaiLabels();
    const gemini = await startIaiGemini(labels, { latencyMs: 10 });
    t.teardown(() => gemini.close());
    const app = await buildTestApp(t, {
      // 18 documents at once with 4 model slots: most calls wait in the queue, each holding a listener.
      env: {
        GEMINI_API_KEY: gemini.apiKey,
        GEMINI_BASE_URL: gemini.url,
        DOCUMENT_CONCURRENCY: '18',
        GEMINI_CONCURRENCY: '4',
        JOB_CONCURRENCY: '2',
      },
    });
    const analyse = async (force: boolean) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/analyze-invoices',
          payload: iaiClaim(force ? { force: 'true' } : {}),
        })
      ).json();

    const jobs = [
      await analyse(false),
      await analyse(true),
      ...(await Promise.all([analyse(true), analyse(true)])),
    ];
    for (const job of jobs) {
      t.equal(job.state, 'succeeded');
      t.equal(job.summary.analysed, 18);
    }
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    t.same(
      warnings.map((warning) => warning.message),
      [],
      'no MaxListenersExceededWarning',
    );
  },
);

/**
 * Many jobs in one process, each with many documents and model calls in flight, never trip
 * Node's MaxListenersExceededWarning: the worker's shutdown signal gets one listener per running
 * job (removed when it ends), and model calls no longer leave the SDK's listeners behind.
 */

import { resolve } from 'node:path';
import t from 'tap';
import { startSampleGemini } from '../fakes/sample-gemini.js';
import { buildTestApp } from '../helpers/app.js';
import { claimForm, SAMPLES_DIR, sampleExpected, sampleZipEntries } from '../helpers/claims.js';
import { makeZip } from '../ingest/ingest-fixtures.js';

/**
 * The sample ZIP's invoices twice over, the copies in a folder of their own with a byte more (so
 * each is a document of its own, not the same file): more model calls in flight at once than
 * Node's default of 10 listeners, which is what a leak per call or per document would exceed.
 */
async function doubledClaim() {
  const entries = await sampleZipEntries();
  const zip = await makeZip([
    ...entries,
    ...entries.map((entry) => ({
      name: `again/${entry.name}`,
      data: Buffer.concat([entry.data, Buffer.from('\n')]),
    })),
  ]);
  const { employee_name, claim_date } = sampleExpected();
  return {
    documents: entries.length * 2,
    form: (fields: Record<string, string>) =>
      claimForm({ employee_name, claim_date, ...fields }, [
        { field: 'policy_file', path: resolve(SAMPLES_DIR, 'policy.pdf') },
        { field: 'invoices_zip', bytes: zip, name: 'doubled.zip', type: 'application/zip' },
      ]),
  };
}

t.test(
  'claims run one after another and side by side without a MaxListenersExceededWarning',
  async (t) => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => {
      if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning);
    };
    process.on('warning', onWarning);
    t.teardown(() => void process.off('warning', onWarning));

    const { documents, form } = await doubledClaim();
    const gemini = await startSampleGemini({ latencyMs: 10 });
    t.teardown(() => gemini.close());
    const app = await buildTestApp(t, {
      // Every document at once with 4 model slots: most calls wait in the queue, each holding a listener.
      env: {
        GEMINI_API_KEY: gemini.apiKey,
        GEMINI_BASE_URL: gemini.url,
        DOCUMENT_CONCURRENCY: String(documents),
        GEMINI_CONCURRENCY: '4',
        JOB_CONCURRENCY: '2',
      },
    });
    const analyse = async (force: boolean) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/analyze-invoices',
          payload: form(force ? { force: 'true' } : {}),
        })
      ).json();

    const jobs = [
      await analyse(false),
      await analyse(true),
      ...(await Promise.all([analyse(true), analyse(true)])),
    ];
    for (const job of jobs) {
      t.equal(job.state, 'succeeded');
      t.equal(job.summary.analysed, documents);
    }
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    t.same(
      warnings.map((warning) => warning.message),
      [],
      'no MaxListenersExceededWarning',
    );
  },
);

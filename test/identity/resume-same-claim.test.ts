/**
 * Invoices are keyed by claim and file: a job run again (resumed after a crash between storing
 * its invoices and saving its end) finds its own records and stores nothing twice, and is not
 * taken for a copy of itself; another job with the same files gets records of its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { ModelProvider } from '../../src/ai/provider.js';
import type { Job } from '../../src/domain/jobs.js';
import type { InvoiceFields } from '../../src/domain/types.js';
import { type AnalysisDeps, runAnalysisJob } from '../../src/pipeline/analysis-job.js';
import type { DocumentReader, ReadDocument } from '../../src/pipeline/types.js';
import { invoiceId } from '../../src/store/invoice-key.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { SqliteJobStore } from '../../src/store/sqlite/job-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { rulesV2 } from '../helpers/rules-v2-builders.js';
import { makeJob } from '../store/state/fixtures.js';

const RULES = {
  ...rulesV2({ currency: 'EUR' }),
  schema_version: 2,
  categories: [
    {
      id: 'meal.eligible',
      category: 'meal',
      label: 'Meals',
      eligible: true,
      source: { quote: 'Meals.', page: 1 },
    },
  ],
};

const receipt = (name: string, total: number): ReadDocument => ({
  name,
  path: `/nowhere/${name}`,
  media_type: 'application/pdf',
  sha256: `${name.length}`.padStart(64, 'a'),
  size_bytes: 100,
  page_count: 1,
  pages: [`Bistro\nTotal ${total / 100}`],
  ocr: false,
});

function fields(total: number): InvoiceFields {
  const f = <T>(value: T) => ({ value, confidence: 0.95, page: 1 });
  return {
    vendor: f('Bistro'),
    invoice_number: f(null),
    date: f('2026-05-04'),
    currency: f('EUR'),
    category: f('meal'),
    person_name: f(null),
    line_items: [],
    subtotal_minor: f(null),
    tax_minor: f(null),
    total_minor: f(total),
    extracted_by: 'offline',
  };
}

t.test(
  'a job run again keeps its records; another claim of the same file has its own',
  async (t) => {
    const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
    t.teardown(() => db.close());
    const jobs = new SqliteJobStore({ db });
    const invoices = new SqliteInvoiceStore({ database: db });
    const documents = [receipt('lunch.pdf', 2600)];
    const provider: ModelProvider = {
      name: 'offline',
      compilePolicy: async () => {
        throw new Error('a rules file is never compiled');
      },
      extractInvoice: async () => fields(2600),
      usage: () => ({ model_calls: 0, prompt_tokens: 0, output_tokens: 0 }),
      scoped: () => provider,
    };
    const reader: DocumentReader = {
      readPolicy: async () => ({ kind: 'rules', raw: RULES, sha256: 'sha-rules' }),
      readDocuments: async () => ({ documents, problems: [] }),
    };
    const deps: AnalysisDeps = {
      jobs,
      invoices,
      provider,
      reader,
      policies: { get: async () => null, set: async () => undefined },
      options: { documentConcurrency: 1, lowConfidenceBelow: 0.6 },
    };
    const run = async (id: string): Promise<Job> => {
      const workDir = mkdtempSync(join(tmpdir(), 'resume-same-claim-'));
      t.teardown(() => rmSync(workDir, { recursive: true, force: true }));
      writeFileSync(join(workDir, 'policy.json'), '{}');
      const base = makeJob(id);
      const existing = await jobs.get(id);
      if (existing) {
        // As a crash after the invoices were stored leaves it: running, its records in the store.
        await jobs.save({
          ...(existing as Job),
          state: 'running',
          input: { ...base.input, work_dir: workDir },
        });
      } else {
        await jobs.create(
          makeJob(id, {
            input: {
              ...base.input,
              employee_id: 'e-1',
              claim_date: '2026-05-31',
              work_dir: workDir,
              policy_file: {
                path: join(workDir, 'policy.json'),
                file_name: 'policy.json',
                media_type: 'application/json',
              },
            },
          }),
        );
      }
      await runAnalysisJob(id, deps);
      const done = (await jobs.get(id)) as Job;
      t.equal(done.state, 'succeeded', JSON.stringify(done.error));
      return done;
    };

    const first = await run('job-1');
    const [result] = first.results;
    t.equal(result?.invoice_id, invoiceId('job-1', documents[0]?.sha256 ?? ''));
    const again = await run('job-1');
    t.same(
      again.results.map((r) => r.invoice_id),
      [result?.invoice_id],
      'the same record as before the crash',
    );
    t.equal(again.results[0]?.duplicate_of, null, 'not a copy of itself');
    t.notOk(again.results[0]?.flags.includes('possible_duplicate'));
    t.equal(again.summary?.reimbursable_minor, 2600);
    t.equal((await invoices.list({}, { limit: 10 })).items.length, 1, 'stored once');

    const other = await run('job-2');
    t.not(other.results[0]?.invoice_id, result?.invoice_id, 'another claim, another record');
    t.equal(other.results[0]?.duplicate_of, result?.invoice_id);
    t.equal(other.summary?.reimbursable_minor, 0, 'counted once');
    // job-1 resumed once more, after job-2 stored its copy: job-1 is still the original.
    const third = await run('job-1');
    t.equal(third.results[0]?.duplicate_of, null, 'the later copy is not taken for an original');
    t.equal((await invoices.list({}, { limit: 10 })).items.length, 2);
  },
);

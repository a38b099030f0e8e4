/**
 * A job resumed after a crash announces each document once: a client replaying the stream from
 * the start must not see doubles. And the last `progress` event agrees with `done`, reused
 * documents included.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { ModelProvider } from '../../src/ai/provider.js';
import type { Job, JobEvent } from '../../src/domain/jobs.js';
import { parsePolicyRules } from '../../src/domain/policy-rules.js';
import type { InvoiceFields } from '../../src/domain/types.js';
import { type AnalysisDeps, runAnalysisJob } from '../../src/pipeline/analysis-job.js';
import type { DocumentReader, ReadDocument } from '../../src/pipeline/types.js';
import type { NewJobEvent } from '../../src/store/ports.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { SqliteJobStore } from '../../src/store/sqlite/job-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { IAI_RULES } from '../fakes/iai-gemini.js';
import { makeJob } from '../store/state/fixtures.js';

const RULES = parsePolicyRules(IAI_RULES, { policy_hash: 'policy-sha', compiled_by: 'gemini' });
const field = <T>(value: T) => ({ value, confidence: 0.95, page: 1 });

function receipt(workDir: string, index: number): ReadDocument {
  const name = `receipt-${index}.pdf`;
  return {
    name,
    path: join(workDir, name),
    media_type: 'application/pdf',
    sha256: `resume-sha-${index}`,
    size_bytes: 100,
    page_count: 1,
    pages: [`Cafe ${index}\nDate 2025-01-10\nTotal ${100 + index}.00`],
    ocr: false,
  };
}

function fieldsFor(document: { pages: string[] }): InvoiceFields {
  const total = Number(/Total (\d+)\.00/.exec(document.pages.join('\n'))?.[1]);
  return {
    vendor: field('Cafe'),
    invoice_number: field(null),
    date: field('2025-01-10'),
    currency: field('INR'),
    category: field('meal'),
    person_name: field(null),
    line_items: [],
    subtotal_minor: field(null),
    tax_minor: field(null),
    total_minor: field(total * 100),
    extracted_by: 'gemini',
  };
}

/** Stores shared by every run (they are what survives a crash) and a fresh job over documents. */
function world(t: Test, documentCount: number) {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const jobs = new SqliteJobStore({ db });
  const invoices = new SqliteInvoiceStore({ database: db });
  const cache = new Map<string, typeof RULES>();
  const extractions: string[] = [];
  const provider: ModelProvider = {
    name: 'gemini',
    compilePolicy: async () => RULES,
    async extractInvoice(document) {
      extractions.push(document.name);
      return fieldsFor(document);
    },
    usage: () => ({ model_calls: extractions.length, prompt_tokens: 0, output_tokens: 0 }),
    scoped: () => provider,
  };
  const newJob = async (id: string, indexes: number[]) => {
    const workDir = mkdtempSync(join(tmpdir(), 'resume-events-'));
    t.teardown(() => rmSync(workDir, { recursive: true, force: true }));
    writeFileSync(join(workDir, 'policy.txt'), 'Meals up to 200 per meal.');
    const documents = indexes.map((index) => receipt(workDir, index));
    const reader: DocumentReader = {
      readPolicy: async () => ({
        kind: 'text',
        policy: { file_name: 'policy.txt', sha256: 'policy-sha', pages: ['Meals.'] },
      }),
      readDocuments: async () => ({ documents, problems: [] }),
    };
    const base = makeJob(id);
    const job: Job = makeJob(id, {
      input: {
        ...base.input,
        work_dir: workDir,
        policy_file: {
          path: join(workDir, 'policy.txt'),
          file_name: 'policy.txt',
          media_type: 'text/plain',
        },
      },
    });
    await jobs.create(job);
    const deps: AnalysisDeps = {
      jobs,
      invoices,
      provider,
      reader,
      policies: {
        get: async (hash) => cache.get(hash) ?? null,
        set: async (hash, _compiler, rules) => void cache.set(hash, rules),
      },
      options: { documentConcurrency: 2, lowConfidenceBelow: 0.6 },
    };
    return { job, deps };
  };
  return { jobs, newJob, documentCount };
}

const names = (events: JobEvent[], type: string) =>
  events.filter((event) => event.type === type).map((event) => String(event.data.name));

t.test('a job resumed after a crash appends no document event twice', async (t) => {
  const { jobs, newJob } = world(t, 4);
  const { job, deps } = await newJob('job-crash', [1, 2, 3, 4]);

  // The process dies while announcing results: after the second document event is written.
  const crash = new AbortController();
  let documentEvents = 0;
  const crashing: AnalysisDeps = {
    ...deps,
    jobs: Object.assign(Object.create(jobs) as SqliteJobStore, {
      appendEvent: async (id: string, event: NewJobEvent) => {
        const stored = await jobs.appendEvent(id, event);
        if (event.type === 'document' && ++documentEvents === 2) {
          crash.abort(new Error('killed'));
          throw new Error('killed');
        }
        return stored;
      },
    }),
  };
  await t.rejects(runAnalysisJob(job.id, crashing, crash.signal));
  const beforeResume = await jobs.events(job.id, 0);
  t.equal(names(beforeResume, 'document').length, 2, 'two documents announced before the crash');
  t.equal((await jobs.get(job.id))?.state, 'running', 'the job is left running, to be resumed');

  await runAnalysisJob(job.id, deps);
  const events = await jobs.events(job.id, 0);
  const announced = names(events, 'document');
  t.same(
    [...announced].sort(),
    ['receipt-1.pdf', 'receipt-2.pdf', 'receipt-3.pdf', 'receipt-4.pdf'],
    'every document announced exactly once over both runs',
  );
  t.same(announced.slice(0, 2), names(beforeResume, 'document'), 'the first two kept their place');
  const done = events.filter((event) => event.type === 'done');
  t.equal(done.length, 1);
  t.match(done[0]?.data, { state: 'succeeded', counts: { total: 4, done: 4, analysed: 4 } });
  t.same(
    events.map((event) => event.seq),
    events.map((_, index) => index + 1),
    'sequence numbers stay gapless',
  );
});

t.test(
  'the last progress event agrees with done, for a copy of an earlier claim’s document too',
  async (t) => {
    const { jobs, newJob } = world(t, 2);
    const first = await newJob('job-first', [1]);
    await runAnalysisJob(first.job.id, first.deps);
    // The same file again, in a later claim, plus a new one: the first is decided again, as a copy.
    const second = await newJob('job-second', [1, 2]);
    await runAnalysisJob(second.job.id, second.deps);
    for (const id of [first.job.id, second.job.id]) {
      const events = await jobs.events(id, 0);
      const last = events.filter((event) => event.type === 'progress').at(-1);
      const done = events.find((event) => event.type === 'done');
      const { stage, ...counts } = last?.data ?? {};
      t.same(
        counts,
        (done?.data as { counts?: unknown } | undefined)?.counts,
        `${id}: same counts`,
      );
      t.equal(stage, 'decided', `${id}: the last step is the decision`);
      t.ok(
        events.indexOf(last as JobEvent) > events.findLastIndex((e) => e.type === 'document'),
        'after every document',
      );
    }
    const reusedJob = await jobs.events(second.job.id, 0);
    t.match(reusedJob.find((event) => event.type === 'done')?.data, {
      counts: { total: 2, done: 2, analysed: 2, failed: 0 },
    });
    const reusedAnnounced = reusedJob.find(
      (event) => event.type === 'document' && event.data.name === 'receipt-1.pdf',
    );
    t.equal(reusedAnnounced?.data.reused, false);
    t.equal(typeof reusedAnnounced?.data.duplicate_of, 'string', 'announced as a copy');
  },
);

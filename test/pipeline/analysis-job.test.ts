/**
 * runAnalysisJob with its ports faked in-process (reader, provider, policy cache) and the real
 * SQLite job and invoice stores: the policy is compiled while the documents are read, a failure of
 * either ends the job cleanly, and extracted documents are checkpointed one file each, so the job
 * record does not grow with the claim and a restarted job pays for nothing twice.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { ModelProvider, PolicyText } from '../../src/ai/provider.js';
import type { ExtractedDocument, Job } from '../../src/domain/jobs.js';
import { parsePolicyRules } from '../../src/domain/policy-rules.js';
import type { InvoiceFields, PolicyRules } from '../../src/domain/types.js';
import { type AnalysisDeps, runAnalysisJob } from '../../src/pipeline/analysis-job.js';
import { CHECKPOINT_FOLDER, ExtractionCheckpoints } from '../../src/pipeline/checkpoints.js';
import type { DocumentReader, ReadDocument } from '../../src/pipeline/types.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { SqliteJobStore } from '../../src/store/sqlite/job-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { IAI_RULES } from '../fakes/iai-gemini.js';
import { makeJob } from '../store/state/fixtures.js';

const RULES: PolicyRules = parsePolicyRules(IAI_RULES, {
  policy_hash: 'policy-sha',
  compiled_by: 'gemini',
});
const POLICY: PolicyText = {
  file_name: 'policy.txt',
  sha256: 'policy-sha',
  pages: ['Meals up to 200 per meal.'],
};

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

function receipt(workDir: string, index: number): ReadDocument {
  const name = `receipt-${String(index).padStart(3, '0')}.pdf`;
  return {
    name,
    path: join(workDir, name),
    media_type: 'application/pdf',
    sha256: `sha-${index}`,
    size_bytes: 100,
    page_count: 1,
    // A long text, as real invoices have: it is what made every save of the record grow.
    pages: [
      `Cafe ${index}\nDate 2025-01-10\n${'Masala dosa 1 x 50.00\n'.repeat(40)}Total ${100 + index}.00`,
    ],
    ocr: false,
  };
}

const field = <T>(value: T) => ({ value, confidence: 0.95, page: 1 });

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

interface Harness {
  deps: AnalysisDeps;
  jobs: SqliteJobStore;
  job: Job;
  workDir: string;
  documents: ReadDocument[];
  /** Names passed to extractInvoice, in order. */
  extractions: string[];
  /** JSON size of the job record at each save. */
  savedSizes: number[];
  log: string[];
  signals: { policy?: AbortSignal; reading?: AbortSignal };
}

async function harness(
  t: Test,
  options: {
    documents?: number;
    compilePolicy?: (signal?: AbortSignal) => Promise<PolicyRules>;
    readDocuments?: (signal?: AbortSignal) => Promise<void>;
    job?: Partial<Job>;
  } = {},
): Promise<Harness> {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const jobs = new SqliteJobStore({ db });
  const workDir = mkdtempSync(join(tmpdir(), 'analysis-job-'));
  t.teardown(() => rmSync(workDir, { recursive: true, force: true }));
  writeFileSync(join(workDir, 'policy.txt'), 'Meals up to 200 per meal.');
  const documents = Array.from({ length: options.documents ?? 3 }, (_, index) =>
    receipt(workDir, index),
  );
  const log: string[] = [];
  const extractions: string[] = [];
  const savedSizes: number[] = [];
  const signals: Harness['signals'] = {};

  const save = jobs.save.bind(jobs);
  jobs.save = async (job: Job) => {
    savedSizes.push(JSON.stringify(job).length);
    return save(job);
  };
  const provider: ModelProvider = {
    name: 'gemini',
    async compilePolicy(_policy, signal) {
      signals.policy = signal;
      log.push('policy:start');
      const rules = options.compilePolicy ? await options.compilePolicy(signal) : RULES;
      log.push('policy:end');
      return rules;
    },
    async extractInvoice(document) {
      extractions.push(document.name);
      return fieldsFor(document);
    },
    usage: () => ({ model_calls: extractions.length, prompt_tokens: 0, output_tokens: 0 }),
    scoped: () => provider,
  };
  const reader: DocumentReader = {
    readPolicy: async () => ({ kind: 'text', policy: POLICY }),
    async readDocuments(_files, _workDir, signal) {
      signals.reading = signal;
      log.push('reading:start');
      await options.readDocuments?.(signal);
      log.push('reading:end');
      return { documents, problems: [] };
    },
  };
  const cache = new Map<string, PolicyRules>();
  const deps: AnalysisDeps = {
    jobs,
    invoices: new SqliteInvoiceStore({ database: db }),
    provider,
    reader,
    policies: {
      get: async (hash) => cache.get(hash) ?? null,
      set: async (hash, _compiler, rules) => void cache.set(hash, rules),
    },
    options: { documentConcurrency: 4, lowConfidenceBelow: 0.6 },
  };
  const base = makeJob('job-1');
  const job = makeJob('job-1', {
    ...options.job,
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
  return { deps, jobs, job, workDir, documents, extractions, savedSizes, log, signals };
}

async function eventTypes(jobs: SqliteJobStore, id: string): Promise<string[]> {
  return (await jobs.events(id, 0)).map((event) =>
    event.type === 'progress' ? `progress:${String(event.data.stage)}` : event.type,
  );
}

t.test('the policy is compiled while the documents are read', async (t) => {
  const h = await harness(t, {
    compilePolicy: () => wait(150).then(() => RULES),
    readDocuments: () => wait(150),
  });
  await runAnalysisJob(h.job.id, h.deps);
  const job = (await h.jobs.get(h.job.id)) as Job;
  t.equal(job.state, 'succeeded', JSON.stringify(job.error));
  t.equal(job.summary?.analysed, 3);
  t.same(
    h.log.slice(0, 2).sort(),
    ['policy:start', 'reading:start'],
    'both started before either ended',
  );
  const events = await eventTypes(h.jobs, h.job.id);
  t.same(
    events.slice(0, 2),
    ['progress:policy', 'progress:reading'],
    'progress still reports the policy, then the reading',
  );
  t.equal(events.at(-1), 'done');
  t.notOk(existsSync(h.workDir), 'the work dir is removed');
});

t.test(
  'a policy that fails while the documents are read fails the job with its own error, and stops the reading',
  async (t) => {
    const failure = Object.assign(new Error('Gemini is unavailable after 5 attempt(s)'), {
      code: 'model_unavailable',
    });
    const h = await harness(t, {
      compilePolicy: () => wait(30).then(() => Promise.reject(failure)),
      readDocuments: (signal) => wait(60_000, signal),
    });
    const started = performance.now();
    await runAnalysisJob(h.job.id, h.deps);
    t.ok(performance.now() - started < 20_000, 'the reading was stopped, not waited for');
    const job = (await h.jobs.get(h.job.id)) as Job;
    t.equal(job.state, 'failed');
    t.same(
      job.error,
      { code: 'model_unavailable', message: failure.message },
      'the policy error, not the abort of the reading',
    );
    t.equal(h.signals.reading?.aborted, true);
    t.same(h.extractions, []);
    t.equal((await eventTypes(h.jobs, h.job.id)).at(-1), 'done');
    t.notOk(existsSync(h.workDir), 'the work dir is removed after both settled');
  },
);

t.test(
  'a reading that fails while the policy compiles fails the job with the reading error, and aborts the model call',
  async (t) => {
    const h = await harness(t, {
      compilePolicy: (signal) => wait(5_000, signal).then(() => RULES),
      readDocuments: () =>
        wait(30).then(() =>
          Promise.reject(Object.assign(new Error('disk full'), { code: 'ENOSPC' })),
        ),
    });
    await runAnalysisJob(h.job.id, h.deps);
    const job = (await h.jobs.get(h.job.id)) as Job;
    t.equal(job.state, 'failed');
    t.same(job.error, { code: 'ENOSPC', message: 'disk full' });
    t.equal(h.signals.policy?.aborted, true, 'the policy call was aborted');
    t.notOk(existsSync(h.workDir));
  },
);

t.test('a shutdown during the preparation leaves the job running for the next start', async (t) => {
  const h = await harness(t, {
    compilePolicy: (signal) => wait(5_000, signal).then(() => RULES),
    readDocuments: (signal) => wait(5_000, signal),
  });
  const shutdown = new AbortController();
  setTimeout(() => shutdown.abort(new Error('shutting down')), 30);
  await t.rejects(runAnalysisJob(h.job.id, h.deps, shutdown.signal));
  t.equal(((await h.jobs.get(h.job.id)) as Job).state, 'running');
  t.ok(existsSync(h.workDir), 'the uploads stay for the resumed job');
});

t.test(
  'extracted documents are checkpointed one file each; the job record does not grow with them',
  async (t) => {
    const h = await harness(t, { documents: 60 });
    const checkpointDir = join(h.workDir, CHECKPOINT_FOLDER);
    const filesSeen: number[] = [];
    const save = h.jobs.save.bind(h.jobs);
    h.jobs.save = async (job: Job) => {
      if (job.state === 'running' && existsSync(checkpointDir))
        filesSeen.push(readdirSync(checkpointDir).length);
      return save(job);
    };
    await runAnalysisJob(h.job.id, h.deps);
    const job = (await h.jobs.get(h.job.id)) as Job;
    t.equal(job.state, 'succeeded');
    t.equal(job.summary?.analysed, 60);
    t.notOk('checkpoint' in job, 'nothing internal is left on the finished record');
    // Saves while extracting: 60 progress saves, the record about the same size at the last as at the first.
    const running = h.savedSizes.slice(1, -1);
    const [smallest, largest] = [Math.min(...running), Math.max(...running)];
    t.ok(largest - smallest < 200, `record size while running: ${smallest}..${largest} bytes`);
    t.ok(largest < 3_000, `a small record (${largest} bytes), not 60 documents of text`);
    t.same(filesSeen.at(-1), 60, 'one checkpoint file per extracted document');
  },
);

t.test(
  'a restarted job extracts only what its checkpoints miss, including a checkpoint kept on an old record',
  async (t) => {
    const h = await harness(t, { documents: 5, job: { state: 'running' } });
    const checkpoints = new ExtractionCheckpoints(h.workDir);
    const entry = (document: ReadDocument): ExtractedDocument => ({
      name: document.name,
      sha256: document.sha256,
      fields: fieldsFor(document),
      ocr: false,
      text: document.pages.join('\n\n'),
    });
    await checkpoints.save(entry(h.documents[0]!));
    await checkpoints.save(entry(h.documents[1]!));
    // A torn write from a crash: ignored, that document is extracted again.
    writeFileSync(join(h.workDir, CHECKPOINT_FOLDER, 'torn.json'), '{"name": "receipt-');
    // A job saved by the previous version, with its checkpoint on the record.
    await h.jobs.save({
      ...h.job,
      state: 'running',
      policy: RULES,
      checkpoint: { extracted: [entry(h.documents[2]!)] },
    });

    await runAnalysisJob(h.job.id, h.deps);
    const job = (await h.jobs.get(h.job.id)) as Job;
    t.equal(job.state, 'succeeded');
    t.equal(job.summary?.analysed, 5, 'every document decided');
    t.same(
      h.extractions.sort(),
      [h.documents[3]!.name, h.documents[4]!.name],
      'only the two never extracted',
    );
    t.notOk('checkpoint' in job);
  },
);

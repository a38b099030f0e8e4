/**
 * The analysis job: ingest → extract → decide → index, emitting numbered progress events.
 *
 * Resumable: extracted fields are checkpointed (one file per document, in the job's work dir) as
 * each document is read, so a job restarted after a crash extracts only what is missing (no model
 * call is paid twice), decides the whole claim again (pure, so the same answer) and upserts by
 * stable ids, the claim's and the file's (so nothing is stored twice). The job record itself stays small: saving progress
 * costs the same for the first document and the thousandth.
 */
import { setMaxListeners } from 'node:events';
import { rm } from 'node:fs/promises';
import { ExtractionError, type ModelProvider } from '../ai/provider.js';
import type { InvoiceFacts } from '../domain/facts.js';
import { checkFieldsAgainstText } from '../domain/field-checks.js';
import type { DocumentResult, ExtractedDocument, Job } from '../domain/jobs.js';
import type { PolicyRulesV2 } from '../domain/rules/types.js';
import { CATEGORIES, type InvoiceFields } from '../domain/types.js';
import { policyFileRules } from '../policies/policy-file.js';
import type { AuditLog, InvoiceStore, JobStore, PolicyCache } from '../store/ports.js';
import { ExtractionCheckpoints } from './checkpoints.js';
import { mapWithConcurrency } from './concurrency.js';
import { decideAndStore } from './decide-and-store.js';
import { failedCopies, splitInClaimCopies } from './in-claim-copies.js';
import { withDocumentNotes } from './ingest/document-notes.js';
import { claimSummary, failedResult, jobEmployeeId } from './results.js';
import { announcingOnce } from './resume-events.js';
import type { DocumentProblem, DocumentReader, ReadDocument } from './types.js';

export interface AnalysisDeps {
  jobs: JobStore;
  invoices: InvoiceStore;
  provider: ModelProvider;
  reader: DocumentReader;
  policies: PolicyCache;
  options: { documentConcurrency: number; lowConfidenceBelow: number };
  /** Where the end of every job is recorded, with the invoices it wrote (nothing when absent). */
  audit?: AuditLog;
  /** A job that failed as a whole, for the operator's log (the client sees job.error). */
  onJobFailed?: (error: unknown, jobId: string) => void;
}

/**
 * Runs one job. `signal` (the worker's shutdown) usually outlives many jobs, so the job listens to
 * a signal of its own, linked to it by one listener that is removed when the job ends: whatever
 * the job's reads and model calls attach to it goes away with the job.
 */
export async function runAnalysisJob(
  jobId: string,
  deps: AnalysisDeps,
  signal?: AbortSignal,
): Promise<void> {
  const own = jobSignal(signal, deps.options.documentConcurrency);
  try {
    await runJob(jobId, deps, own.signal);
  } finally {
    own.dispose();
  }
}

/**
 * Each document in flight holds at most one abort listener on the job's signal at any moment (in
 * the PDF reader; or queued for a model slot, waiting out a backoff, or in a model call), and the
 * policy compile and the job itself a few more: Node's warning at 10 listeners would fire on every
 * job with more than a handful of documents at once, so the limit is set from that bound.
 */
function jobSignal(
  parent: AbortSignal | undefined,
  documentConcurrency: number,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  setMaxListeners(2 * documentConcurrency + 10, controller.signal);
  if (!parent) return { signal: controller.signal, dispose: () => undefined };
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, dispose: () => parent.removeEventListener('abort', onAbort) };
}

async function runJob(jobId: string, deps: AnalysisDeps, signal: AbortSignal): Promise<void> {
  const job = (await deps.jobs.get(jobId)) as Job | null;
  if (!job || job.state === 'succeeded' || job.state === 'failed') return;
  // Running already: a run before a crash or a stop got some way; its announcements stand.
  const resumed = job.state === 'running';
  job.state = 'running';
  await save(deps, job);
  try {
    await analyse(
      job,
      resumed ? { ...deps, jobs: await announcingOnce(deps.jobs, job.id) } : deps,
      signal,
    );
  } catch (error) {
    if (signal.aborted) throw error; // shutting down: the job stays running and resumes at next start
    deps.onJobFailed?.(error, job.id);
    job.state = 'failed';
    job.error = {
      code: errorCode(error),
      message: error instanceof Error ? error.message : String(error),
    };
    await save(deps, job);
  }
  await recordFinish(deps, job);
  // The uploaded files go before `done` is announced: whoever waits for it finds nothing left behind.
  await rm(job.input.work_dir, { recursive: true, force: true });
  await deps.jobs.appendEvent(job.id, {
    type: 'done',
    data: { state: job.state, counts: job.counts, summary: job.summary, error: job.error },
  });
}

/**
 * The rules a job decides by, always rules v2 (one engine): its managed version's, or compiled
 * from its policy file (policies/policy-file.ts).
 */
type JobPolicy = { kind: 'file' | 'managed'; rules: PolicyRulesV2 };

async function analyse(job: Job, shared: AnalysisDeps, signal?: AbortSignal): Promise<void> {
  const deps = { ...shared, provider: shared.provider.scoped() };
  const { policy, documents, problems } = await prepare(job, deps, signal);
  const { rules } = policy;
  job.policy = rules;
  await progress(deps, job, 'policy');
  job.counts.total = documents.length + problems.length;
  await progress(deps, job, 'reading');

  const failed: DocumentResult[] = problems.map((p) =>
    failedResult(p.name, null, p.code, p.message),
  );
  for (const result of failed)
    await deps.jobs.appendEvent(job.id, { type: 'error', data: { ...result } });

  // The same file twice in one claim (two ZIPs, two folders) is read and decided once; each later
  // copy gets that decision, flagged, and names the first (in-claim-copies.ts). The same file in
  // an earlier claim is decided again for this claim and flagged (decideAndStore).
  const { originals: fresh, copies } = splitInClaimCopies(documents);

  // What a previous run of this job extracted. A job saved by an older version kept it on the
  // record: moved to the checkpoint files before the record forgets it.
  const checkpoints = new ExtractionCheckpoints(job.input.work_dir);
  for (const entry of job.checkpoint?.extracted ?? []) await checkpoints.save(entry);
  delete job.checkpoint;
  const extracted = new Map((await checkpoints.load()).map((e) => [e.name, e]));

  // Unreadable documents are already answered (failed holds nothing else yet), and copies are
  // answered with their first.
  job.counts.done =
    failed.length + copies.length + fresh.filter((document) => extracted.has(document.name)).length;
  job.counts.failed = failed.length;
  await progress(deps, job, 'extracting');
  await mapWithConcurrency(fresh, deps.options.documentConcurrency, async (document) => {
    if (extracted.has(document.name)) return;
    let entry: ExtractedDocument | null = null;
    try {
      const context = {
        // Today's readers pick a v1 category; rules v2 refine it from the facts.
        categories: [...CATEGORIES],
        currency: rules.currency,
        file: { path: document.path, media_type: document.media_type },
        ...(signal ? { signal } : {}),
      };
      const read = await deps.provider.extractInvoice(document, context);
      const facts = await deps.provider.extractInvoiceFacts?.(document, context);
      // Whoever read it, a total the document does not print is not trusted (low_confidence);
      // doubts from reading the file (an embedded e-invoice left unread) join the reader's own.
      const fields = withDocumentNotes(
        checkFieldsAgainstText(read, document.pages, rules.currency),
        document,
      );
      if (fields.total_minor.value === null)
        throw new ExtractionError(
          'extraction_failed',
          'No total amount could be read from the document.',
        );
      entry = {
        name: document.name,
        sha256: document.sha256,
        fields,
        ...(facts ? { facts: withCheckedTotal(facts, fields) } : {}),
        ocr: document.ocr,
        text: document.pages.join('\n\n'),
        pages: document.pages,
      };
    } catch (error) {
      if (signal?.aborted) throw error;
      const code = error instanceof ExtractionError ? error.code : 'extraction_failed';
      const result = failedResult(
        document.name,
        document.sha256,
        code,
        error instanceof Error ? error.message : String(error),
      );
      failed.push(result);
      job.counts.failed = failed.length;
      await deps.jobs.appendEvent(job.id, { type: 'error', data: { ...result } });
    }
    if (entry) {
      // Saved before it counts as done: a crash after this point never pays for it again.
      await checkpoints.save(entry);
      extracted.set(document.name, entry);
    }
    job.counts.done += 1;
    await progress(deps, job, 'extracting');
  });

  const analysed = await decideAndStore(job, policy, [...extracted.values()], copies, deps);
  for (const result of failedCopies(copies, extracted, failed)) {
    failed.push(result);
    await deps.jobs.appendEvent(job.id, { type: 'error', data: { ...result } });
  }
  job.results = sortByName([...failed, ...analysed]);
  job.counts = {
    total: job.results.length,
    done: job.results.length,
    analysed: job.results.filter((r) => r.outcome === 'analysed').length,
    failed: job.results.filter((r) => r.outcome === 'failed').length,
  };
  // The last progress agrees with `done`: every document decided, stored and counted. Not saved
  // here: the save below writes these counts with the results, once.
  await deps.jobs.appendEvent(job.id, {
    type: 'progress',
    data: { stage: 'decided', ...job.counts },
  });
  job.summary = claimSummary(job.results, rules.currency);
  job.usage = deps.provider.usage();
  job.state = 'succeeded';
  await save(deps, job);
}

/** A total the document does not print is doubted in the facts as in the fields (field-checks.ts). */
function withCheckedTotal(facts: InvoiceFacts, fields: InvoiceFields): InvoiceFacts {
  if (facts.total_minor.value !== fields.total_minor.value) return facts;
  const confidence = Math.min(facts.total_minor.confidence, fields.total_minor.confidence);
  return { ...facts, total_minor: { ...facts.total_minor, confidence } };
}

/**
 * Compiles the policy (a model call unless cached) while the documents are read: the call hides
 * the reading. Both must succeed. The first failure stops the other task (its abort is not what
 * is reported) and is thrown only once both have settled, so nothing still writes to the work dir
 * when the caller removes it and no rejection is left unhandled.
 */
async function prepare(
  job: Job,
  deps: AnalysisDeps,
  signal?: AbortSignal,
): Promise<{ policy: JobPolicy; documents: ReadDocument[]; problems: DocumentProblem[] }> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  let failure: { error: unknown } | null = null;
  const failFast = <T>(task: () => Promise<T>): Promise<T> =>
    // Started from a resolved promise: even a task that throws at once becomes a rejection here.
    Promise.resolve()
      .then(task)
      .catch((error: unknown) => {
        failure ??= { error };
        stop.abort(error);
        throw error;
      });
  try {
    const [policy, read] = await Promise.allSettled([
      failFast(() => compilePolicy(job, deps, stop.signal)),
      failFast(() => deps.reader.readDocuments(job.input.files, job.input.work_dir, stop.signal)),
    ]);
    if (policy.status === 'rejected' || read.status === 'rejected')
      throw (failure as { error: unknown } | null)?.error ?? stop.signal.reason;
    return { policy: policy.value, ...read.value };
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function compilePolicy(
  job: Job,
  deps: AnalysisDeps,
  signal?: AbortSignal,
): Promise<JobPolicy> {
  // A managed version's rules were copied into the job when it was accepted.
  if (job.input.policy) return { kind: 'managed', rules: job.input.policy.rules };
  if (!job.input.policy_file)
    throw new Error('The job names neither a policy file nor a managed policy.');
  const input = await deps.reader.readPolicy(job.input.policy_file, signal);
  signal?.throwIfAborted();
  const rules = await policyFileRules(
    input,
    { provider: deps.provider, cache: deps.policies },
    signal,
  );
  return { kind: 'file', rules };
}

/**
 * The audit entry of a job's end: the worker acts for the job's owner, and what it changed is the
 * invoices it wrote.
 */
async function recordFinish(deps: AnalysisDeps, job: Job): Promise<void> {
  if (!deps.audit) return;
  const written = job.results.filter(
    (result) => result.outcome === 'analysed' && !result.reused && result.invoice_id !== null,
  );
  await deps.audit.record({
    actor_sub: SYSTEM_ACTOR.sub,
    actor_name: SYSTEM_ACTOR.name,
    actor_role: SYSTEM_ACTOR.role,
    action: 'job.finish',
    target_type: 'job',
    target_id: job.id,
    request_id: job.input.origin?.request_id ?? job.id,
    client_ip: job.input.origin?.client_ip ?? '',
    details: {
      state: job.state,
      owner_sub: job.owner_sub,
      employee_name: job.input.employee_name,
      employee_id: jobEmployeeId(job),
      force: job.input.force,
      counts: job.counts,
      invoice_ids: written.map((result) => result.invoice_id),
      error: job.error?.code ?? null,
    },
  });
}

/** Who the audit log names for what the analysis worker does on its own. */
export const SYSTEM_ACTOR = {
  sub: 'system:analysis-worker',
  name: 'Analysis worker',
  role: 'system',
} as const;

async function progress(deps: AnalysisDeps, job: Job, stage: string): Promise<void> {
  // The counts as they are now: documents finishing side by side each report their own step.
  const counts = { ...job.counts };
  await save(deps, job);
  await deps.jobs.appendEvent(job.id, { type: 'progress', data: { stage, ...counts } });
}

async function save(deps: AnalysisDeps, job: Job): Promise<void> {
  job.updated_at = new Date().toISOString();
  await deps.jobs.save(job);
}

function sortByName(results: DocumentResult[]): DocumentResult[] {
  return results.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'job_failed';
}

import type { InvoiceFacts } from './facts.js';
import type { PolicyVersionRef } from './policy-versions.js';
import type { PolicyRulesV2 } from './rules/types.js';
import type {
  Decision,
  DocumentErrorCode,
  Flag,
  InvoiceFields,
  Money,
  Outcome,
  PolicyRules,
  Status,
} from './types.js';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** The result of one document of a job: analysed (with a decision) or failed (with a code). */
export interface DocumentResult {
  name: string;
  outcome: Outcome;
  sha256: string | null;
  invoice_id: string | null;
  status: Status | null;
  category: string | null;
  claimed: Money | null;
  reimbursable: Money | null;
  reason: string | null;
  flags: Flag[];
  /**
   * Always false since invoices are keyed by claim: every claim decides its own files (kept so
   * clients reading it go on working).
   */
  reused: boolean;
  /**
   * The earlier invoice (of another claim) this file is a byte-for-byte copy of; null or absent
   * otherwise. Flagged possible_duplicate and left out of the summary's totals.
   */
  duplicate_of?: string | null;
  fields: InvoiceFields | null;
  decision: Decision | null;
  error: { code: DocumentErrorCode; message: string } | null;
  /** The managed policy version it was decided under; null for a policy file (absent before v2). */
  policy_version?: PolicyVersionRef | null;
}

export interface SummaryLine {
  status: Status;
  category: string;
  count: number;
  claimed_minor: number;
  reimbursable_minor: number;
}

export interface JobSummary {
  currency: string;
  documents: number;
  analysed: number;
  failed: number;
  claimed_minor: number;
  reimbursable_minor: number;
  by_status_and_category: SummaryLine[];
  /**
   * Exact copies of invoices claimed earlier (duplicate_of): decided and listed, but not added to
   * claimed_minor, reimbursable_minor or by_status_and_category, so a file is counted once however
   * often it is claimed. Absent on summaries written before.
   */
  copies?: { count: number; claimed_minor: number; reimbursable_minor: number };
}

export interface JobInput {
  /** A label: the name as filed. */
  employee_name: string;
  /**
   * Stable id of the employee (see InvoiceRecord.employee_id); absent on jobs accepted before it
   * existed, read as `name:<normalised employee_name>`.
   */
  employee_id?: string;
  /** ISO date; defaults to the upload date. */
  claim_date: string;
  /** Accepted and recorded for old clients; no effect since every claim decides its own files. */
  force: boolean;
  /** Where the uploaded files live until the job ends (removed afterwards). */
  work_dir: string;
  /** The uploaded policy; null when the claim is decided under a managed policy (`policy`). */
  policy_file: { path: string; file_name: string; media_type: string } | null;
  /**
   * The managed policy version, its rules copied when the claim was accepted: the claim is decided
   * under exactly these rules whatever happens to the version later, by any worker.
   */
  policy?: PolicyVersionRef & { rules: PolicyRulesV2 };
  files: Array<{
    path: string;
    file_name: string;
    media_type: string;
    field: 'invoices_zip' | 'invoice_files';
  }>;
  /** The HTTP request that created the job, named again by the audit entry of its end (none from the CLI). */
  origin?: { request_id: string; client_ip: string };
}

export interface Job {
  id: string;
  owner_sub: string;
  owner_name: string;
  /** The employee the claim is for (input.employee_id), beside owner_sub for access checks. */
  employee_id?: string;
  state: JobState;
  input: JobInput;
  created_at: string;
  updated_at: string;
  counts: { total: number; done: number; analysed: number; failed: number };
  results: DocumentResult[];
  /** The rules the job applied: compiled from its policy file (v1), or its managed version's (v2). */
  policy: PolicyRules | PolicyRulesV2 | null;
  summary: JobSummary | null;
  error: { code: string; message: string } | null;
  usage: { model_calls: number; prompt_tokens: number; output_tokens: number };
  /** Work saved while the job runs, so a restarted job does not pay for it twice. Internal. */
  checkpoint?: { extracted: ExtractedDocument[] };
}

/** Fields read from one document, kept on the job until the claim is decided. */
export interface ExtractedDocument {
  name: string;
  sha256: string;
  fields: InvoiceFields;
  /**
   * Invoice facts v2, from readers that read them; absent otherwise (and in checkpoints written
   * before), when the engine takes the facts migrated from `fields`.
   */
  facts?: InvoiceFacts;
  ocr: boolean;
  text: string;
  /** Text of each page; absent in checkpoints written before pages were kept. */
  pages?: string[];
}

export type JobEventType = 'job' | 'progress' | 'document' | 'error' | 'done';

/** A numbered, persisted event of a job: SSE clients resume after `Last-Event-ID` = seq. */
export interface JobEvent {
  job_id: string;
  seq: number;
  type: JobEventType;
  data: Record<string, unknown>;
  at: string;
}

/** A job as it is accepted: queued, nothing read or decided yet. */
export function queuedJob(
  id: string,
  owner: { sub: string; name: string },
  input: JobInput,
  now: string,
): Job {
  return {
    id,
    owner_sub: owner.sub,
    owner_name: owner.name,
    ...(input.employee_id !== undefined ? { employee_id: input.employee_id } : {}),
    state: 'queued',
    input,
    created_at: now,
    updated_at: now,
    counts: { total: 0, done: 0, analysed: 0, failed: 0 },
    results: [],
    policy: null,
    summary: null,
    error: null,
    usage: { model_calls: 0, prompt_tokens: 0, output_tokens: 0 },
  };
}

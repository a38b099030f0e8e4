import { nameDerivedEmployeeId } from '../domain/access.js';
import type { DecidedInvoice } from '../domain/decide.js';
import { summariseResults } from '../domain/job-summary.js';
import type { DocumentResult, ExtractedDocument, Job, JobSummary } from '../domain/jobs.js';
import { normalizeEmployeeKey } from '../domain/text.js';
import type { DocumentErrorCode, InvoiceRecord, PolicyRules } from '../domain/types.js';

export function failedResult(
  name: string,
  sha256: string | null,
  code: DocumentErrorCode,
  message: string,
): DocumentResult {
  return {
    name,
    outcome: 'failed',
    sha256,
    invoice_id: null,
    status: null,
    category: null,
    claimed: null,
    reimbursable: null,
    reason: null,
    flags: [],
    reused: false,
    duplicate_of: null,
    fields: null,
    decision: null,
    error: { code, message },
    policy_version: null,
  };
}

/** A job result from a stored invoice (an override, when present, is what counts). */
export function resultFromRecord(
  record: InvoiceRecord,
  name: string,
  reused: boolean,
): DocumentResult {
  return {
    name,
    outcome: 'analysed',
    sha256: record.file_sha256,
    invoice_id: record.id,
    status: record.status,
    category: record.category,
    claimed: { amount_minor: record.total_minor, currency: record.currency },
    reimbursable: {
      amount_minor: record.reimbursable_minor,
      currency: record.decision.reimbursable.currency,
    },
    reason: record.override?.reason ?? record.reason,
    flags: record.flags,
    reused,
    duplicate_of: record.duplicate_of ?? null,
    fields: record.fields,
    decision: record.decision,
    error: null,
    policy_version: record.policy_version ?? null,
  };
}

export function buildRecord(input: {
  job: Job;
  rules: Pick<PolicyRules, 'policy_hash'>;
  decided: Pick<DecidedInvoice, 'key' | 'category' | 'decision'>;
  extracted: ExtractedDocument;
  /** The earlier invoice of another claim this file is an exact copy of, if any. */
  duplicateOf?: string | null;
  now: string;
}): InvoiceRecord {
  const { job, rules, decided, extracted, now } = input;
  const { fields } = extracted;
  const { decision } = decided;
  return {
    id: decided.key,
    job_id: job.id,
    owner_sub: job.owner_sub,
    employee_id: jobEmployeeId(job),
    employee_name: job.input.employee_name,
    employee_key: normalizeEmployeeKey(job.input.employee_name),
    file_name: extracted.name,
    file_sha256: extracted.sha256,
    policy_hash: rules.policy_hash,
    policy_version: job.input.policy
      ? {
          policy_id: job.input.policy.policy_id,
          version: job.input.policy.version,
          content_hash: job.input.policy.content_hash,
        }
      : null,
    category: decided.category,
    vendor: fields.vendor.value,
    invoice_number: fields.invoice_number.value,
    invoice_date: fields.date.value,
    currency: decision.claimed.currency,
    total_minor: decision.claimed.amount_minor,
    reimbursable_minor: decision.reimbursable.amount_minor,
    status: decision.status,
    flags: decision.flags,
    reason: decision.reason,
    fields,
    decision,
    override: null,
    duplicate_of: input.duplicateOf ?? null,
    text: extracted.text,
    pages: extracted.pages ?? [extracted.text],
    page_count: extracted.pages?.length ?? 1,
    created_at: now,
    updated_at: now,
  };
}

/**
 * A forced re-analysis replaces the engine's decision, never a reviewer's: an override on the
 * stored invoice stays, and still sets the status and amount that count.
 */
export function keepOverride(record: InvoiceRecord, stored: InvoiceRecord | null): InvoiceRecord {
  const override = stored?.override;
  if (!override) return record;
  return {
    ...record,
    override,
    status: override.status,
    reimbursable_minor: override.reimbursable.amount_minor,
  };
}

/** The employee a job's claim is for: its stable id, or for jobs accepted before ids the name's. */
export function jobEmployeeId(job: Pick<Job, 'input'>): string {
  return job.input.employee_id ?? nameDerivedEmployeeId(job.input.employee_name);
}

/**
 * A claim's totals. An exact copy of an invoice claimed earlier, or of a file filed earlier in the
 * same claim, keeps its own decision (policies send duplicates to review; they do not decline
 * them), but is not added to the totals: a file is paid once however often it is filed. The
 * copies are counted apart, so a reviewer sees what they would add; the document counts still
 * cover every result.
 */
export function claimSummary(
  results: DocumentResult[],
  currency: string,
  isCopy: (result: DocumentResult) => boolean = (result) => Boolean(result.duplicate_of),
): JobSummary {
  const copies = results.filter((result) => result.outcome === 'analysed' && isCopy(result));
  const summary = summariseResults(
    results.filter((result) => !copies.includes(result)),
    currency,
  );
  return {
    ...summary,
    documents: results.length,
    analysed: summary.analysed + copies.length,
    copies: {
      count: copies.length,
      claimed_minor: copies.reduce((sum, r) => sum + (r.claimed?.amount_minor ?? 0), 0),
      reimbursable_minor: copies.reduce((sum, r) => sum + (r.reimbursable?.amount_minor ?? 0), 0),
    },
  };
}

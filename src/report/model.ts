/**
 * The claim report as data: what the PDF and the HTML both print, built from a finished job, the
 * invoices it stored (as they are now: a finance override changes them) and the override entries
 * of the audit log. Pure, so what the report says is tested without drawing anything.
 */
import type { Job } from '../domain/jobs.js';
import type { AppliedRule, InvoiceRecord, Status } from '../domain/types.js';

/** One override of a decision, as the audit log recorded it. */
export interface ReportOverride {
  at: string;
  by: string;
  from: { status: Status; reimbursable_minor: number } | null;
  to: { status: Status; reimbursable_minor: number };
  reason: string;
}

export interface ReportSource {
  job: Job;
  /** The stored invoice of each analysed result, by id: null when it was deleted since. */
  invoices: ReadonlyMap<string, InvoiceRecord | null>;
  /** Overrides of each invoice from the audit log, by invoice id, in any order. */
  overrides: ReadonlyMap<string, ReportOverride[]>;
  generatedAt: string;
}

export interface ReportInvoice {
  invoice_id: string | null;
  name: string;
  vendor: string | null;
  invoice_number: string | null;
  invoice_date: string | null;
  category: string;
  currency: string;
  claimed_minor: number;
  /** What is reimbursed now: the latest override's, else the engine's. */
  status: Status;
  reimbursable_minor: number;
  /** The engine's own decision, kept whatever a reviewer decided since. */
  engine: { status: Status; reimbursable_minor: number };
  reason: string;
  flags: string[];
  rules: AppliedRule[];
  /** Oldest first. */
  overrides: ReportOverride[];
  /** Analysed for this employee before and reused by this claim. */
  reused: boolean;
  /** The invoice this file is an exact copy of: listed, not totalled. */
  duplicate_of: string | null;
  /**
   * The file of this claim it copies, when duplicate_of names one of the claim's own invoices;
   * null for a copy of an earlier claim's invoice (named by id only: that claim may be another
   * employee's).
   */
  copy_of_file: string | null;
  /** The invoice was deleted after the claim: the job's result is printed, nothing more. */
  deleted: boolean;
  /** The original's hash (the thumbnail's source); purged_at once retention deleted it. */
  document: { sha256: string; purged_at: string | null } | null;
}

export interface ReportTotal {
  currency: string;
  count: number;
  claimed_minor: number;
  reimbursable_minor: number;
}

export interface ReportModel {
  job_id: string;
  state: Job['state'];
  employee_name: string;
  claim_date: string;
  submitted_at: string;
  finished_at: string;
  generated_at: string;
  /** Earliest and latest invoice date, when any was read. */
  period: { from: string; to: string } | null;
  policy: { name: string | null; version: string };
  counts: { documents: number; analysed: number; failed: number };
  /** One per currency (a claim is normally in one); copies of earlier claims' invoices left out. */
  totals: ReportTotal[];
  categories: Array<ReportTotal & { category: string }>;
  /** Exact copies of invoices claimed earlier, per currency: counted once, in their first claim. */
  copies: ReportTotal[];
  /** Exact copies of files earlier in this claim, per currency: counted once, as the first. */
  claim_copies: ReportTotal[];
  invoices: ReportInvoice[];
  failed: Array<{ name: string; code: string; message: string }>;
  error: { code: string; message: string } | null;
}

function policyOf(job: Job): ReportModel['policy'] {
  const name = job.policy?.name ?? null;
  const hash = job.policy?.policy_hash?.slice(0, 12);
  const managed = job.input.policy;
  if (managed)
    return { name, version: `version ${managed.version} of managed policy ${managed.policy_id}` };
  const file = job.input.policy_file?.file_name;
  const parts = [file ? `uploaded file ${file}` : 'uploaded with the claim'];
  if (hash) parts.push(`content hash ${hash}`);
  return { name, version: parts.join(', ') };
}

function overridesOf(record: InvoiceRecord | null, logged: ReportOverride[]): ReportOverride[] {
  const sorted = [...logged].sort((a, b) => a.at.localeCompare(b.at));
  const current = record?.override;
  // An override the log does not show (a store that keeps no log, a log trimmed by hand) is
  // still on the invoice: print that one rather than nothing.
  if (current && !sorted.some((entry) => entry.at === current.at)) {
    sorted.push({
      at: current.at,
      by: current.by.name,
      from: null,
      to: { status: current.status, reimbursable_minor: current.reimbursable.amount_minor },
      reason: current.reason,
    });
  }
  return sorted;
}

function addTo<T extends ReportTotal>(map: Map<string, T>, key: string, make: () => T) {
  const existing = map.get(key);
  if (existing) return existing;
  const created = make();
  map.set(key, created);
  return created;
}

export function buildReportModel(source: ReportSource): ReportModel {
  const { job } = source;
  const invoices: ReportInvoice[] = [];
  const failed: ReportModel['failed'] = [];
  const fileOf = new Map(
    job.results.flatMap((result) => (result.invoice_id ? [[result.invoice_id, result.name]] : [])),
  );
  for (const result of job.results) {
    if (result.outcome !== 'analysed' || !result.status || !result.claimed) {
      failed.push({
        name: result.name,
        code: result.error?.code ?? 'failed',
        message: result.error?.message ?? 'The document could not be analysed.',
      });
      continue;
    }
    const id = result.invoice_id;
    const record = id ? (source.invoices.get(id) ?? null) : null;
    const engineAmount = result.reimbursable?.amount_minor ?? 0;
    const fields = record?.fields ?? result.fields;
    invoices.push({
      invoice_id: id,
      name: result.name,
      vendor: record?.vendor ?? fields?.vendor.value ?? null,
      invoice_number: record?.invoice_number ?? fields?.invoice_number.value ?? null,
      invoice_date: record?.invoice_date ?? fields?.date.value ?? null,
      category: result.category ?? record?.category ?? 'other',
      currency: result.claimed.currency,
      claimed_minor: result.claimed.amount_minor,
      status: record?.status ?? result.status,
      reimbursable_minor: record?.reimbursable_minor ?? engineAmount,
      engine: { status: result.status, reimbursable_minor: engineAmount },
      reason: result.reason ?? result.decision?.reason ?? '',
      flags: [...(record?.flags ?? result.flags)],
      rules: result.decision?.rules_applied ?? [],
      overrides: overridesOf(record, (id && source.overrides.get(id)) || []),
      reused: result.reused,
      duplicate_of: result.duplicate_of ?? null,
      copy_of_file: (result.duplicate_of && fileOf.get(result.duplicate_of)) ?? null,
      deleted: id !== null && record === null,
      document: record
        ? { sha256: record.file_sha256, purged_at: record.document?.purged_at ?? null }
        : null,
    });
  }

  const totals = new Map<string, ReportTotal>();
  const categories = new Map<string, ReportTotal & { category: string }>();
  const copies = new Map<string, ReportTotal>();
  const claimCopies = new Map<string, ReportTotal>();
  for (const invoice of invoices) {
    const { currency, category } = invoice;
    const zero = { currency, count: 0, claimed_minor: 0, reimbursable_minor: 0 };
    // As in the job's summary: a file is counted once however often it is claimed.
    const lines = invoice.duplicate_of
      ? [addTo(invoice.copy_of_file ? claimCopies : copies, currency, () => ({ ...zero }))]
      : [
          addTo(totals, currency, () => ({ ...zero })),
          addTo(categories, `${currency}\u0000${category}`, () => ({ ...zero, category })),
        ];
    for (const line of lines) {
      line.count += 1;
      line.claimed_minor += invoice.claimed_minor;
      line.reimbursable_minor += invoice.reimbursable_minor;
    }
  }

  const dates = invoices
    .map((invoice) => invoice.invoice_date)
    .filter((date): date is string => date !== null)
    .sort();
  return {
    job_id: job.id,
    state: job.state,
    employee_name: job.input.employee_name,
    claim_date: job.input.claim_date,
    submitted_at: job.created_at,
    finished_at: job.updated_at,
    generated_at: source.generatedAt,
    period: dates.length > 0 ? { from: dates[0] as string, to: dates.at(-1) as string } : null,
    policy: policyOf(job),
    counts: { documents: job.results.length, analysed: invoices.length, failed: failed.length },
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    categories: [...categories.values()].sort(
      (a, b) => a.currency.localeCompare(b.currency) || a.category.localeCompare(b.category),
    ),
    copies: [...copies.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    claim_copies: [...claimCopies.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    invoices,
    failed,
    error: job.error,
  };
}

/** Words for the codes the report prints. */
export const STATUS_WORDS: Record<Status, string> = {
  fully_reimbursed: 'Fully reimbursed',
  partially_reimbursed: 'Partially reimbursed',
  declined: 'Declined',
};

export function flagWords(flag: string): string {
  return flag.replace(/_/g, ' ');
}

/** What the report says of a copy: which file of this claim it repeats, or which earlier invoice. */
export function copyWords(invoice: ReportInvoice): string | null {
  if (!invoice.duplicate_of) return null;
  return invoice.copy_of_file
    ? `a copy of ${invoice.copy_of_file} in this claim: not in the totals`
    : `of invoice ${invoice.duplicate_of}, claimed earlier: not in the totals`;
}

/** The totals' line for the copies left out, one per kind and currency. */
export function notCountedLines(
  model: ReportModel,
  money: (minor: number, currency: string) => string,
): Array<[string, string]> {
  const line = (copy: ReportTotal, of: string): [string, string] => [
    `Not counted (${copy.currency})`,
    `${copy.count} exact ${copy.count === 1 ? 'copy' : 'copies'} of ${of}, ${money(copy.claimed_minor, copy.currency)} claimed`,
  ];
  return [
    ...model.claim_copies.map((copy) => line(copy, 'files in this claim')),
    ...model.copies.map((copy) => line(copy, 'invoices claimed earlier')),
  ];
}

/** An `invoice.override` entry of the audit log as the report prints it; null when malformed. */
export function overrideFromAudit(entry: {
  at: string;
  actor_name: string;
  details: Record<string, unknown>;
}): ReportOverride | null {
  const { from, to, reason } = entry.details as {
    from?: ReportOverride['from'];
    to?: ReportOverride['to'];
    reason?: unknown;
  };
  if (!to || typeof to.reimbursable_minor !== 'number' || typeof reason !== 'string') return null;
  return {
    at: entry.at,
    by: entry.actor_name,
    from: from && typeof from.reimbursable_minor === 'number' ? from : null,
    to,
    reason,
  };
}

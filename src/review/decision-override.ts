/**
 * A finance reviewer overrides the engine's decision on one invoice. The engine's decision stays
 * in `decision`; the override is stored beside it and is what lists, search, chat and exports use.
 * Kept out of the route so the rules of an override (consistent status and amount, a trimmed
 * reason, no lost update) hold wherever an override comes from.
 */
import { createHash } from 'node:crypto';
import { notFoundUnlessReadable } from '../access/guards.js';
import { statusOf } from '../domain/decide.js';
import type { Caller, InvoiceRecord, Status } from '../domain/types.js';
import { NotFoundError, PreconditionFailedError, UnprocessableError } from '../errors.js';
import type { DecisionOverrideStore, InvoiceStore, NewAuditEntry } from '../store/ports.js';

export interface OverrideChange {
  status: Status;
  reimbursable_minor: number;
  reason: string;
  /**
   * The client's If-Match: the ETag of the invoice it looked at. Absent, the version read here is
   * the one guarded, so a concurrent save still answers 412 rather than being overwritten.
   */
  ifMatch?: string | undefined;
}

/** What the audit entry of an override says. */
export interface OverrideAudit {
  from: { status: Status; reimbursable_minor: number };
  to: { status: Status; reimbursable_minor: number };
  reason: string;
}

/** A strong ETag of an invoice's current version: changes whenever the record is saved again. */
export function invoiceEtag(record: Pick<InvoiceRecord, 'id' | 'updated_at'>): string {
  const digest = createHash('sha256').update(`${record.id}\n${record.updated_at}`).digest('hex');
  return `"${digest.slice(0, 32)}"`;
}

/** RFC 9110: If-Match is `*` or a list of entity tags; weak tags never match a strong comparison. */
function matches(ifMatch: string, etag: string): boolean {
  return ifMatch
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag === etag);
}

/** The status must say what the amount does: no "fully reimbursed" for half the total. */
function assertConsistent(record: InvoiceRecord, status: Status, amount: number): void {
  if (amount > record.total_minor) {
    throw new UnprocessableError(
      'amount_above_total',
      `reimbursable_minor ${amount} is more than the invoice total ${record.total_minor}.`,
      [{ pointer: '/reimbursable_minor', message: `must be at most ${record.total_minor}` }],
    );
  }
  const implied = statusOf(record.total_minor, amount);
  if (implied !== status) {
    throw new UnprocessableError(
      'status_amount_mismatch',
      `An amount of ${amount} of ${record.total_minor} is ${implied}, not ${status}.`,
      [{ pointer: '/status', message: `must be ${implied} for this amount` }],
    );
  }
}

export interface OverrideDeps {
  invoices: Pick<InvoiceStore, 'get'>;
  /** Writes the change and its audit entry together, over the version read (store/ports.ts). */
  overrides: DecisionOverrideStore;
  /** The audit entry of this request for what the override says. */
  auditEntry: (details: OverrideAudit) => NewAuditEntry;
}

function stale(id: string, ifMatch: string | undefined, current: string): PreconditionFailedError {
  const seen = ifMatch === undefined ? '' : ` (If-Match ${ifMatch}, now ${current})`;
  return new PreconditionFailedError(
    'stale_invoice',
    `Invoice ${id} changed since you read it${seen}: read it again, then decide.`,
    current,
  );
}

export async function applyOverride(
  deps: OverrideDeps,
  caller: Caller,
  id: string,
  change: OverrideChange,
  now = new Date(),
): Promise<InvoiceRecord> {
  const record = notFoundUnlessReadable(caller, await deps.invoices.get(id), 'Invoice', id);
  const current = invoiceEtag(record);
  if (change.ifMatch !== undefined && !matches(change.ifMatch, current))
    throw stale(id, change.ifMatch, current);
  const reason = change.reason.trim();
  assertConsistent(record, change.status, change.reimbursable_minor);
  const at = now.toISOString();
  const updated: InvoiceRecord = {
    ...record,
    status: change.status,
    reimbursable_minor: change.reimbursable_minor,
    override: {
      status: change.status,
      reimbursable: { amount_minor: change.reimbursable_minor, currency: record.currency },
      reason,
      by: { sub: caller.sub, name: caller.name },
      at,
    },
    // Never equal to the version it replaces, even within one millisecond: the ETag must change.
    updated_at: at > record.updated_at ? at : nextInstant(record.updated_at),
  };
  const audit = deps.auditEntry({
    from: { status: record.status, reimbursable_minor: record.reimbursable_minor },
    to: { status: change.status, reimbursable_minor: change.reimbursable_minor },
    reason,
  });
  // Checked again where it is written: another reviewer may have saved since the read above.
  const outcome = await deps.overrides.override(updated, record.updated_at, audit);
  if (outcome === 'saved') return updated;
  const latest = await deps.invoices.get(id);
  if (outcome === 'not_found' || !latest) throw new NotFoundError('Invoice', id);
  throw stale(id, change.ifMatch, invoiceEtag(latest));
}

/** One millisecond after an ISO timestamp. */
function nextInstant(iso: string): string {
  return new Date(Date.parse(iso) + 1).toISOString();
}

/**
 * DecisionOverrideStore adapters. Embedded (invoices and audit log in one SQLite file): one
 * transaction. Otherwise the invoice lives in one store (Qdrant, or SQLite) and the log in another
 * (Redis, or SQLite), and no transaction spans both: the change is journalled instead. One atomic
 * step in the log's store checks the version, appends the audit entry and keeps the new record as
 * pending; the invoice store is written next; then the pending record is settled. A crash between
 * the two leaves the record pending, and `recover` (at start, and before the next override of the
 * same invoice) writes it: the log and the invoices agree again without anyone redoing the review.
 */
import type { InvoiceRecord } from '../domain/types.js';
import type {
  DecisionOverrideStore,
  InvoiceStore,
  NewAuditEntry,
  OverrideOutcome,
} from './ports.js';
import type { SqliteAuditLog } from './sqlite/audit-log.js';
import type { SqliteInvoiceStore } from './sqlite/invoice-store.js';

/** Invoices and audit log in one SQLite database: the change and its entry in one transaction. */
export class SqliteDecisionOverrides implements DecisionOverrideStore {
  constructor(
    private readonly invoices: SqliteInvoiceStore,
    private readonly audit: SqliteAuditLog,
  ) {}

  async override(
    record: InvoiceRecord,
    expectedUpdatedAt: string,
    audit: NewAuditEntry,
  ): Promise<OverrideOutcome> {
    return this.invoices.replaceIfCurrent(record, expectedUpdatedAt, () =>
      this.audit.recordNow(audit),
    );
  }

  async recover(): Promise<number> {
    return 0; // nothing is ever left half-written
  }
}

/** The log's store, as the journal of overrides: each method is one atomic step there. */
export interface OverrideJournal {
  /**
   * Atomically: refuses (`stale`) when an override newer than `expectedUpdatedAt` was journalled;
   * otherwise notes `record.updated_at` as the invoice's version, appends the audit entry and
   * keeps `record` as pending.
   */
  commit(
    record: InvoiceRecord,
    expectedUpdatedAt: string,
    audit: NewAuditEntry,
  ): Promise<'saved' | 'stale'>;
  /** Forgets the pending record of the invoice if it is still this version. */
  settle(id: string, updatedAt: string): Promise<void>;
  /** Pending records: of one invoice, or of all. */
  pending(id?: string): Promise<InvoiceRecord[]>;
}

export class JournalledDecisionOverrides implements DecisionOverrideStore {
  constructor(
    private readonly invoices: InvoiceStore,
    private readonly journal: OverrideJournal,
  ) {}

  async override(
    record: InvoiceRecord,
    expectedUpdatedAt: string,
    audit: NewAuditEntry,
  ): Promise<OverrideOutcome> {
    // An earlier override of this invoice that a crash left pending is written first: the
    // version the caller compares against is then the one the log already shows.
    await this.finish(await this.journal.pending(record.id));
    const current = await this.invoices.get(record.id);
    if (!current) return 'not_found';
    if (current.updated_at !== expectedUpdatedAt) return 'stale';
    if ((await this.journal.commit(record, expectedUpdatedAt, audit)) === 'stale') return 'stale';
    await this.finish([record]);
    return 'saved';
  }

  async recover(): Promise<number> {
    const pending = await this.journal.pending();
    await this.finish(pending);
    return pending.length;
  }

  private async finish(records: InvoiceRecord[]): Promise<void> {
    for (const record of records) {
      await this.invoices.upsert([record]);
      await this.journal.settle(record.id, record.updated_at);
    }
  }
}

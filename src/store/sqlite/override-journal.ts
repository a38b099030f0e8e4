import type { InvoiceRecord } from '../../domain/types.js';
import type { OverrideJournal } from '../decision-overrides.js';
import type { NewAuditEntry } from '../ports.js';
import type { SqliteAuditLog } from './audit-log.js';
import type { SqliteDatabase } from './database.js';

/**
 * The journal of overrides in the embedded database, for invoices kept elsewhere (Qdrant): the
 * version check, the audit entry and the pending record in one transaction.
 */
export class SqliteOverrideJournal implements OverrideJournal {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: SqliteAuditLog,
  ) {
    this.statements = {
      version: db.prepare('SELECT version FROM override_journal WHERE invoice_id = ?').pluck(),
      write: db.prepare(`
        INSERT INTO override_journal (invoice_id, version, pending) VALUES (?, ?, ?)
        ON CONFLICT (invoice_id) DO UPDATE SET version = excluded.version, pending = excluded.pending`),
      settle: db.prepare(
        'UPDATE override_journal SET pending = NULL WHERE invoice_id = ? AND version = ?',
      ),
      pendingOne: db
        .prepare(
          'SELECT pending FROM override_journal WHERE invoice_id = ? AND pending IS NOT NULL',
        )
        .pluck(),
      pendingAll: db
        .prepare('SELECT pending FROM override_journal WHERE pending IS NOT NULL')
        .pluck(),
    };
  }

  async commit(
    record: InvoiceRecord,
    expectedUpdatedAt: string,
    audit: NewAuditEntry,
  ): Promise<'saved' | 'stale'> {
    return this.db.transaction(() => {
      const version = this.statements.version.get(record.id) as string | undefined;
      if (version !== undefined && version > expectedUpdatedAt) return 'stale' as const;
      this.statements.write.run(record.id, record.updated_at, JSON.stringify(record));
      this.audit.recordNow(audit);
      return 'saved' as const;
    })();
  }

  async settle(id: string, updatedAt: string): Promise<void> {
    this.statements.settle.run(id, updatedAt);
  }

  async pending(id?: string): Promise<InvoiceRecord[]> {
    const rows = (
      id === undefined ? this.statements.pendingAll.all() : this.statements.pendingOne.all(id)
    ) as string[];
    return rows.map((json) => JSON.parse(json) as InvoiceRecord);
  }
}

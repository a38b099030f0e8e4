/**
 * Picks the DecisionOverrideStore for the configured stores (see decision-overrides.ts): one
 * SQLite transaction when invoices and the audit log share the embedded database; else a journal
 * in the audit log's store (a Redis script, or a SQLite transaction) beside the invoice store.
 */
import type { Config } from '../config.js';
import { JournalledDecisionOverrides, SqliteDecisionOverrides } from './decision-overrides.js';
import type { AuditLog, DecisionOverrideStore, InvoiceStore, NewAuditEntry } from './ports.js';
import { RedisOverrideJournal } from './redis/override-journal.js';
import { SqliteAuditLog } from './sqlite/audit-log.js';
import type { SqliteDatabase } from './sqlite/database.js';
import { SqliteInvoiceStore } from './sqlite/invoice-store.js';
import { SqliteOverrideJournal } from './sqlite/override-journal.js';

export interface DecisionOverrides {
  store: DecisionOverrideStore;
  close(): Promise<void>;
}

export function createDecisionOverrides(options: {
  config: Pick<Config, 'redisUrl' | 'qdrantUrl' | 'embeddingDimensions'>;
  db: SqliteDatabase;
  /** The invoice store every other service uses (wrappers included). */
  invoices: InvoiceStore;
  /** The audit log's adapter itself, not a wrapper: the override writes its entry directly. */
  audit: AuditLog;
  withVectors: boolean;
  onError: (error: unknown) => void;
}): DecisionOverrides {
  const { config, db, invoices, audit } = options;
  if (config.redisUrl) {
    const journal = new RedisOverrideJournal({ url: config.redisUrl, onError: options.onError });
    return {
      store: new JournalledDecisionOverrides(invoices, journal),
      close: () => journal.close(),
    };
  }
  if (!(audit instanceof SqliteAuditLog) || !audit.shares(db))
    throw new Error('Embedded state needs the SQLite audit log on the embedded database.');
  if (!config.qdrantUrl) {
    // The same table the invoice store writes; its own statements, for the one transaction.
    const sqliteInvoices = new SqliteInvoiceStore({
      database: db,
      ...(options.withVectors ? { vectorDimensions: config.embeddingDimensions } : {}),
    });
    return { store: new SqliteDecisionOverrides(sqliteInvoices, audit), close: async () => {} };
  }
  return {
    store: new JournalledDecisionOverrides(invoices, new SqliteOverrideJournal(db, audit)),
    close: async () => {},
  };
}

/** After a saved override, `announce` hears its audit entry (webhooks observe the log). */
export function announcingOverrides(
  store: DecisionOverrideStore,
  announce: (entry: NewAuditEntry) => Promise<void>,
): DecisionOverrideStore {
  return {
    async override(record, expectedUpdatedAt, audit) {
      const outcome = await store.override(record, expectedUpdatedAt, audit);
      if (outcome === 'saved') await announce(audit);
      return outcome;
    },
    recover: () => store.recover(),
  };
}

import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLog, Page } from '../ports.js';
import {
  type AuditFilter,
  assertPageLimit,
  type Clock,
  decodeCursor,
  encodeCursor,
  type NewAuditEntry,
  systemClock,
} from '../state-codec.js';
import type { SqliteDatabase } from './database.js';

export interface SqliteAuditLogOptions {
  /** Opened with the state migrations applied; shared with the other stores, so not closed here. */
  db: SqliteDatabase;
  clock?: Clock;
}

type AuditRow = Omit<AuditEntry, 'details'> & { seq: number; details: string };

/** The append-only record of every change; the table itself refuses updates and deletes. */
export class SqliteAuditLog implements AuditLog {
  private readonly db: SqliteDatabase;
  private readonly clock: Clock;
  private readonly insert;

  constructor(options: SqliteAuditLogOptions) {
    this.db = options.db;
    this.clock = options.clock ?? systemClock;
    this.insert = this.db.prepare(`
      INSERT INTO audit_log (id, at, actor_sub, actor_name, actor_role, action, target_type, target_id, request_id, client_ip, details)
      VALUES (@id, @at, @actor_sub, @actor_name, @actor_role, @action, @target_type, @target_id, @request_id, @client_ip, @details)`);
  }

  async record(entry: NewAuditEntry): Promise<void> {
    this.recordNow(entry);
  }

  /** Synchronous, for a caller's transaction on the same database: the entry commits with it. */
  recordNow(entry: NewAuditEntry): void {
    this.insert.run({
      ...entry,
      id: randomUUID(),
      at: this.clock().toISOString(),
      details: JSON.stringify(entry.details),
    });
  }

  /** Whether both write to one database file, so one transaction can hold both. */
  shares(db: SqliteDatabase): boolean {
    return this.db === db;
  }

  /** Newest first. */
  async list(
    filter: AuditFilter,
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<AuditEntry>> {
    assertPageLimit(page.limit);
    const conditions: string[] = [];
    const parameters: Array<string | number> = [];
    const where = (condition: string, value: string | number | undefined) => {
      if (value === undefined) return;
      conditions.push(condition);
      parameters.push(value);
    };
    where('actor_sub = ?', filter.actor_sub);
    where('action = ?', filter.action);
    where('target_id = ?', filter.target_id);
    where('at >= ?', filter.from);
    where('at < ?', filter.to);
    where('seq < ?', page.cursor ? decodeCursor<number>(page.cursor, 'number') : undefined);
    // Prepared per call because the WHERE clause depends on the filter; preparing costs microseconds.
    const sql = `SELECT * FROM audit_log ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...parameters, page.limit + 1) as AuditRow[];
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map(({ seq: _seq, details, ...entry }) => ({
        ...entry,
        details: JSON.parse(details) as Record<string, unknown>,
      })),
      next_cursor: rows.length > page.limit && last ? encodeCursor(last.seq) : null,
    };
  }
}

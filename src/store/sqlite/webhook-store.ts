/** Webhook endpoints and deliveries in the embedded database; the retry schedule is a column. */
import type {
  DeliveryAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEventType,
} from '../../webhooks/events.js';
import type { WebhookStore } from '../../webhooks/ports.js';
import type { Page } from '../ports.js';
import { assertPageLimit, decodeCursor, encodeCursor } from '../state-codec.js';
import { applyMigrations, type Migration, type SqliteDatabase } from './database.js';

export const webhookMigrations: Migration[] = [
  {
    id: 'webhooks:1',
    up: (db) =>
      db.exec(`
        CREATE TABLE webhook_endpoints (
          id TEXT PRIMARY KEY,
          url TEXT NOT NULL,
          description TEXT NOT NULL,
          events TEXT NOT NULL,
          secret TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE TABLE webhook_deliveries (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          webhook_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
          event_id TEXT NOT NULL,
          event_type TEXT NOT NULL,
          payload TEXT NOT NULL,
          state TEXT NOT NULL,
          attempt_count INTEGER NOT NULL,
          schedule_seq INTEGER NOT NULL,
          next_attempt_at TEXT,
          attempts TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (webhook_id, seq);
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
          WHERE state = 'pending';
      `),
  },
  {
    // The retention purge looks finished deliveries up by age; without it every pass scans the log.
    id: 'webhooks:2',
    up: (db) =>
      db.exec(`
        CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (updated_at)
          WHERE state != 'pending';
      `),
  },
];

/** Rows deleted per statement: a long log is purged in short write transactions, not one long lock. */
const PURGE_BATCH = 500;

interface EndpointRow {
  id: string;
  url: string;
  description: string;
  events: string;
  secret: string;
  created_by: string;
  created_at: string;
}

type DeliveryRow = Omit<WebhookDelivery, 'attempts'> & { seq: number; attempts: string };

const endpointOf = (row: EndpointRow): WebhookEndpoint => ({
  ...row,
  events: JSON.parse(row.events) as WebhookEventType[],
  created_by: JSON.parse(row.created_by) as WebhookEndpoint['created_by'],
});

const deliveryOf = ({ seq: _seq, attempts, ...row }: DeliveryRow): WebhookDelivery => ({
  ...row,
  attempts: JSON.parse(attempts) as DeliveryAttempt[],
});

const deliveryParams = (delivery: WebhookDelivery) => ({
  ...delivery,
  attempts: JSON.stringify(delivery.attempts),
});

export class SqliteWebhookStore implements WebhookStore {
  private readonly db: SqliteDatabase;

  /** The database is shared with the other stores and not closed here. */
  constructor(options: { db: SqliteDatabase }) {
    this.db = options.db;
    applyMigrations(this.db, webhookMigrations);
  }

  async createEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO webhook_endpoints (id, url, description, events, secret, created_by, created_at)
         VALUES (@id, @url, @description, @events, @secret, @created_by, @created_at)`,
      )
      .run({
        ...endpoint,
        events: JSON.stringify(endpoint.events),
        created_by: JSON.stringify(endpoint.created_by),
      });
  }

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    const rows = this.db
      .prepare('SELECT * FROM webhook_endpoints ORDER BY created_at, id')
      .all() as EndpointRow[];
    return rows.map(endpointOf);
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    const row = this.db.prepare('SELECT * FROM webhook_endpoints WHERE id = ?').get(id) as
      | EndpointRow
      | undefined;
    return row ? endpointOf(row) : null;
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM webhook_endpoints WHERE id = ?').run(id).changes > 0;
  }

  async subscribers(type: WebhookEventType): Promise<WebhookEndpoint[]> {
    return (await this.listEndpoints()).filter((endpoint) => endpoint.events.includes(type));
  }

  async addDeliveries(deliveries: WebhookDelivery[]): Promise<void> {
    // An endpoint deleted since the event was fanned out simply gets nothing.
    const insert = this.db.prepare(
      `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, state, attempt_count, schedule_seq, next_attempt_at, attempts, created_at, updated_at)
       SELECT @id, @webhook_id, @event_id, @event_type, @payload, @state, @attempt_count, @schedule_seq, @next_attempt_at, @attempts, @created_at, @updated_at
       WHERE EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = @webhook_id)`,
    );
    this.db.transaction(() => {
      for (const delivery of deliveries) insert.run(deliveryParams(delivery));
    })();
  }

  async getDelivery(id: string): Promise<WebhookDelivery | null> {
    const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(id) as
      | DeliveryRow
      | undefined;
    return row ? deliveryOf(row) : null;
  }

  async listDeliveries(
    webhookId: string,
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<WebhookDelivery>> {
    assertPageLimit(page.limit);
    const before = page.cursor
      ? decodeCursor<number>(page.cursor, 'number')
      : Number.MAX_SAFE_INTEGER;
    const rows = this.db
      .prepare(
        'SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      )
      .all(webhookId, before, page.limit + 1) as DeliveryRow[];
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map(deliveryOf),
      next_cursor: rows.length > page.limit && last ? encodeCursor(last.seq) : null,
    };
  }

  async saveDelivery(delivery: WebhookDelivery, expectedSeq: number): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE webhook_deliveries SET state = @state, attempt_count = @attempt_count,
           schedule_seq = @schedule_seq, next_attempt_at = @next_attempt_at, attempts = @attempts,
           updated_at = @updated_at
         WHERE id = @id AND schedule_seq = @expected`,
      )
      .run({ ...deliveryParams(delivery), expected: expectedSeq });
    return result.changes > 0;
  }

  async due(now: Date, limit: number): Promise<WebhookDelivery[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at LIMIT ?`,
      )
      .all(now.toISOString(), limit) as DeliveryRow[];
    return rows.map(deliveryOf);
  }

  async nextDueAt(): Promise<Date | null> {
    const next = this.db
      .prepare(`SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'`)
      .pluck()
      .get() as string | null;
    return next === null ? null : new Date(next);
  }

  async purgeDeliveries(before: Date): Promise<number> {
    const purge = this.db.prepare(
      `DELETE FROM webhook_deliveries WHERE seq IN (
         SELECT seq FROM webhook_deliveries WHERE state != 'pending' AND updated_at < ? LIMIT ?
       )`,
    );
    const cutoff = before.toISOString();
    let deleted = 0;
    for (;;) {
      const { changes } = purge.run(cutoff, PURGE_BATCH);
      deleted += changes;
      if (changes < PURGE_BATCH) return deleted;
      // better-sqlite3 is synchronous: yield between batches so requests are served meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {}
}

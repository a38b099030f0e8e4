import type { IdempotencyEntry, IdempotencyStore } from '../ports.js';
import {
  type Clock,
  decodeIdempotencyEntry,
  encodeHeaders,
  type StoredIdempotencyEntry,
  systemClock,
} from '../state-codec.js';
import type { SqliteDatabase } from './database.js';

export interface SqliteIdempotencyStoreOptions {
  /** Opened with the state migrations applied; shared with the other stores, so not closed here. */
  db: SqliteDatabase;
  /** How long a key is remembered after it was first used (e.g. 24 h = 86 400). */
  ttlSeconds: number;
  clock?: Clock;
}

type ClaimRequest = Parameters<IdempotencyStore['begin']>[0];

/** Idempotency-Key claims and the answers they replay, per key and user. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly db: SqliteDatabase;
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private readonly statements;
  private readonly beginInTransaction;

  constructor(options: SqliteIdempotencyStoreOptions) {
    if (!(options.ttlSeconds > 0))
      throw new RangeError(`ttlSeconds must be positive, got ${options.ttlSeconds}`);
    this.db = options.db;
    this.ttlMs = options.ttlSeconds * 1000;
    this.clock = options.clock ?? systemClock;
    this.statements = {
      purgeExpired: this.db.prepare('DELETE FROM idempotency_keys WHERE created_ms <= ?'),
      find: this.db.prepare(
        'SELECT fingerprint, state, status_code, body, headers, created_at FROM idempotency_keys WHERE owner_sub = ? AND key = ?',
      ),
      claim: this.db.prepare(
        "INSERT INTO idempotency_keys (owner_sub, key, fingerprint, state, created_at, created_ms) VALUES (?, ?, ?, 'running', ?, ?)",
      ),
      finish: this.db.prepare(
        "UPDATE idempotency_keys SET state = 'done', status_code = ?, body = ?, headers = ? WHERE owner_sub = ? AND key = ?",
      ),
      abandon: this.db.prepare(
        "DELETE FROM idempotency_keys WHERE owner_sub = ? AND key = ? AND state = 'running'",
      ),
    };
    this.beginInTransaction = this.db.transaction(
      (request: ClaimRequest): IdempotencyEntry | null => {
        const now = this.clock();
        // Expired keys are purged on the way in (an index range delete), so no sweeper is needed.
        this.statements.purgeExpired.run(now.getTime() - this.ttlMs);
        const existing = this.statements.find.get(request.owner_sub, request.key) as
          | StoredIdempotencyEntry
          | undefined;
        if (existing) return decodeIdempotencyEntry(request.key, request.owner_sub, existing);
        this.statements.claim.run(
          request.owner_sub,
          request.key,
          request.fingerprint,
          now.toISOString(),
          now.getTime(),
        );
        return null;
      },
    );
  }

  async begin(request: ClaimRequest): Promise<IdempotencyEntry | null> {
    return this.beginInTransaction.immediate(request);
  }

  async finish(
    key: string,
    ownerSub: string,
    response: { status_code: number; body: string; headers: Record<string, string> },
  ): Promise<void> {
    this.statements.finish.run(
      response.status_code,
      response.body,
      encodeHeaders(response.headers),
      ownerSub,
      key,
    );
  }

  /** Only a claim still running is forgotten: a late abandon never erases a stored answer. */
  async abandon(key: string, ownerSub: string): Promise<void> {
    this.statements.abandon.run(ownerSub, key);
  }
}

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AuditEntry, AuditLog, Page } from '../ports.js';
import {
  type AuditFilter,
  assertPageLimit,
  auditEntryMatches,
  type Clock,
  decodeAuditEntry,
  decodeCursor,
  encodeAuditEntry,
  encodeCursor,
  invalidCursor,
  type NewAuditEntry,
  systemClock,
  warnOnError,
} from '../state-codec.js';
import {
  closeRedis,
  DEFAULT_KEY_PREFIX,
  openRedis,
  type RedisConnectionOptions,
} from './connection.js';

export interface RedisAuditLogOptions extends RedisConnectionOptions {
  clock?: Clock;
}

const MIN_SCAN_BATCH = 100;
const STREAM_ID = /^\d+-\d+$/;

/**
 * The audit log as one append-only Redis stream shared by every API instance. Filters are applied
 * while walking the stream newest first, so a rare filter over a long log reads more entries; the
 * stream is never trimmed here (retention is an operator's decision).
 */
export class RedisAuditLog implements AuditLog {
  private readonly redis: Redis;
  private readonly key: string;
  private readonly clock: Clock;

  constructor(options: RedisAuditLogOptions) {
    this.redis = openRedis(options.url, options.onError ?? warnOnError, 'commands');
    this.key = `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}audit`;
    this.clock = options.clock ?? systemClock;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async record(entry: NewAuditEntry): Promise<void> {
    const stored: AuditEntry = { ...entry, id: randomUUID(), at: this.clock().toISOString() };
    await this.redis.xadd(this.key, '*', 'entry', encodeAuditEntry(stored));
  }

  /** Newest first. */
  async list(
    filter: AuditFilter,
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<AuditEntry>> {
    assertPageLimit(page.limit);
    const batch = Math.max(MIN_SCAN_BATCH, (page.limit + 1) * 4);
    const matches: Array<{ streamId: string; entry: AuditEntry }> = [];
    let end = page.cursor ? `(${this.cursorStreamId(page.cursor)}` : '+';
    while (matches.length <= page.limit) {
      const entries = await this.redis.xrevrange(this.key, end, '-', 'COUNT', batch);
      for (const [streamId, fields] of entries) {
        const entry = decodeAuditEntry(fields[1] ?? '{}');
        if (auditEntryMatches(entry, filter)) matches.push({ streamId, entry });
      }
      const oldest = entries.at(-1);
      if (!oldest || entries.length < batch) break;
      end = `(${oldest[0]}`;
    }
    const items = matches.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map((match) => match.entry),
      next_cursor: matches.length > page.limit && last ? encodeCursor(last.streamId) : null,
    };
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  private cursorStreamId(cursor: string): string {
    const streamId = decodeCursor<string>(cursor, 'string');
    if (!STREAM_ID.test(streamId)) throw invalidCursor();
    return streamId;
  }
}

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { InvoiceRecord } from '../../domain/types.js';
import type { OverrideJournal } from '../decision-overrides.js';
import type { AuditEntry, NewAuditEntry } from '../ports.js';
import { type Clock, encodeAuditEntry, systemClock, warnOnError } from '../state-codec.js';
import {
  closeRedis,
  DEFAULT_KEY_PREFIX,
  openRedis,
  type RedisConnectionOptions,
} from './connection.js';

/**
 * One script, so Redis runs it as one step: no other client's command comes between the version
 * check, the audit entry (the same stream and encoding as RedisAuditLog) and the pending record.
 * Timestamps as ISO strings order as they compare, byte by byte.
 */
const COMMIT = `
local version = redis.call('GET', KEYS[1])
if version and version > ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('XADD', KEYS[3], '*', 'entry', ARGV[4])
redis.call('HSET', KEYS[2], ARGV[5], ARGV[3])
return 1`;

/** Settles only the version written: a newer override pending meanwhile stays pending. */
const SETTLE = `
local pending = redis.call('HGET', KEYS[1], ARGV[1])
if pending and cjson.decode(pending).updated_at == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
end
return 1`;

export interface RedisOverrideJournalOptions extends RedisConnectionOptions {
  clock?: Clock;
}

export class RedisOverrideJournal implements OverrideJournal {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly clock: Clock;

  constructor(options: RedisOverrideJournalOptions) {
    this.redis = openRedis(options.url, options.onError ?? warnOnError, 'commands');
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.clock = options.clock ?? systemClock;
  }

  private get pendingKey(): string {
    return `${this.prefix}override:pending`;
  }

  async commit(
    record: InvoiceRecord,
    expectedUpdatedAt: string,
    audit: NewAuditEntry,
  ): Promise<'saved' | 'stale'> {
    const entry: AuditEntry = { ...audit, id: randomUUID(), at: this.clock().toISOString() };
    const saved = await this.redis.eval(
      COMMIT,
      3,
      `${this.prefix}override:version:${record.id}`,
      this.pendingKey,
      `${this.prefix}audit`,
      expectedUpdatedAt,
      record.updated_at,
      JSON.stringify(record),
      encodeAuditEntry(entry),
      record.id,
    );
    return saved === 1 ? 'saved' : 'stale';
  }

  async settle(id: string, updatedAt: string): Promise<void> {
    await this.redis.eval(SETTLE, 1, this.pendingKey, id, updatedAt);
  }

  async pending(id?: string): Promise<InvoiceRecord[]> {
    if (id !== undefined) {
      const one = await this.redis.hget(this.pendingKey, id);
      return one === null ? [] : [JSON.parse(one) as InvoiceRecord];
    }
    const all = await this.redis.hvals(this.pendingKey);
    return all.map((json) => JSON.parse(json) as InvoiceRecord);
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}

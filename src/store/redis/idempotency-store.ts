import type { Redis } from 'ioredis';
import type { IdempotencyEntry, IdempotencyStore } from '../ports.js';
import {
  type Clock,
  decodeIdempotencyEntry,
  encodeHeaders,
  type StoredIdempotencyEntry,
  systemClock,
  warnOnError,
} from '../state-codec.js';
import {
  closeRedis,
  DEFAULT_KEY_PREFIX,
  keyPart,
  luaScript,
  openRedis,
  type RedisConnectionOptions,
} from './connection.js';

export interface RedisIdempotencyStoreOptions extends RedisConnectionOptions {
  /** How long a key is remembered after it was first used (e.g. 24 h = 86 400). */
  ttlSeconds: number;
  clock?: Clock;
}

type ClaimRequest = Parameters<IdempotencyStore['begin']>[0];

// SET-if-absent with a TTL, where "absent" also covers a key older than the TTL by the store's
// clock: Redis expires the key on its own, and the age check keeps expiry identical to SQLite's.
// Returns the existing hash (flat field/value list) or nil when the claim succeeded.
const claimKey = luaScript(`
  local created = redis.call('HGET', KEYS[1], 'created_ms')
  if created and tonumber(ARGV[1]) - tonumber(created) < tonumber(ARGV[2]) then
    return redis.call('HGETALL', KEYS[1])
  end
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[3], 'state', 'running', 'created_at', ARGV[4], 'created_ms', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return nil`);

const finishKey = luaScript(`
  if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
  redis.call('HSET', KEYS[1], 'state', 'done', 'status_code', ARGV[1], 'body', ARGV[2], 'headers', ARGV[3])
  return 1`);

const abandonKey = luaScript(`
  if redis.call('HGET', KEYS[1], 'state') ~= 'running' then return 0 end
  return redis.call('DEL', KEYS[1])`);

/** Idempotency-Key claims shared by every API instance, each key expiring after the TTL. */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly clock: Clock;

  constructor(options: RedisIdempotencyStoreOptions) {
    if (!(options.ttlSeconds > 0))
      throw new RangeError(`ttlSeconds must be positive, got ${options.ttlSeconds}`);
    this.redis = openRedis(options.url, options.onError ?? warnOnError, 'commands');
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.ttlMs = Math.round(options.ttlSeconds * 1000);
    this.clock = options.clock ?? systemClock;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async begin(request: ClaimRequest): Promise<IdempotencyEntry | null> {
    const now = this.clock();
    const existing = (await claimKey(
      this.redis,
      [this.key(request.key, request.owner_sub)],
      [now.getTime(), this.ttlMs, request.fingerprint, now.toISOString()],
    )) as string[] | null;
    if (!existing) return null;
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < existing.length; i += 2)
      fields[existing[i] as string] = existing[i + 1] as string;
    const stored: StoredIdempotencyEntry = {
      fingerprint: fields.fingerprint ?? '',
      state: fields.state ?? 'running',
      status_code: fields.status_code ?? null,
      body: fields.body ?? null,
      headers: fields.headers ?? null,
      created_at: fields.created_at ?? '',
    };
    return decodeIdempotencyEntry(request.key, request.owner_sub, stored);
  }

  async finish(
    key: string,
    ownerSub: string,
    response: { status_code: number; body: string; headers: Record<string, string> },
  ): Promise<void> {
    await finishKey(
      this.redis,
      [this.key(key, ownerSub)],
      [response.status_code, response.body, encodeHeaders(response.headers)],
    );
  }

  /** Only a claim still running is forgotten: a late abandon never erases a stored answer. */
  async abandon(key: string, ownerSub: string): Promise<void> {
    await abandonKey(this.redis, [this.key(key, ownerSub)], []);
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  private key(key: string, ownerSub: string): string {
    return `${this.prefix}idempotency:${keyPart(ownerSub)}:${keyPart(key)}`;
  }
}

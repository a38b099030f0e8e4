import { Redis } from 'ioredis';
import t, { type Test } from 'tap';
import { RedisIdempotencyStore } from '../../../src/store/redis/idempotency-store.js';
import { SqliteIdempotencyStore } from '../../../src/store/sqlite/idempotency-store.js';
import type { Clock } from '../../../src/store/state-codec.js';
import { startRedisOrSkip } from '../../helpers/redis.js';
import { isolatedPrefix, openStateDatabase } from './backends.js';
import { manualClock } from './fixtures.js';
import { runIdempotencyStoreContract } from './idempotency-store-contract.js';

t.test('SqliteIdempotencyStore', async (t) => {
  runIdempotencyStoreContract(
    t,
    async (t, options) => new SqliteIdempotencyStore({ db: openStateDatabase(t), ...options }),
  );

  t.test('expired keys are purged from the table, not only ignored', async (t) => {
    const db = openStateDatabase(t);
    const clock = manualClock();
    const store = new SqliteIdempotencyStore({ db, clock, ttlSeconds: 60 });
    await store.begin({ key: 'k-old', owner_sub: 'user-a', fingerprint: 'f' });
    clock.advance(60_000);
    await store.begin({ key: 'k-new', owner_sub: 'user-a', fingerprint: 'f' });
    t.same(db.prepare('SELECT key FROM idempotency_keys').pluck().all(), ['k-new']);
  });

  t.test('a TTL must be positive', async (t) => {
    t.throws(
      () => new SqliteIdempotencyStore({ db: openStateDatabase(t), ttlSeconds: 0 }),
      RangeError,
    );
  });
});

t.test('RedisIdempotencyStore', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const open = (
    t: Test,
    options: { clock?: Clock; ttlSeconds: number },
    keyPrefix = isolatedPrefix(),
  ) => {
    const store = new RedisIdempotencyStore({ url: server.url, keyPrefix, ...options });
    t.teardown(() => store.close());
    return store;
  };
  runIdempotencyStoreContract(t, async (t, options) => open(t, options));

  t.test('Redis itself expires a claimed key after the TTL', async (t) => {
    const prefix = isolatedPrefix();
    const store = open(t, { ttlSeconds: 3600 }, prefix);
    await store.begin({ key: 'k-1', owner_sub: 'user-a', fingerprint: 'f' });
    const probe = new Redis(server.url);
    t.teardown(() => probe.quit());
    const remainingMs = await probe.pttl(`${prefix}idempotency:user-a:k-1`);
    t.ok(
      remainingMs > 0 && remainingMs <= 3_600_000,
      `the key carries the TTL (${remainingMs} ms left)`,
    );
  });

  t.test('two instances race for one key and exactly one wins', async (t) => {
    const prefix = isolatedPrefix();
    const first = open(t, { ttlSeconds: 60 }, prefix);
    const second = open(t, { ttlSeconds: 60 }, prefix);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? first : second).begin({ key: 'k-1', owner_sub: 'user-a', fingerprint: `f-${i}` }),
      ),
    );
    t.equal(outcomes.filter((outcome) => outcome === null).length, 1);
  });
});

import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { periodLeaseKey, redisPeriodClaim } from '../../src/store/redis/hourly-lease.js';
import { RedisWebhookStore } from '../../src/store/redis/webhook-store.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { createWebhooks } from '../../src/webhooks/create-webhooks.js';
import { startDeliveryRetention } from '../../src/webhooks/retention.js';
import { HOUR_MS, redisClient, until, workerTimer } from '../helpers/purge-lease.js';
import { startRedisOrSkip } from '../helpers/redis.js';

const START = Date.UTC(2026, 10, 2, 10, 0);
const PREFIX = 'test:';

t.test('the first claim of a period wins it; the next period is free again', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const [a, b] = [await redisClient(t, server.url), await redisClient(t, server.url)];
  const claimA = redisPeriodClaim(a, PREFIX, 'webhooks');
  const claimB = redisPeriodClaim(b, PREFIX, 'webhooks');
  const at = (minutes: number) => new Date(START + minutes * 60_000);

  const first = await Promise.all([claimA(at(5)), claimB(at(5))]);
  t.same(first.sort(), [false, true], 'two workers at once: exactly one wins');
  t.equal(await claimA(at(50)), false, 'later in the same hour: taken');
  t.equal(await claimB(at(59)), false);
  t.equal(await claimB(at(61)), true, 'the next hour goes to whoever asks first');
  t.equal(await claimA(at(62)), false);

  const ttl = await a.pttl(periodLeaseKey(PREFIX, 'webhooks', at(5)));
  t.ok(ttl > HOUR_MS && ttl <= 2 * HOUR_MS, `the lease expires on its own (${ttl} ms left)`);
  t.equal(
    await a.exists(periodLeaseKey('other:', 'webhooks', at(5))),
    0,
    'under its own prefix only',
  );
});

t.test('three workers on hourly timers purge once an hour between them', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const passes: Array<{ worker: number; hour: string }> = [];
  let answered = 0;
  const workers: Array<{ strike: () => void; stop: () => Promise<void> }> = [];
  // Timers strike at minutes 1, 20 and 45 of each hour: each worker asks once an hour, in turn.
  for (const [worker, minute] of [1, 20, 45].entries()) {
    const timer = workerTimer(START + minute * 60_000);
    const claim = redisPeriodClaim(await redisClient(t, server.url), PREFIX, 'webhooks');
    const stop = startDeliveryRetention({
      store: {
        purgeDeliveries: async (before) => {
          const now = new Date(before.getTime() + 30 * 86_400_000);
          passes.push({ worker, hour: now.toISOString().slice(0, 13) });
          return 0;
        },
      },
      retentionDays: 30,
      onError: (error) => t.fail(String(error)),
      clock: timer.clock,
      repeat: timer.repeat,
      claim: async (now) => {
        const won = await claim(now);
        answered += 1;
        return won;
      },
    });
    workers.push({ strike: timer.strike, stop });
    await until(() => answered === worker + 1);
  }
  for (let hour = 0; hour < 3; hour += 1)
    for (const worker of workers) {
      const before = answered;
      worker.strike();
      await until(() => answered === before + 1);
    }
  for (const worker of workers) await worker.stop();
  t.equal(answered, 12, 'every worker asked at start and every hour');
  t.same(
    passes.map((pass) => pass.hour),
    ['2026-11-02T10', '2026-11-02T11', '2026-11-02T12', '2026-11-02T13'],
    'one pass in each hour, none twice',
  );
  t.same(
    passes.map((pass) => pass.worker),
    [0, 0, 0, 0],
    'the first timer of each hour runs it',
  );
});

t.test('a claim Redis cannot answer is reported and skips the pass', async (t) => {
  const errors: unknown[] = [];
  let purged = 0;
  const stop = startDeliveryRetention({
    store: {
      purgeDeliveries: async () => {
        purged += 1;
        return 0;
      },
    },
    retentionDays: 30,
    onError: (error) => errors.push(error),
    repeat: () => () => undefined,
    claim: async () => {
      throw new Error('Connection is closed.');
    },
  });
  await stop();
  t.equal(purged, 0, 'without the lease no worker purges on its own');
  t.match(errors, [{ message: 'Connection is closed.' }]);
});

t.test('server-mode workers lease the current hour and purge the shared log', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const redis = await redisClient(t, server.url);
  const shared = new RedisWebhookStore({ url: server.url });
  t.teardown(() => shared.close());
  // Years before any run of this test: past the default 30 days whatever the real date.
  const long_ago = new Date(Date.UTC(2001, 0, 1)).toISOString();
  await shared.createEndpoint({
    id: 'w',
    url: 'https://hooks.example.com/w',
    description: '',
    events: ['job.completed'],
    secret: 'whsec_c2VjcmV0',
    created_by: { sub: 'u-adam', name: 'Adam Admin' },
    created_at: long_ago,
  });
  await shared.addDeliveries([
    {
      id: 'done',
      webhook_id: 'w',
      event_id: 'msg_done',
      event_type: 'job.completed',
      payload: '{}',
      state: 'succeeded',
      attempt_count: 1,
      schedule_seq: 2,
      next_attempt_at: null,
      attempts: [],
      created_at: long_ago,
      updated_at: long_ago,
    },
  ]);
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const config = loadConfig({ LOG_DIR: '', REDIS_URL: server.url });
  const logged: Array<Record<string, unknown>> = [];
  const began = new Date();
  const workers = [0, 1].map(() => createWebhooks(config, db, (error) => t.fail(String(error))));
  for (const worker of workers) worker.start({ info: (details) => logged.push(details) });
  // Closing waits for the passes that start began.
  for (const worker of workers) await worker.close();
  t.same(logged, [{ deleted: 1, retention_days: 30 }], 'the old delivery went');
  t.same((await shared.listDeliveries('w', { limit: 10 })).items, []);
  const leased = await redis.keys('reimburse:webhooks:purge-lease:*');
  t.equal(leased.length, 1, 'both workers asked for the same hour');
  // The hour may have turned while the workers ran.
  const hours = [began, new Date()].map((at) => periodLeaseKey('reimburse:', 'webhooks', at));
  t.ok(hours.includes(leased[0] ?? ''), 'the hour of now, under the deployment prefix');
});

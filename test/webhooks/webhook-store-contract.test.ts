/**
 * The two webhook stores behave the same: endpoints and subscribers, deliveries of deleted
 * endpoints dropped, the log newest first in pages, a save guarded by schedule_seq, the due list
 * and the next due time, deletion taking the log with it, and the retention purge.
 */
import t from 'tap';
import { RedisWebhookStore } from '../../src/store/redis/webhook-store.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteWebhookStore } from '../../src/store/sqlite/webhook-store.js';
import { BullMqDeliveryScheduler } from '../../src/webhooks/bullmq-scheduler.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../src/webhooks/events.js';
import type { WebhookStore } from '../../src/webhooks/ports.js';
import { startRedisOrSkip } from '../helpers/redis.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 10, minute)).toISOString();

const endpoint = (
  id: string,
  events: WebhookEndpoint['events'],
  minute: number,
): WebhookEndpoint => ({
  id,
  url: `https://hooks.example.com/${id}`,
  description: '',
  events,
  secret: 'whsec_c2VjcmV0',
  created_by: { sub: 'u-adam', name: 'Adam Admin' },
  created_at: at(minute),
});

const delivery = (id: string, webhookId: string, minute: number): WebhookDelivery => ({
  id,
  webhook_id: webhookId,
  event_id: `msg_${id}`,
  event_type: 'job.completed',
  payload: '{"type":"job.completed"}',
  state: 'pending',
  attempt_count: 0,
  schedule_seq: 1,
  next_attempt_at: at(minute),
  attempts: [],
  created_at: at(minute),
  updated_at: at(minute),
});

async function contract(t: Tap, store: WebhookStore) {
  await store.createEndpoint(endpoint('a', ['job.completed', 'job.failed'], 1));
  await store.createEndpoint(endpoint('b', ['policy.activated'], 2));
  t.same(
    (await store.listEndpoints()).map((e) => e.id),
    ['a', 'b'],
  );
  t.same(
    (await store.subscribers('job.failed')).map((e) => e.id),
    ['a'],
  );
  t.same(await store.subscribers('invoice.overridden'), []);
  t.equal((await store.getEndpoint('b'))?.url, 'https://hooks.example.com/b');
  t.equal(await store.getEndpoint('zz'), null);

  await store.addDeliveries([
    delivery('d1', 'a', 10),
    delivery('d2', 'a', 11),
    delivery('d3', 'a', 12),
    delivery('x1', 'gone', 13),
  ]);
  t.equal(await store.getDelivery('x1'), null, 'a delivery of a missing endpoint is dropped');
  const first = await store.listDeliveries('a', { limit: 2 });
  t.same(
    first.items.map((d) => d.id),
    ['d3', 'd2'],
    'newest first',
  );
  const second = await store.listDeliveries('a', { limit: 2, cursor: first.next_cursor });
  t.same(
    second.items.map((d) => d.id),
    ['d1'],
  );
  t.equal(second.next_cursor, null);

  t.same(
    (await store.due(new Date(at(11)), 10)).map((d) => d.id),
    ['d1', 'd2'],
    'due at the given time, soonest first',
  );
  t.equal((await store.nextDueAt())?.toISOString(), at(10));

  const d1 = (await store.getDelivery('d1')) as WebhookDelivery;
  const done: WebhookDelivery = {
    ...d1,
    state: 'succeeded',
    schedule_seq: 2,
    attempt_count: 1,
    next_attempt_at: null,
    attempts: [{ at: at(10), status_code: 204, error: null, duration_ms: 3, manual: false }],
  };
  t.equal(await store.saveDelivery(done, 5), false, 'a stale seq writes nothing');
  t.equal((await store.getDelivery('d1'))?.state, 'pending');
  t.equal(await store.saveDelivery(done, 1), true);
  t.same(await store.getDelivery('d1'), done);
  t.same(
    (await store.due(new Date(at(59)), 10)).map((d) => d.id),
    ['d2', 'd3'],
    'a delivered one is no longer due',
  );
  t.equal((await store.nextDueAt())?.toISOString(), at(11));

  t.equal(await store.deleteEndpoint('a'), true);
  t.equal(await store.deleteEndpoint('a'), false);
  t.equal(await store.getDelivery('d2'), null, 'the log goes with the endpoint');
  t.same(await store.due(new Date(at(59)), 10), []);
  t.equal(await store.nextDueAt(), null);
  t.same(
    (await store.listEndpoints()).map((e) => e.id),
    ['b'],
  );
}

const day = (n: number) => new Date(Date.UTC(2026, 9, 1) + n * 86_400_000).toISOString();

/** A delivery created on `created` and last changed on `updated`, in the given state. */
const aged = (
  id: string,
  webhookId: string,
  state: WebhookDelivery['state'],
  created: number,
  updated: number,
): WebhookDelivery => ({
  ...delivery(id, webhookId, 0),
  state,
  next_attempt_at: state === 'pending' ? day(updated + 1) : null,
  created_at: day(created),
  updated_at: day(updated),
});

/** The retention purge: finished deliveries last changed before the cutoff go, nothing else. */
async function purgeContract(t: Tap, store: WebhookStore) {
  await store.createEndpoint(endpoint('a', ['job.completed'], 1));
  await store.createEndpoint(endpoint('b', ['job.completed'], 2));
  await store.addDeliveries([
    aged('old-ok', 'a', 'succeeded', 0, 0),
    aged('old-failed', 'a', 'failed', 1, 2),
    aged('old-pending', 'a', 'pending', 2, 3),
    aged('redelivered', 'a', 'succeeded', 3, 40),
    aged('at-cutoff', 'a', 'failed', 4, 30),
    aged('recent', 'a', 'succeeded', 35, 35),
    aged('other-old', 'b', 'succeeded', 5, 5),
  ]);
  const cutoff = new Date(day(30));
  t.equal(await store.purgeDeliveries(cutoff), 3, 'counts what it deleted');
  for (const id of ['old-ok', 'old-failed', 'other-old'])
    t.equal(await store.getDelivery(id), null, `${id} is deleted`);
  t.same(
    (await store.listDeliveries('a', { limit: 10 })).items.map((d) => d.id),
    ['recent', 'at-cutoff', 'redelivered', 'old-pending'],
    'kept: pending however old, changed since the cutoff, changed exactly at it',
  );
  t.same(await store.listDeliveries('b', { limit: 10 }), { items: [], next_cursor: null });
  t.same(
    (await store.due(new Date(day(59)), 10)).map((d) => d.id),
    ['old-pending'],
    'a pending delivery is still retried',
  );
  t.equal((await store.nextDueAt())?.toISOString(), day(4));
  t.equal(await store.purgeDeliveries(cutoff), 0, 'a second pass finds nothing');

  // More than one batch of either adapter, led by more pending deliveries than one batch holds
  // (a purge that does not skip past them never gets further), then pending ones in between.
  const many: WebhookDelivery[] = [];
  for (let i = 0; i < 900; i++) {
    const pending = i < 210 || i % 8 === 0;
    many.push(aged(`m${String(i).padStart(3, '0')}`, 'b', pending ? 'pending' : 'failed', 6, 7));
  }
  await store.addDeliveries(many);
  t.equal(await store.purgeDeliveries(cutoff), 604);
  const left = await store.listDeliveries('b', { limit: 1000 });
  t.equal(left.items.length, 296);
  t.ok(
    left.items.every((d) => d.state === 'pending'),
    'only the pending ones are left',
  );
}

type Tap = typeof t;

t.test('SQLite', async (t) => {
  const db = openDatabase({ file: ':memory:', migrations: [] });
  t.teardown(() => db.close());
  await contract(t as unknown as Tap, new SqliteWebhookStore({ db }));
});

t.test('SQLite: purge', async (t) => {
  const db = openDatabase({ file: ':memory:', migrations: [] });
  t.teardown(() => db.close());
  await purgeContract(t as unknown as Tap, new SqliteWebhookStore({ db }));
});

t.test('Redis', async (t) => {
  const redis = await startRedisOrSkip(t);
  if (!redis) return;
  const store = new RedisWebhookStore({ url: redis.url });
  t.teardown(() => store.close());
  await contract(t as unknown as Tap, store);
});

t.test('Redis: purge', async (t) => {
  const redis = await startRedisOrSkip(t);
  if (!redis) return;
  const store = new RedisWebhookStore({ url: redis.url });
  t.teardown(() => store.close());
  await purgeContract(t as unknown as Tap, store);
});

t.test(
  'BullMQ: a pending delivery with no queued attempt is picked up when workers start',
  async (t) => {
    const redis = await startRedisOrSkip(t);
    if (!redis) return;
    const store = new RedisWebhookStore({ url: redis.url });
    const errors: unknown[] = [];
    const scheduler = new BullMqDeliveryScheduler({
      url: redis.url,
      store,
      concurrency: 1,
      onError: (error) => errors.push(error),
    });
    t.teardown(async () => {
      await scheduler.close();
      await store.close();
    });
    await store.createEndpoint(endpoint('a', ['job.completed'], 1));
    // Saved, but its BullMQ job was lost (e.g. the process died between the two writes).
    await store.addDeliveries([delivery('d1', 'a', 10)]);
    const handled = new Promise<[string, number]>((resolve) => {
      scheduler.start(async (id, seq) => resolve([id, seq]));
    });
    t.same(await handled, ['d1', 1]);
    t.same(errors, []);
  },
);

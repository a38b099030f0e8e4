/**
 * The two webhook stores behave the same: endpoints and subscribers, deliveries of deleted
 * endpoints dropped, the log newest first in pages, a save guarded by schedule_seq, the due list
 * and the next due time, and deletion taking the log with it.
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

type Tap = typeof t;

t.test('SQLite', async (t) => {
  const db = openDatabase({ file: ':memory:', migrations: [] });
  t.teardown(() => db.close());
  await contract(t as unknown as Tap, new SqliteWebhookStore({ db }));
});

t.test('Redis', async (t) => {
  const redis = await startRedisOrSkip(t);
  if (!redis) return;
  const store = new RedisWebhookStore({ url: redis.url });
  t.teardown(() => store.close());
  await contract(t as unknown as Tap, store);
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

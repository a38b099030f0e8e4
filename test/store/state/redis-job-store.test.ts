import { Redis } from 'ioredis';
import t, { type Test } from 'tap';
import { RedisJobStore } from '../../../src/store/redis/job-store.js';
import { startRedisOrSkip } from '../../helpers/redis.js';
import { isolatedPrefix } from './backends.js';
import { eventCollector, makeJob, seqs } from './fixtures.js';

t.test('RedisJobStore across instances', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const open = (t: Test, keyPrefix: string, blockMs?: number) => {
    const store = new RedisJobStore({
      url: server.url,
      keyPrefix,
      ...(blockMs === undefined ? {} : { blockMs }),
    });
    t.teardown(() => store.close());
    return store;
  };

  t.test('an instance streams, in order, the events another instance appends', async (t) => {
    const prefix = isolatedPrefix();
    const worker = open(t, prefix);
    const api = open(t, prefix);
    await worker.create(makeJob('job-1'));
    const live = eventCollector();
    api.subscribe('job-1', live.listener);
    for (let i = 1; i <= 20; i++)
      await worker.appendEvent('job-1', { type: 'progress', data: { i } });
    await live.until(20);
    t.same(
      seqs(live.events),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    t.same(
      live.events.map((event) => event.data.i),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    t.same(
      await api.events('job-1', 15),
      await worker.events('job-1', 15),
      'both instances replay the same events',
    );
  });

  t.test('appends from two instances at once share one gap-free numbering', async (t) => {
    const prefix = isolatedPrefix();
    const first = open(t, prefix);
    const second = open(t, prefix);
    await first.create(makeJob('job-1'));
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? first : second).appendEvent('job-1', { type: 'progress', data: { i } }),
      ),
    );
    t.same(
      seqs(appended).sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    t.same(
      seqs(await first.events('job-1', 0)),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });

  t.test('a new subscription interrupts a read that would otherwise block forever', async (t) => {
    const prefix = isolatedPrefix();
    const writer = open(t, prefix);
    const reader = open(t, prefix, 0);
    await writer.create(makeJob('job-quiet'));
    await writer.create(makeJob('job-busy'));
    reader.subscribe('job-quiet', () => t.fail('no event was appended to the quiet job'));
    // Lets the follower enter XREAD BLOCK 0 on the quiet job before the second subscription.
    await reader.ping();
    const live = eventCollector();
    reader.subscribe('job-busy', live.listener);
    await writer.appendEvent('job-busy', { type: 'job', data: {} });
    await live.until(1);
    t.same(seqs(live.events), [1]);
  });

  t.test('events live in a stream per job under the key prefix', async (t) => {
    const prefix = isolatedPrefix();
    const store = open(t, prefix);
    await store.create(makeJob('job-1'));
    await store.appendEvent('job-1', { type: 'job', data: {} });
    await store.appendEvent('job-1', { type: 'done', data: {} });
    const probe = new Redis(server.url);
    t.teardown(() => probe.quit());
    t.equal(await probe.xlen(`${prefix}jobs:job-1:events`), 2);
    t.same(await probe.smembers(`${prefix}unfinished-jobs`), ['job-1']);
  });
});

import type { Test } from 'tap';
import { ConflictError, NotFoundError } from '../../../src/errors.js';
import type { JobStore } from '../../../src/store/ports.js';
import type { Clock, ErrorReporter } from '../../../src/store/state-codec.js';
import { eventCollector, makeJob, seqs } from './fixtures.js';

export interface JobStoreFactoryOptions {
  onError?: ErrorReporter;
  clock?: Clock;
}

/** Returns a store over empty storage; the factory closes it in t.teardown. */
export type JobStoreFactory = (t: Test, options?: JobStoreFactoryOptions) => Promise<JobStore>;

/** The behaviour every JobStore adapter must have, whatever it stores in. */
export function runJobStoreContract(t: Test, make: JobStoreFactory): void {
  t.test('create then get returns the same job; an unknown id is null', async (t) => {
    const store = await make(t);
    const job = makeJob('job-1', {
      results: [],
      counts: { total: 2, done: 0, analysed: 0, failed: 0 },
    });
    await store.create(job);
    t.same(await store.get('job-1'), job);
    t.equal(await store.get('job-unknown'), null);
    await store.ping();
  });

  t.test('creating an existing id is a conflict and keeps the first job', async (t) => {
    const store = await make(t);
    await store.create(makeJob('job-1', { owner_name: 'first' }));
    await t.rejects(store.create(makeJob('job-1', { owner_name: 'second' })), ConflictError);
    t.equal((await store.get('job-1'))?.owner_name, 'first');
  });

  t.test('save replaces the stored job; saving an unknown job is not found', async (t) => {
    const store = await make(t);
    await store.create(makeJob('job-1'));
    const running = makeJob('job-1', {
      state: 'running',
      counts: { total: 3, done: 1, analysed: 1, failed: 0 },
      updated_at: '2025-01-31T10:05:00.000Z',
    });
    await store.save(running);
    t.same(await store.get('job-1'), running);
    await t.rejects(store.save(makeJob('job-missing')), NotFoundError);
    t.equal(await store.get('job-missing'), null);
  });

  t.test(
    'listUnfinished returns queued and running jobs, oldest first, and forgets finished ones',
    async (t) => {
      const store = await make(t);
      await store.create(makeJob('job-c', { created_at: '2025-01-31T10:03:00.000Z' }));
      await store.create(
        makeJob('job-a', { created_at: '2025-01-31T10:01:00.000Z', state: 'running' }),
      );
      await store.create(makeJob('job-b', { created_at: '2025-01-31T10:02:00.000Z' }));
      await store.create(
        makeJob('job-done', { created_at: '2025-01-31T10:00:00.000Z', state: 'succeeded' }),
      );
      t.same(
        (await store.listUnfinished()).map((job) => job.id),
        ['job-a', 'job-b', 'job-c'],
      );

      await store.save(
        makeJob('job-a', { created_at: '2025-01-31T10:01:00.000Z', state: 'succeeded' }),
      );
      await store.save(
        makeJob('job-b', { created_at: '2025-01-31T10:02:00.000Z', state: 'failed' }),
      );
      await store.save(
        makeJob('job-c', { created_at: '2025-01-31T10:03:00.000Z', state: 'running' }),
      );
      t.same(
        (await store.listUnfinished()).map((job) => job.id),
        ['job-c'],
      );
    },
  );

  t.test('50 concurrent appends are numbered 1..50 without gaps, per job', async (t) => {
    const store = await make(t);
    await store.create(makeJob('job-1'));
    await store.create(makeJob('job-2'));
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.appendEvent(i % 5 === 0 ? 'job-2' : 'job-1', { type: 'progress', data: { i } }),
      ),
    );
    const forJob1 = appended.filter((event) => event.job_id === 'job-1');
    t.same(
      seqs(forJob1).sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => i + 1),
      'returned numbers are 1..40',
    );
    const stored = await store.events('job-1', 0);
    t.same(
      seqs(stored),
      Array.from({ length: 40 }, (_, i) => i + 1),
      'stored in order 1..40',
    );
    t.same(
      seqs(await store.events('job-2', 0)),
      Array.from({ length: 10 }, (_, i) => i + 1),
      'another job has its own numbering',
    );
    for (const event of stored)
      t.same(
        event,
        forJob1.find((returned) => returned.seq === event.seq),
        `event ${event.seq} reads back as returned`,
      );
  });

  t.test('events keep their type, data and timestamp', async (t) => {
    const store = await make(t);
    await store.create(makeJob('job-1'));
    const event = await store.appendEvent('job-1', {
      type: 'document',
      data: { name: 'a.pdf', nested: { amount_minor: 12_345 }, flags: ['ocr'] },
    });
    t.match(event, {
      job_id: 'job-1',
      seq: 1,
      type: 'document',
      data: { name: 'a.pdf', nested: { amount_minor: 12_345 }, flags: ['ocr'] },
    });
    t.ok(!Number.isNaN(Date.parse(event.at)), 'at is an ISO timestamp');
    t.same(await store.events('job-1', 0), [event]);
  });

  t.test('events after a seq replays only the later ones', async (t) => {
    const store = await make(t);
    await store.create(makeJob('job-1'));
    for (let i = 1; i <= 5; i++)
      await store.appendEvent('job-1', { type: 'progress', data: { i } });
    t.same(seqs(await store.events('job-1', 3)), [4, 5]);
    t.same(seqs(await store.events('job-1', 5)), []);
    t.same(seqs(await store.events('job-1', 99)), []);
    t.same(await store.events('job-unknown', 0), []);
  });

  t.test('appending to an unknown job is not found and numbers nothing', async (t) => {
    const store = await make(t);
    await t.rejects(store.appendEvent('job-missing', { type: 'job', data: {} }), NotFoundError);
    await store.create(makeJob('job-missing'));
    t.equal((await store.appendEvent('job-missing', { type: 'job', data: {} })).seq, 1);
  });

  t.test(
    'a subscriber receives later events in order, only after subscribing, until it unsubscribes',
    async (t) => {
      const store = await make(t);
      await store.create(makeJob('job-1'));
      await store.create(makeJob('job-other'));
      await store.appendEvent('job-1', { type: 'job', data: {} });

      const leaving = eventCollector();
      const staying = eventCollector();
      const unsubscribe = store.subscribe('job-1', leaving.listener);
      store.subscribe('job-1', staying.listener);
      for (let i = 0; i < 10; i++) {
        await store.appendEvent('job-other', { type: 'progress', data: { i } });
        await store.appendEvent('job-1', { type: 'progress', data: { i } });
      }
      await Promise.all([leaving.until(10), staying.until(10)]);
      t.same(
        seqs(leaving.events),
        [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        'in order, without the event before subscribing or another job',
      );
      t.same(
        leaving.events.map((event) => event.data.i),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );

      unsubscribe();
      await store.appendEvent('job-1', { type: 'done', data: {} });
      await staying.until(11);
      t.same(seqs(staying.events).at(-1), 12, 'the remaining subscriber still receives');
      t.equal(leaving.events.length, 10, 'the unsubscribed listener received nothing more');
    },
  );

  t.test('subscribe then replay hands over without a gap', async (t) => {
    const store = await make(t);
    await store.create(makeJob('job-1'));
    for (let i = 0; i < 3; i++) await store.appendEvent('job-1', { type: 'progress', data: { i } });
    const live = eventCollector();
    store.subscribe('job-1', live.listener);
    const replayed = await store.events('job-1', 1);
    const lastReplayed = replayed.at(-1)?.seq ?? 1;
    await store.appendEvent('job-1', { type: 'done', data: {} });
    await live.until(1);
    const merged = [...replayed, ...live.events.filter((event) => event.seq > lastReplayed)];
    t.same(seqs(merged), [2, 3, 4]);
  });

  t.test(
    'a listener that throws is reported and does not break appends or other listeners',
    async (t) => {
      const reported: unknown[] = [];
      const store = await make(t, { onError: (error) => reported.push(error) });
      await store.create(makeJob('job-1'));
      store.subscribe('job-1', () => {
        throw new Error('client went away');
      });
      const healthy = eventCollector();
      store.subscribe('job-1', healthy.listener);
      await store.appendEvent('job-1', { type: 'job', data: {} });
      await store.appendEvent('job-1', { type: 'done', data: {} });
      await healthy.until(2);
      t.same(seqs(healthy.events), [1, 2]);
      t.same(
        reported.map((error) => (error as Error).message),
        ['client went away', 'client went away'],
      );
    },
  );
}

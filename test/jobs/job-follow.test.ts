/**
 * JobService.follow, the source of every job event stream, against the real SQLite job store: a
 * stream opened at any moment of a job sees each event once, in order, through `done`.
 */

import type { Test } from 'tap';
import t from 'tap';
import type { Job } from '../../src/domain/jobs.js';
import type { Caller } from '../../src/domain/types.js';
import { JobService } from '../../src/pipeline/job-service.js';
import type { JobQueue } from '../../src/pipeline/queue.js';
import type { DocumentReader } from '../../src/pipeline/types.js';
import { SqliteJobStore } from '../../src/store/sqlite/job-store.js';
import { openStateDatabase } from '../store/state/backends.js';
import { makeJob } from '../store/state/fixtures.js';

const owner: Caller = { sub: 'user-a', name: 'Asha', role: 'employee' };
const unusedQueue: JobQueue = {
  enqueue: async () => {},
  process: () => {},
  close: async () => {},
  ping: async () => {},
};
const unusedReader = {} as DocumentReader;

function setUp(t: Test) {
  const jobs = new SqliteJobStore({ db: openStateDatabase(t) });
  t.teardown(() => jobs.close());
  return { jobs, service: new JobService({ jobs, queue: unusedQueue, reader: unusedReader }) };
}

async function collect(
  service: JobService,
  id: string,
  afterSeq = 0,
  signal = new AbortController().signal,
): Promise<string[]> {
  const seen: string[] = [];
  for await (const event of service.follow(owner, id, afterSeq, signal))
    seen.push(`${event.seq}:${event.type}`);
  return seen;
}

const finish = async (jobs: SqliteJobStore, job: Job) => jobs.save({ ...job, state: 'succeeded' });

t.test(
  'a stream opened mid-job gets the stored events, then the live ones, through done',
  async (t) => {
    const { jobs, service } = setUp(t);
    const job = makeJob('job-live');
    await jobs.create(job);
    await jobs.appendEvent(job.id, { type: 'job', data: {} });
    await jobs.appendEvent(job.id, { type: 'progress', data: {} });
    const stream = collect(service, job.id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await jobs.appendEvent(job.id, { type: 'document', data: {} });
    await finish(jobs, job);
    await jobs.appendEvent(job.id, { type: 'done', data: {} });
    t.same(await stream, ['1:job', '2:progress', '3:document', '4:done']);
  },
);

t.test('a stream that arrives between the final state and done still gets done', async (t) => {
  const { jobs, service } = setUp(t);
  const job = makeJob('job-race');
  await jobs.create(job);
  await jobs.appendEvent(job.id, { type: 'job', data: {} });
  await jobs.appendEvent(job.id, { type: 'document', data: {} });
  await finish(jobs, job); // what runAnalysisJob does before removing the upload and sending done
  const stream = collect(service, job.id);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await jobs.appendEvent(job.id, { type: 'done', data: {} });
  t.same(await stream, ['1:job', '2:document', '3:done']);
});

t.test('a resumed stream starts after Last-Event-ID and repeats nothing', async (t) => {
  const { jobs, service } = setUp(t);
  const job = makeJob('job-resume');
  await jobs.create(job);
  for (const type of ['job', 'progress', 'document', 'document'] as const)
    await jobs.appendEvent(job.id, { type, data: {} });
  const stream = collect(service, job.id, 2);
  await jobs.appendEvent(job.id, { type: 'done', data: {} });
  await finish(jobs, job);
  t.same(await stream, ['3:document', '4:document', '5:done']);
});

t.test(
  'a job that ended without done (a crash in between) does not hold its streams open',
  async (t) => {
    const { jobs, service } = setUp(t);
    const job = makeJob('job-crashed');
    await jobs.create(job);
    await jobs.appendEvent(job.id, { type: 'job', data: {} });
    await jobs.save({ ...job, state: 'failed' });
    t.same(
      await collect(service, job.id),
      ['1:job'],
      'the stream ends after a short wait for done',
    );
  },
);

t.test('closing the client ends the stream of a running job', async (t) => {
  const { jobs, service } = setUp(t);
  const job = makeJob('job-running');
  await jobs.create(job);
  await jobs.appendEvent(job.id, { type: 'job', data: {} });
  const client = new AbortController();
  const stream = collect(service, job.id, 0, client.signal);
  await new Promise((resolve) => setTimeout(resolve, 20));
  client.abort();
  t.same(await stream, ['1:job']);
  t.equal((await jobs.get(job.id))?.state, 'queued', 'the job itself is untouched');
});

t.test(
  'resuming a finished job after its done, or past its last event, ends at once with nothing',
  async (t) => {
    const { jobs, service } = setUp(t);
    const job = makeJob('job-resumed-at-end');
    await jobs.create(job);
    await jobs.appendEvent(job.id, { type: 'job', data: {} });
    await jobs.appendEvent(job.id, { type: 'document', data: {} });
    await finish(jobs, job);
    await jobs.appendEvent(job.id, { type: 'done', data: {} });
    // Well under the wait for a late done: ending by that wait would be the bug.
    const within = <T>(work: Promise<T>) =>
      Promise.race([
        work,
        new Promise<'still open'>((resolve) =>
          setTimeout(() => resolve('still open'), 2000).unref(),
        ),
      ]);
    t.same(await within(collect(service, job.id, 3)), [], 'after done');
    t.same(await within(collect(service, job.id, 9)), [], 'past the last event');
    t.same(await within(collect(service, job.id, 2)), ['3:done'], 'before done: done is replayed');
  },
);

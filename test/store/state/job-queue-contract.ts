import type { Test } from 'tap';
import { ServiceUnavailableError } from '../../../src/errors.js';
import type { JobFailureReporter, JobQueue } from '../../../src/pipeline/queue.js';
import { condition, gate } from './fixtures.js';

/**
 * The producer queues, the consumer processes: the same queue in embedded mode, two instances
 * (an API and a worker) sharing Redis in server mode. The factory closes both in t.teardown.
 */
export type JobQueueFactory = (
  t: Test,
  onFailure: JobFailureReporter,
) => Promise<{ producer: JobQueue; consumer: JobQueue }>;

/** Records handler runs and lets tests wait for them without timers. */
function handlerLog() {
  const started: string[] = [];
  const finished: string[] = [];
  const changed = condition();
  let active = 0;
  let maxActive = 0;
  const run = async (jobId: string, work: () => Promise<void> = async () => {}) => {
    started.push(jobId);
    maxActive = Math.max(maxActive, ++active);
    changed.notify();
    try {
      await work();
    } finally {
      active--;
      finished.push(jobId);
      changed.notify();
    }
  };
  return { started, finished, run, maxActive: () => maxActive, until: changed.until };
}

export function runJobQueueContract(t: Test, make: JobQueueFactory): void {
  t.test(
    'runs every queued id once, first in first out; queueing a waiting id again is a no-op',
    async (t) => {
      const { producer, consumer } = await make(t, () => t.fail('no handler fails here'));
      await producer.ping();
      for (const id of ['job-a', 'job-b', 'job-a', 'job-c', 'job-b']) await producer.enqueue(id);
      const log = handlerLog();
      consumer.process((jobId) => log.run(jobId), 1);
      await log.until(() => log.finished.length >= 3);
      await producer.enqueue('job-last');
      await log.until(() => log.finished.includes('job-last'));
      t.same(log.started, ['job-a', 'job-b', 'job-c', 'job-last']);
    },
  );

  t.test(
    'queueing a running id is a no-op; once it has finished it can be queued again',
    async (t) => {
      const { producer, consumer } = await make(t, () => t.fail('no handler fails here'));
      const log = handlerLog();
      const release = gate();
      consumer.process(
        (jobId) =>
          log.run(jobId, () => (log.started.length === 1 ? release.opened : Promise.resolve())),
        1,
      );
      await producer.enqueue('job-a');
      await log.until(() => log.started.length === 1);
      await producer.enqueue('job-a');
      await producer.enqueue('job-b');
      release.open();
      await log.until(() => log.finished.includes('job-b'));
      t.same(log.started, ['job-a', 'job-b'], 'the running id was not queued twice');
      await producer.enqueue('job-a');
      await log.until(() => log.finished.length === 3);
      t.same(
        log.started,
        ['job-a', 'job-b', 'job-a'],
        'a finished id runs again (resume after a restart)',
      );
    },
  );

  t.test('never runs more handlers at once than the concurrency', async (t) => {
    const { producer, consumer } = await make(t, () => t.fail('no handler fails here'));
    const log = handlerLog();
    const gates = new Map(['job-1', 'job-2', 'job-3', 'job-4', 'job-5'].map((id) => [id, gate()]));
    consumer.process(
      (jobId) => log.run(jobId, () => gates.get(jobId)?.opened ?? Promise.resolve()),
      2,
    );
    for (const id of gates.keys()) await producer.enqueue(id);
    await log.until(() => log.started.length === 2);
    t.same(log.started, ['job-1', 'job-2']);
    for (const id of gates.keys()) {
      gates.get(id)?.open();
      await log.until(() => log.finished.includes(id));
    }
    await log.until(() => log.finished.length === 5);
    t.equal(log.maxActive(), 2);
    t.same([...log.started].sort(), ['job-1', 'job-2', 'job-3', 'job-4', 'job-5']);
  });

  t.test('a failing handler is reported with its job id and the queue goes on', async (t) => {
    const failures = condition();
    const reported: Array<{ message: string; jobId: string | null }> = [];
    const { producer, consumer } = await make(t, (error, jobId) => {
      reported.push({ message: (error as Error).message, jobId });
      failures.notify();
    });
    const log = handlerLog();
    consumer.process(
      (jobId) =>
        log.run(jobId, async () => {
          if (jobId === 'job-bad') throw new Error('model unavailable');
        }),
      1,
    );
    await producer.enqueue('job-bad');
    await producer.enqueue('job-good');
    await log.until(() => log.finished.includes('job-good'));
    await failures.until(() => reported.length === 1);
    t.same(reported, [{ message: 'model unavailable', jobId: 'job-bad' }]);
  });

  t.test('close waits for running handlers, then refuses new ids', async (t) => {
    const { producer, consumer } = await make(t, () => t.fail('no handler fails here'));
    const log = handlerLog();
    const release = gate();
    consumer.process((jobId) => log.run(jobId, () => release.opened), 1);
    await producer.enqueue('job-long');
    await log.until(() => log.started.length === 1);
    let closed = false;
    const closing = consumer.close().then(() => {
      closed = true;
    });
    t.equal(closed, false);
    release.open();
    await closing;
    t.same(log.finished, ['job-long'], 'the running handler finished before close resolved');
    await t.rejects(consumer.enqueue('job-late'), ServiceUnavailableError);
    await t.rejects(consumer.ping(), ServiceUnavailableError);
  });
}

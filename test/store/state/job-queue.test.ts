import t, { type Test } from 'tap';
import {
  BullMqJobQueue,
  InProcessJobQueue,
  type JobFailureReporter,
} from '../../../src/pipeline/queue.js';
import { startRedisOrSkip } from '../../helpers/redis.js';
import { isolatedPrefix } from './backends.js';
import { condition } from './fixtures.js';
import { runJobQueueContract } from './job-queue-contract.js';

t.test('InProcessJobQueue', async (t) => {
  runJobQueueContract(t, async (t, onFailure) => {
    const queue = new InProcessJobQueue({ onFailure });
    t.teardown(() => queue.close());
    return { producer: queue, consumer: queue };
  });

  t.test('close runs the ids queued before it to the end', async (t) => {
    const queue = new InProcessJobQueue();
    const handled: string[] = [];
    for (const id of ['job-1', 'job-2', 'job-3']) await queue.enqueue(id);
    queue.process(async (jobId) => {
      handled.push(jobId);
    }, 1);
    await queue.close();
    t.same(handled, ['job-1', 'job-2', 'job-3']);
  });

  t.test('process takes a positive concurrency, once', async (t) => {
    const queue = new InProcessJobQueue();
    t.throws(() => queue.process(async () => {}, 0), RangeError);
    queue.process(async () => {}, 1);
    t.throws(() => queue.process(async () => {}, 1), /already/);
    await queue.close();
  });
});

t.test('BullMqJobQueue', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const open = (t: Test, keyPrefix: string, onFailure?: JobFailureReporter) => {
    const queue = new BullMqJobQueue({
      url: server.url,
      keyPrefix,
      ...(onFailure ? { onFailure } : {}),
    });
    t.teardown(() => queue.close());
    return queue;
  };

  runJobQueueContract(t, async (t, onFailure) => {
    const keyPrefix = isolatedPrefix();
    return { producer: open(t, keyPrefix), consumer: open(t, keyPrefix, onFailure) };
  });

  t.test(
    'a worker started later takes what an API instance queued, and another deployment prefix sees nothing',
    async (t) => {
      const keyPrefix = isolatedPrefix();
      const api = open(t, keyPrefix);
      const otherDeployment = open(t, isolatedPrefix());
      otherDeployment.process(async (jobId) => {
        t.fail(`another prefix must not see ${jobId}`);
      }, 1);
      await api.enqueue('job-1');
      const worker = open(t, keyPrefix);
      const handled: string[] = [];
      const changed = condition();
      worker.process(async (jobId) => {
        handled.push(jobId);
        changed.notify();
      }, 1);
      await changed.until(() => handled.length === 1);
      t.same(handled, ['job-1']);
    },
  );
});

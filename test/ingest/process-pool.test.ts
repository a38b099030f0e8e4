import t from 'tap';
import { ProcessPool, residentBytes } from '../../src/pipeline/ingest/process-pool.js';
import type { PoolChildTask } from '../helpers/pool-child.js';

const MiB = 1024 * 1024;
const helpersUrl = new URL('../helpers/pool-child.ts', import.meta.url).href;

function pool(options: Partial<ConstructorParameters<typeof ProcessPool>[0]> = {}) {
  const created = new ProcessPool<PoolChildTask, number>({
    callerUrl: helpersUrl,
    entry: 'pool-child',
    size: 1,
    maxOldSpaceMb: 64,
    maxRssBytes: 400 * MiB,
    recycleAboveRssBytes: 300 * MiB,
    recycleAfterTasks: 100,
    idleMs: 60_000,
    startupTimeoutMs: 60_000,
    sampleMs: 10,
    ...options,
  });
  return created;
}
const limits = { timeoutMs: 30_000 };

t.test('one process serves task after task, and ends when idle: its memory is gone', async (t) => {
  const p = pool({ idleMs: 300 });
  t.teardown(() => p.close());
  const first = await p.run({ kind: 'hold', mib: 64 }, limits);
  t.equal(await p.run({ kind: 'pid' }, limits), first, 'the same process');
  t.ok((residentBytes(first) ?? 0) > 64 * MiB, 'holding what the task allocated');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  t.same(p.processIds, [], 'no process left while idle');
  t.equal(residentBytes(first), null, 'the process and its memory are gone');
  t.not(await p.run({ kind: 'pid' }, limits), first, 'the next task starts a new process');
});

t.test('a child runs without source maps, even when NODE_OPTIONS turns them on', async (t) => {
  // They would hold a library's megabyte source maps in every child's memory (tap's own
  // process tracker turns them on in code, so the child switches them off after loaders ran).
  const before = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${before ?? ''} --enable-source-maps`.trim();
  t.teardown(() => {
    if (before === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = before;
  });
  const p = pool();
  t.teardown(() => p.close());
  t.equal(await p.run({ kind: 'source-maps' }, limits), 0);
});

t.test('a process that took more than the recycle bound is replaced after its task', async (t) => {
  const p = pool({ recycleAboveRssBytes: 100 * MiB });
  t.teardown(() => p.close());
  const small = await p.run({ kind: 'hold', mib: 8 }, limits);
  t.equal(await p.run({ kind: 'pid' }, limits), small, 'under the bound: kept');
  const big = await p.run({ kind: 'hold', mib: 150 }, limits);
  t.equal(big, small, 'the task itself succeeds');
  t.not(await p.run({ kind: 'pid' }, limits), big, 'over the bound: a fresh process');
});

t.test('a process is replaced after a number of tasks, whatever its memory', async (t) => {
  const p = pool({ recycleAfterTasks: 2 });
  t.teardown(() => p.close());
  const a = await p.run({ kind: 'pid' }, limits);
  t.equal(await p.run({ kind: 'pid' }, limits), a);
  t.not(await p.run({ kind: 'pid' }, limits), a);
});

t.test('a working process over the memory cap is killed: the task fails as memory', async (t) => {
  const p = pool({ maxRssBytes: 200 * MiB });
  t.teardown(() => p.close());
  await t.rejects(p.run({ kind: 'hold', mib: 300 }, limits), {
    name: 'ProcessFailure',
    kind: 'memory',
    message: /more than 200 MiB/,
  });
  t.type(await p.run({ kind: 'pid' }, limits), 'number', 'the pool goes on with a new process');
});

t.test('a task over its time limit kills its process; a failing task is reported', async (t) => {
  const p = pool();
  t.teardown(() => p.close());
  await t.rejects(p.run({ kind: 'hang' }, { timeoutMs: 300 }), {
    name: 'ProcessFailure',
    kind: 'timeout',
  });
  await t.rejects(p.run({ kind: 'fail' }, limits), { name: 'TaskError', message: /on purpose/ });
  t.type(await p.run({ kind: 'pid' }, limits), 'number');
});

t.test('closing kills the processes and refuses further work', async (t) => {
  const p = pool();
  const pid = await p.run({ kind: 'pid' }, limits);
  await p.close();
  t.equal(residentBytes(pid), null);
  await t.rejects(p.run({ kind: 'pid' }, limits), { name: 'ProcessFailure', kind: 'closed' });
});

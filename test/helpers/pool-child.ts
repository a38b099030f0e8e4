// A child for test/ingest/process-pool.test.ts: holds memory, hangs or answers on request.
import { serveTasks } from '../../src/pipeline/ingest/process-child.js';

export type PoolChildTask =
  | { kind: 'pid' }
  | { kind: 'hold'; mib: number }
  | { kind: 'hang' }
  | { kind: 'fail' }
  | { kind: 'source-maps' };

const held: Buffer[] = [];

serveTasks<PoolChildTask, number>(async (task) => {
  if (task.kind === 'hold') {
    // Filled, so every page is resident, as decoded pixels or inflated streams are.
    held.push(Buffer.alloc(task.mib * 1024 * 1024, 1));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (task.kind === 'hang') for (;;);
  if (task.kind === 'fail') throw new Error('refused on purpose');
  if (task.kind === 'source-maps') return process.sourceMapsEnabled ? 1 : 0;
  return process.pid;
});

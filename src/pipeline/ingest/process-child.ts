/**
 * The child side of process-pool.ts: answers one task at a time over the IPC channel, and ends
 * with its parent (a child left behind by a crashed server would hold memory for nothing).
 */
import type { ChildMessage } from './process-pool.js';

export interface TaskControl {
  /** This process should not take another task: it answers this one, then exits. */
  retire(): void;
}

export function serveTasks<Task, Reply>(
  handle: (task: Task, control: TaskControl) => Promise<Reply>,
): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('This module runs only as a child process of a ProcessPool.');
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: { id: number; task: Task }) => {
    let retiring = false;
    const control: TaskControl = { retire: () => (retiring = true) };
    const answer = (payload: ChildMessage<Reply>): void => {
      send(payload, undefined, {}, () => {
        if (retiring) process.exit(0);
      });
    };
    handle(message.task, control).then(
      (reply) => answer({ id: message.id, ok: true, reply, retire: retiring }),
      (error: unknown) =>
        answer({
          id: message.id,
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  send({ ready: true } satisfies ChildMessage<Reply>);
}

import { type Job, type JobEvent, queuedJob } from '../../../src/domain/jobs.js';
import type { Clock } from '../../../src/store/state-codec.js';

export function makeJob(id: string, overrides: Partial<Job> = {}): Job {
  const input = {
    employee_name: 'Asha',
    claim_date: '2025-01-31',
    force: false,
    work_dir: `/tmp/jobs/${id}`,
    policy_file: {
      path: `/tmp/jobs/${id}/policy.pdf`,
      file_name: 'policy.pdf',
      media_type: 'application/pdf',
    },
    files: [
      {
        path: `/tmp/jobs/${id}/a.zip`,
        file_name: 'a.zip',
        media_type: 'application/zip',
        field: 'invoices_zip' as const,
      },
    ],
  };
  return {
    ...queuedJob(id, { sub: 'user-a', name: 'Asha' }, input, '2025-01-31T10:00:00.000Z'),
    ...overrides,
  };
}

/** A clock the test moves by hand, so expiry and ordering never depend on real time. */
export function manualClock(
  start = '2025-01-31T10:00:00.000Z',
): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  const clock = () => new Date(now);
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

/** Collects live events; `until(n)` resolves once n have arrived (the test timeout catches a hang). */
export function eventCollector() {
  const events: JobEvent[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const listener = (event: JobEvent) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (events.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const until = (count: number) =>
    events.length >= count
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ count, resolve }));
  return { events, listener, until };
}

export const seqs = (events: JobEvent[]) => events.map((event) => event.seq);

/** A promise the test settles by hand: lets handlers block until the test says so. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Resolves when a condition, re-checked on every notify(), becomes true. */
export function condition() {
  const waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  return {
    notify() {
      for (const waiter of [...waiters]) {
        if (!waiter.test()) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    until(test: () => boolean): Promise<void> {
      return test() ? Promise.resolve() : new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

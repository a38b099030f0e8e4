/**
 * Hourly housekeeping passes (the document purge, the webhook delivery purge) that run once an
 * hour per deployment. Embedded SQLite has one process, so its timer simply runs every pass. In
 * server mode every worker keeps its timer, and a Redis lease per hour lets the first worker to
 * ask run that hour's pass: one worker per hour is enough, since a pass does everything due,
 * whoever runs it.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export const HOUR_MS = 3_600_000;

/**
 * How a pass is scheduled: not at all (nothing to do), every pass of the one process that owns
 * the store (embedded SQLite), or every worker's timer but only the first to claim a period runs
 * (a store shared through Redis).
 */
export type PassSchedule = 'off' | 'every_pass' | 'one_worker_per_period';

export function passSchedule(options: { enabled: boolean; sharedStore: boolean }): PassSchedule {
  if (!options.enabled) return 'off';
  return options.sharedStore ? 'one_worker_per_period' : 'every_pass';
}

/** True when this process runs the pass of the period `now` falls in; false when another does. */
export type PeriodClaim = (now: Date) => Promise<boolean>;

/**
 * The lease key of `task` for the period `now` falls in. Periods are counted from the epoch, not
 * from each worker's start, so workers whose timers strike at different minutes name the same key.
 */
export function periodLeaseKey(
  prefix: string,
  task: string,
  now: Date,
  periodMs = HOUR_MS,
): string {
  return `${prefix}${task}:purge-lease:${Math.floor(now.getTime() / periodMs)}`;
}

/**
 * A claim through Redis `SET key NX PX`: the first worker to ask in a period takes its key, the
 * others find it taken. The key outlives its period (two periods) so a late timer of the same
 * period still finds it, and then expires on its own: nothing to release, and a worker that dies
 * mid-pass blocks no later period.
 */
export function redisPeriodClaim(
  client: Pick<Redis, 'set'>,
  prefix: string,
  task: string,
  periodMs = HOUR_MS,
): PeriodClaim {
  // Says who holds a period, for whoever looks at the key while debugging.
  const holder = randomUUID();
  return async (now) =>
    (await client.set(
      periodLeaseKey(prefix, task, now, periodMs),
      holder,
      'PX',
      2 * periodMs,
      'NX',
    )) === 'OK';
}

/** Runs `pass` every `everyMs` until the returned stop is called. */
export type Repeat = (pass: () => void, everyMs: number) => () => void;

/** The timer never keeps the process up: a stopping service does not wait for the next pass. */
const unrefInterval: Repeat = (pass, everyMs) => {
  const timer = setInterval(pass, everyMs);
  timer.unref();
  return () => clearInterval(timer);
};

/**
 * Runs `pass` now and then hourly. A pass still running when the next is due is not doubled;
 * errors go to onError, never thrown. With `claim`, a pass runs only when it claims its period,
 * and a claim Redis cannot answer is reported and skips the pass (no worker purges on its own).
 * The returned stop waits for a running pass, so the caller can close its stores after it.
 */
export function startHourlyPass(options: {
  pass: (now: Date) => Promise<void>;
  onError: (error: unknown) => void;
  claim?: PeriodClaim;
  clock?: () => Date;
  repeat?: Repeat;
}): () => Promise<void> {
  const { pass, onError, claim } = options;
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | null = null;
  const run = async () => {
    try {
      const now = clock();
      if (claim && !(await claim(now))) return;
      await pass(now);
    } catch (error) {
      onError(error);
    } finally {
      running = null;
    }
  };
  const strike = () => {
    running ??= run();
  };
  strike();
  const stopTimer = (options.repeat ?? unrefInterval)(strike, HOUR_MS);
  return async () => {
    stopTimer();
    await running;
  };
}

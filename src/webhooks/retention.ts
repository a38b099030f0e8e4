/**
 * WEBHOOK_DELIVERY_RETENTION_DAYS: the delivery log keeps every attempt of every event, so without
 * a limit it grows for as long as the service runs. Finished deliveries (succeeded or failed) are
 * deleted that many days after their last change; pending ones stay until they finish, so a
 * receiver that is down never loses a retry to the purge.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { WebhookStore } from './ports.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Deletes what is past retention; 0 days keeps everything. Returns how many deliveries went. */
export async function purgeOldDeliveries(options: {
  store: Pick<WebhookStore, 'purgeDeliveries'>;
  retentionDays: number;
  now: Date;
}): Promise<number> {
  if (options.retentionDays <= 0) return 0;
  return options.store.purgeDeliveries(
    new Date(options.now.getTime() - options.retentionDays * DAY_MS),
  );
}

export interface DeliveryRetentionLog {
  info(details: Record<string, unknown>, message: string): void;
}

/**
 * How the purge is scheduled: not at all (0 days), every pass of the one process that owns the
 * store (embedded SQLite), or, when several workers share one store (Redis), every worker keeps
 * its timer but only the first to claim a period runs that period's purge. One worker per period
 * is enough: a pass deletes everything past retention, whoever runs it.
 */
export type PurgeSchedule = 'off' | 'every_pass' | 'one_worker_per_period';

export function purgeSchedule(options: {
  retentionDays: number;
  sharedStore: boolean;
}): PurgeSchedule {
  if (options.retentionDays <= 0) return 'off';
  return options.sharedStore ? 'one_worker_per_period' : 'every_pass';
}

/** True when this process runs the purge of the period `now` falls in; false when another does. */
export type PurgeClaim = (now: Date) => Promise<boolean>;

/**
 * The lease key of the period `now` falls in. Periods are counted from the epoch, not from each
 * worker's start, so workers whose timers strike at different minutes name the same key.
 */
export function purgeLeaseKey(prefix: string, now: Date, periodMs = HOUR_MS): string {
  return `${prefix}webhooks:purge-lease:${Math.floor(now.getTime() / periodMs)}`;
}

/**
 * A claim through Redis `SET key NX PX`: the first worker to ask in a period takes its key, the
 * others find it taken. The key outlives its period (two periods) so a late timer of the same
 * period still finds it, and then expires on its own: nothing to release, and a worker that dies
 * mid-purge blocks no later period.
 */
export function redisPurgeClaim(
  client: Pick<Redis, 'set'>,
  prefix: string,
  periodMs = HOUR_MS,
): PurgeClaim {
  // Says who holds a period, for whoever looks at the key while debugging.
  const holder = randomUUID();
  return async (now) =>
    (await client.set(purgeLeaseKey(prefix, now, periodMs), holder, 'PX', 2 * periodMs, 'NX')) ===
    'OK';
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
 * Purges now and then hourly, as document retention does. A pass still running when the next is
 * due is not doubled; errors go to onError, never thrown. The returned stop waits for a running
 * pass, so the caller can close the store after it without the pass failing on a closed store.
 * With `claim` (a store shared by several workers), a pass runs only when it claims its period.
 */
export function startDeliveryRetention(options: {
  store: Pick<WebhookStore, 'purgeDeliveries'>;
  retentionDays: number;
  onError: (error: unknown) => void;
  log?: DeliveryRetentionLog;
  clock?: () => Date;
  repeat?: Repeat;
  claim?: PurgeClaim;
}): () => Promise<void> {
  const { store, retentionDays, onError, log, claim } = options;
  if (retentionDays <= 0) return async () => undefined;
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | null = null;
  const run = async () => {
    try {
      const now = clock();
      if (claim && !(await claim(now))) return;
      const deleted = await purgeOldDeliveries({ store, retentionDays, now });
      if (deleted > 0)
        log?.info({ deleted, retention_days: retentionDays }, 'webhook deliveries purged');
    } catch (error) {
      onError(error);
    } finally {
      running = null;
    }
  };
  const pass = () => {
    running ??= run();
  };
  pass();
  const stopTimer = (options.repeat ?? unrefInterval)(pass, HOUR_MS);
  return async () => {
    stopTimer();
    await running;
  };
}

/**
 * WEBHOOK_DELIVERY_RETENTION_DAYS: the delivery log keeps every attempt of every event, so without
 * a limit it grows for as long as the service runs. Finished deliveries (succeeded or failed) are
 * deleted that many days after their last change; pending ones stay until they finish, so a
 * receiver that is down never loses a retry to the purge.
 */
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
 */
export function startDeliveryRetention(options: {
  store: Pick<WebhookStore, 'purgeDeliveries'>;
  retentionDays: number;
  onError: (error: unknown) => void;
  log?: DeliveryRetentionLog;
  clock?: () => Date;
  repeat?: Repeat;
}): () => Promise<void> {
  const { store, retentionDays, onError, log } = options;
  if (retentionDays <= 0) return async () => undefined;
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | null = null;
  const run = async () => {
    try {
      const deleted = await purgeOldDeliveries({ store, retentionDays, now: clock() });
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

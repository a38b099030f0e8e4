/**
 * WEBHOOK_DELIVERY_RETENTION_DAYS: the delivery log keeps every attempt of every event, so without
 * a limit it grows for as long as the service runs. Finished deliveries (succeeded or failed) are
 * deleted that many days after their last change; pending ones stay until they finish, so a
 * receiver that is down never loses a retry to the purge.
 */
import { type PeriodClaim, type Repeat, startHourlyPass } from '../store/redis/hourly-lease.js';
import type { WebhookStore } from './ports.js';

const DAY_MS = 86_400_000;

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
 * Purges now and then hourly, as document retention does (src/store/redis/hourly-lease.ts). With
 * `claim` (a store shared by several workers), a pass runs only when it claims its hour.
 */
export function startDeliveryRetention(options: {
  store: Pick<WebhookStore, 'purgeDeliveries'>;
  retentionDays: number;
  onError: (error: unknown) => void;
  log?: DeliveryRetentionLog;
  clock?: () => Date;
  repeat?: Repeat;
  claim?: PeriodClaim;
}): () => Promise<void> {
  const { store, retentionDays, log, ...schedule } = options;
  if (retentionDays <= 0) return async () => undefined;
  return startHourlyPass({
    ...schedule,
    pass: async (now) => {
      const deleted = await purgeOldDeliveries({ store, retentionDays, now });
      if (deleted > 0)
        log?.info({ deleted, retention_days: retentionDays }, 'webhook deliveries purged');
    },
  });
}

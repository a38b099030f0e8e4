/** Builds webhooks for the configured mode: SQLite and a timer embedded, Redis and BullMQ in server mode. */

import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { closeRedis, DEFAULT_KEY_PREFIX, openRedis } from '../store/redis/connection.js';
import { passSchedule, redisPeriodClaim } from '../store/redis/hourly-lease.js';
import { RedisWebhookStore } from '../store/redis/webhook-store.js';
import type { SqliteDatabase } from '../store/sqlite/database.js';
import { SqliteWebhookStore } from '../store/sqlite/webhook-store.js';
import { VERSION } from '../version.js';
import { BullMqDeliveryScheduler } from './bullmq-scheduler.js';
import type { WebhookStore } from './ports.js';
import { type DeliveryRetentionLog, startDeliveryRetention } from './retention.js';
import { StoreDeliveryScheduler } from './scheduler.js';
import { httpSender } from './sender.js';
import { systemResolver } from './target.js';
import { WebhookService } from './webhook-service.js';

/** Deliveries attempted at once by one process. */
const DELIVERY_CONCURRENCY = 4;

export interface Webhooks {
  service: WebhookService;
  /**
   * For the process that works jobs: attempts deliveries, and purges the delivery log past
   * WEBHOOK_DELIVERY_RETENTION_DAYS (now, then hourly; in server mode one worker an hour),
   * logging how many went.
   */
  start(log?: DeliveryRetentionLog): void;
  /** Stops the purge and attempts (waiting for running ones), then closes the store. */
  close(): Promise<void>;
}

export function createWebhooks(
  config: Config,
  db: SqliteDatabase,
  onError: (error: unknown) => void,
): Webhooks {
  const store: WebhookStore & { close(): Promise<void> } = config.redisUrl
    ? new RedisWebhookStore({ url: config.redisUrl, onError })
    : new SqliteWebhookStore({ db });
  const scheduler = config.redisUrl
    ? new BullMqDeliveryScheduler({
        url: config.redisUrl,
        store,
        concurrency: DELIVERY_CONCURRENCY,
        onError,
      })
    : new StoreDeliveryScheduler({ store, concurrency: DELIVERY_CONCURRENCY, onError });
  const service = new WebhookService({
    store,
    scheduler,
    sender: httpSender({
      timeoutMs: config.webhookTimeoutMs,
      allowPrivate: config.webhookAllowPrivate,
      resolve: systemResolver,
      userAgent: `invoice-reimbursement-api/${VERSION} (webhooks)`,
    }),
    retry: {
      baseMs: config.webhookRetryBaseMs,
      maxMs: config.webhookRetryMaxMs,
      maxAttempts: config.webhookMaxAttempts,
    },
    allowPrivate: config.webhookAllowPrivate,
    resolve: systemResolver,
  });
  let stopRetention = async (): Promise<void> => undefined;
  // Server mode: every worker runs this, so they take turns through a lease in the shared Redis.
  let leaseClient: Redis | null = null;
  return {
    service,
    start(log) {
      service.start();
      const retentionDays = config.webhookDeliveryRetentionDays;
      const schedule = passSchedule({
        enabled: retentionDays > 0,
        sharedStore: Boolean(config.redisUrl),
      });
      if (schedule === 'one_worker_per_period' && config.redisUrl)
        leaseClient = openRedis(config.redisUrl, onError, 'commands');
      stopRetention = startDeliveryRetention({
        store,
        retentionDays,
        onError,
        log,
        ...(leaseClient
          ? { claim: redisPeriodClaim(leaseClient, DEFAULT_KEY_PREFIX, 'webhooks') }
          : {}),
      });
    },
    async close() {
      await stopRetention();
      if (leaseClient) await closeRedis(leaseClient);
      await service.close();
      await store.close();
    },
  };
}

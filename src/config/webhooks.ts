/** Webhooks: where deliveries may go, how long a down receiver is retried, how long the log is kept. */

import { setting } from './setting.js';

export const WEBHOOK_SETTINGS = {
  webhookAllowPrivate: setting({
    env: 'WEBHOOK_ALLOW_PRIVATE',
    kind: 'boolean',
    default: 'false',
    description:
      'Lets webhooks target private, loopback and link-local addresses (tests, a receiver on the same private network).',
  }),
  webhookTimeoutMs: setting({
    env: 'WEBHOOK_TIMEOUT_MS',
    kind: 'integer',
    default: '10000',
    min: 100,
    max: 60_000,
    description: 'How long one delivery attempt waits for the receiver to answer.',
  }),
  webhookMaxAttempts: setting({
    env: 'WEBHOOK_MAX_ATTEMPTS',
    kind: 'integer',
    default: '15',
    min: 1,
    max: 50,
    description:
      'Attempts of one delivery before it is marked failed (the defaults retry for at least 8 hours).',
  }),
  webhookRetryBaseMs: setting({
    env: 'WEBHOOK_RETRY_BASE_MS',
    kind: 'integer',
    default: '5000',
    min: 1,
    description:
      'Wait before the first retry; each further retry waits twice as long, with random jitter.',
  }),
  webhookRetryMaxMs: setting({
    env: 'WEBHOOK_RETRY_MAX_MS',
    kind: 'integer',
    default: '21600000',
    min: 1,
    description: 'Longest wait between two attempts (6 hours by default).',
  }),
  webhookDeliveryRetentionDays: setting({
    env: 'WEBHOOK_DELIVERY_RETENTION_DAYS',
    kind: 'integer',
    default: '30',
    min: 0,
    // A bound far inside what a Date can hold (a huge value would make the cutoff an invalid date).
    max: 36_500,
    rangeReason: '0 keeps deliveries forever, and 100 years is the longest limit',
    description:
      'Finished webhook deliveries (delivered or failed) are deleted this many days after their last attempt (checked hourly: with the embedded database by the one process, in server mode by one worker an hour, whichever takes the Redis lease for that hour); pending ones are kept until they finish. 0 keeps them forever.',
  }),
} as const;

/** Webhooks: where deliveries may go and how long a receiver that is down is retried. */

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
} as const;

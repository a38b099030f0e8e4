/** Qdrant and Redis: used when their URLs are set. */

import { setting } from './setting.js';

export const SERVICE_SETTINGS = {
  qdrantUrl: setting({
    env: 'QDRANT_URL',
    kind: 'url',
    description: 'Stores invoices in Qdrant instead of SQLite.',
  }),
  qdrantApiKey: setting({
    env: 'QDRANT_API_KEY',
    kind: 'string',
    secret: true,
    description: 'Qdrant API key.',
  }),
  qdrantCollection: setting({
    env: 'QDRANT_COLLECTION',
    kind: 'string',
    default: 'invoices',
    description: 'Qdrant collection name.',
  }),
  redisUrl: setting({
    env: 'REDIS_URL',
    kind: 'url',
    description: 'Moves jobs, events, chat history, idempotency keys and rate limits to Redis.',
  }),
  runWorker: setting({
    env: 'RUN_WORKER',
    kind: 'boolean',
    default: 'true',
    description:
      'Work jobs in the API process (set false when separate `npm run worker` processes do).',
  }),
} as const;

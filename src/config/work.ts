/** How jobs and chat are worked. */

import { setting } from './setting.js';

export const WORK_SETTINGS = {
  jobConcurrency: setting({
    env: 'JOB_CONCURRENCY',
    kind: 'integer',
    min: 1,
    default: '2',
    description: 'Jobs worked at once per process.',
  }),
  documentConcurrency: setting({
    env: 'DOCUMENT_CONCURRENCY',
    kind: 'integer',
    min: 1,
    default: '16',
    description: 'Documents of one job read and extracted at once.',
  }),
  lowConfidenceBelow: setting({
    env: 'LOW_CONFIDENCE_BELOW',
    kind: 'string',
    default: '0.6',
    description: 'Field confidence under which an invoice is flagged `low_confidence`.',
  }),
  idempotencyTtlHours: setting({
    env: 'IDEMPOTENCY_TTL_HOURS',
    kind: 'integer',
    min: 1,
    default: '24',
    description: 'How long Idempotency-Key answers are kept.',
  }),
  chatMaxTurns: setting({
    env: 'CHAT_MAX_TURNS',
    kind: 'integer',
    min: 2,
    default: '20',
    description: 'Chat turns kept per session.',
  }),
  chatMaxQueryLength: setting({
    env: 'CHAT_MAX_QUERY_LENGTH',
    kind: 'integer',
    min: 10,
    default: '1000',
    description: 'Maximum characters of one chat question.',
  }),
} as const;

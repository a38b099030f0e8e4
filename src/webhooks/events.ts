/**
 * What webhooks announce: the event types, their payload (Standard Webhooks: `type`, `timestamp`,
 * `data`) and the records of endpoints and deliveries. Pure: no I/O.
 */

export const WEBHOOK_EVENT_TYPES = [
  'job.completed',
  'job.failed',
  'invoice.overridden',
  'policy.activated',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** One thing that happened; every endpoint subscribed to its type gets the same id and body. */
export interface WebhookEvent {
  /** The Standard Webhooks message id (`webhook-id`): the same for every retry, for deduplication. */
  id: string;
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}

/** The body every delivery of the event sends, exactly as signed. */
export function eventBody(event: WebhookEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
}

export interface WebhookActor {
  sub: string;
  name: string;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  /** `whsec_…` (Standard Webhooks): shown once, when the endpoint is created. */
  secret: string;
  created_by: WebhookActor;
  created_at: string;
}

/** `pending`: an attempt is due at `next_attempt_at`; the other two are final until a redelivery. */
export type DeliveryState = 'pending' | 'succeeded' | 'failed';

export interface DeliveryAttempt {
  at: string;
  /** The receiver's HTTP status; null when there was no answer (refused, timeout, blocked). */
  status_code: number | null;
  /** Why the attempt failed without an answer, or the start of a non-2xx answer's body. */
  error: string | null;
  duration_ms: number;
  /** True for an attempt asked for by an administrator (POST …/redeliver). */
  manual: boolean;
}

export interface WebhookDelivery {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: WebhookEventType;
  /** The signed body, kept so every attempt sends the same bytes. */
  payload: string;
  state: DeliveryState;
  /** Attempts since the delivery was created or last redelivered: drives the backoff. */
  attempt_count: number;
  /** Bumped whenever an attempt is scheduled; a queued attempt with an older value is stale. */
  schedule_seq: number;
  next_attempt_at: string | null;
  /** Every attempt, oldest first. */
  attempts: DeliveryAttempt[];
  created_at: string;
  updated_at: string;
}

/** The Standard Webhooks message id: `msg_` and a random part. */
export function messageId(random: string): string {
  return `msg_${random.replaceAll('-', '')}`;
}

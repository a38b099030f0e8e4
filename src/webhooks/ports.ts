/** The store webhooks need: endpoints, and deliveries with their attempts. Adapters in src/store/. */
import type { Page } from '../store/ports.js';
import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from './events.js';

export interface WebhookStore {
  createEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  /** Oldest first. */
  listEndpoints(): Promise<WebhookEndpoint[]>;
  getEndpoint(id: string): Promise<WebhookEndpoint | null>;
  /** Removes the endpoint with its deliveries (pending ones are never attempted); false if none. */
  deleteEndpoint(id: string): Promise<boolean>;
  /** The endpoints subscribed to an event type. */
  subscribers(type: WebhookEventType): Promise<WebhookEndpoint[]>;
  /** Deliveries of endpoints that no longer exist are dropped. */
  addDeliveries(deliveries: WebhookDelivery[]): Promise<void>;
  getDelivery(id: string): Promise<WebhookDelivery | null>;
  /** Newest first. */
  listDeliveries(
    webhookId: string,
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<WebhookDelivery>>;
  /**
   * Replaces the delivery when its stored `schedule_seq` is still `expectedSeq` (no redelivery or
   * other attempt came in between); false otherwise, and nothing is written.
   */
  saveDelivery(delivery: WebhookDelivery, expectedSeq: number): Promise<boolean>;
  /** Pending deliveries whose next attempt is due at `now`, soonest first. */
  due(now: Date, limit: number): Promise<WebhookDelivery[]>;
  /** When the soonest pending delivery is due; null when none is pending. */
  nextDueAt(): Promise<Date | null>;
  /**
   * Deletes finished deliveries (succeeded or failed) last changed before `before`; returns how
   * many went. A pending delivery is never deleted, however old: it still owes the receiver an
   * attempt, and a redelivery makes a finished one pending again until it finishes anew.
   */
  purgeDeliveries(before: Date): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Webhooks end to end: administrators register endpoints; events fan out into one persisted
 * delivery per subscribed endpoint; each delivery is attempted, signed afresh, until the receiver
 * answers 2xx or the retry schedule runs out; administrators read the log and redeliver.
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors.js';
import type { Page } from '../store/ports.js';
import { nextDelayMs, type RetrySchedule } from './backoff.js';
import {
  type DeliveryAttempt,
  eventBody,
  messageId,
  type WebhookActor,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEvent,
  type WebhookEventType,
} from './events.js';
import type { WebhookStore } from './ports.js';
import type { DeliveryScheduler } from './scheduler.js';
import type { Sender } from './sender.js';
import { newWebhookSecret, signedHeaders } from './signing.js';
import { checkTarget, type Resolver } from './target.js';

export interface WebhookServiceDeps {
  store: WebhookStore;
  scheduler: DeliveryScheduler;
  sender: Sender;
  retry: RetrySchedule;
  allowPrivate: boolean;
  resolve: Resolver;
  clock?: () => Date;
  random?: () => number;
}

export interface NewEndpoint {
  url: string;
  description: string;
  events: WebhookEventType[];
}

/** The log keeps the latest attempts of a delivery; redeliveries add more than the schedule. */
const KEPT_ATTEMPTS = 100;

export class WebhookService {
  private readonly clock: () => Date;
  private readonly random: () => number;

  constructor(private readonly deps: WebhookServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.random = deps.random ?? Math.random;
  }

  async register(actor: WebhookActor, input: NewEndpoint): Promise<WebhookEndpoint> {
    const url = await checkTarget(input.url, this.deps);
    const endpoint: WebhookEndpoint = {
      id: randomUUID(),
      url: url.toString(),
      description: input.description,
      events: [...new Set(input.events)],
      secret: newWebhookSecret(),
      created_by: actor,
      created_at: this.clock().toISOString(),
    };
    await this.deps.store.createEndpoint(endpoint);
    return endpoint;
  }

  list(): Promise<WebhookEndpoint[]> {
    return this.deps.store.listEndpoints();
  }

  async get(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.deps.store.getEndpoint(id);
    if (!endpoint) throw new NotFoundError('Webhook', id);
    return endpoint;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.deps.store.deleteEndpoint(id))) throw new NotFoundError('Webhook', id);
  }

  async deliveries(
    webhookId: string,
    page: { limit: number; cursor: string | null },
  ): Promise<Page<WebhookDelivery>> {
    await this.get(webhookId);
    return this.deps.store.listDeliveries(webhookId, page);
  }

  async delivery(webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    const delivery = await this.deps.store.getDelivery(deliveryId);
    if (!delivery || delivery.webhook_id !== webhookId)
      throw new NotFoundError('Delivery', deliveryId);
    return delivery;
  }

  /**
   * Attempts the delivery again now, with a fresh retry schedule, whatever its state (a pending
   * one is brought forward). Same message id: a receiver that already processed it can tell.
   */
  async redeliver(webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    for (;;) {
      const current = await this.delivery(webhookId, deliveryId);
      const now = this.clock();
      const next: WebhookDelivery = {
        ...current,
        state: 'pending',
        attempt_count: 0,
        schedule_seq: current.schedule_seq + 1,
        next_attempt_at: now.toISOString(),
        updated_at: now.toISOString(),
      };
      // Lost a race with an attempt finishing: read it again and redeliver on top of that.
      if (!(await this.deps.store.saveDelivery(next, current.schedule_seq))) continue;
      await this.deps.scheduler.schedule(next.id, next.schedule_seq, now);
      return next;
    }
  }

  /** Fans an event out to its subscribers: one persisted delivery each, attempted at once. */
  async emit(type: WebhookEventType, data: Record<string, unknown>): Promise<WebhookEvent | null> {
    const endpoints = await this.deps.store.subscribers(type);
    if (endpoints.length === 0) return null;
    const now = this.clock();
    const event: WebhookEvent = {
      id: messageId(randomUUID()),
      type,
      timestamp: now.toISOString(),
      data,
    };
    const payload = eventBody(event);
    const deliveries = endpoints.map(
      (endpoint): WebhookDelivery => ({
        id: randomUUID(),
        webhook_id: endpoint.id,
        event_id: event.id,
        event_type: type,
        payload,
        state: 'pending',
        attempt_count: 0,
        schedule_seq: 1,
        next_attempt_at: now.toISOString(),
        attempts: [],
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      }),
    );
    await this.deps.store.addDeliveries(deliveries);
    for (const delivery of deliveries)
      await this.deps.scheduler.schedule(delivery.id, delivery.schedule_seq, now);
    return event;
  }

  /** One attempt; a delivery that was redelivered or attempted since it was queued is left alone. */
  async attempt(deliveryId: string, seq: number): Promise<void> {
    const delivery = await this.deps.store.getDelivery(deliveryId);
    if (delivery?.state !== 'pending' || delivery.schedule_seq !== seq) return;
    const endpoint = await this.deps.store.getEndpoint(delivery.webhook_id);
    if (!endpoint) return;
    const at = this.clock();
    const result = await this.deps.sender({
      url: endpoint.url,
      headers: { ...signedHeaders(endpoint.secret, delivery.event_id, at, delivery.payload) },
      body: delivery.payload,
    });
    const attempt: DeliveryAttempt = {
      at: at.toISOString(),
      ...result,
      manual: delivery.attempt_count === 0 && delivery.attempts.length > 0,
    };
    const delivered =
      result.status_code !== null && result.status_code >= 200 && result.status_code < 300;
    const count = delivery.attempt_count + 1;
    const delay = delivered ? null : nextDelayMs(this.deps.retry, count, this.random());
    const finished = this.clock();
    const nextAt = delay === null ? null : new Date(finished.getTime() + delay);
    const next: WebhookDelivery = {
      ...delivery,
      state: delivered ? 'succeeded' : nextAt ? 'pending' : 'failed',
      attempt_count: count,
      schedule_seq: seq + 1,
      next_attempt_at: nextAt?.toISOString() ?? null,
      attempts: [...delivery.attempts, attempt].slice(-KEPT_ATTEMPTS),
      updated_at: finished.toISOString(),
    };
    if (!(await this.deps.store.saveDelivery(next, seq))) return;
    if (nextAt) await this.deps.scheduler.schedule(next.id, next.schedule_seq, nextAt);
  }

  start(): void {
    this.deps.scheduler.start((deliveryId, seq) => this.attempt(deliveryId, seq));
  }

  close(): Promise<void> {
    return this.deps.scheduler.close();
  }
}

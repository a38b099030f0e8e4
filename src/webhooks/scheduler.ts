/**
 * Who runs a delivery's attempts when they are due. Embedded: a timer over the store's pending
 * deliveries (the schedule is the `next_attempt_at` column, so a restart loses nothing). Server
 * mode: src/webhooks/bullmq-scheduler.ts.
 */
import type { WebhookStore } from './ports.js';

/** Runs one attempt of a delivery when its `schedule_seq` is still `seq`; a stale one is a no-op. */
export type AttemptHandler = (deliveryId: string, seq: number) => Promise<void>;

export interface DeliveryScheduler {
  /** An attempt is due at `at`; the delivery is already saved with this `schedule_seq`. */
  schedule(deliveryId: string, seq: number, at: Date): Promise<void>;
  /** Starts running due attempts (and the ones a stop left due). Call once. */
  start(handler: AttemptHandler): void;
  /** Stops taking attempts and waits for the running ones. */
  close(): Promise<void>;
  ping(): Promise<void>;
}

export interface StoreSchedulerOptions {
  store: WebhookStore;
  /** Attempts at once. */
  concurrency: number;
  onError: (error: unknown) => void;
  clock?: () => Date;
}

/** The longest sleep, so a clock jump or a missed wake-up is noticed within a minute. */
const MAX_SLEEP_MS = 60_000;
/** After the store failed, wait a little before asking again instead of spinning. */
const ERROR_PAUSE_MS = 1_000;

export class StoreDeliveryScheduler implements DeliveryScheduler {
  private readonly running = new Map<string, Promise<void>>();
  private handler: AttemptHandler | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private again = false;
  private closed = false;
  private readonly clock: () => Date;

  constructor(private readonly options: StoreSchedulerOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async schedule(_deliveryId: string, _seq: number, at: Date): Promise<void> {
    if (!this.handler || this.closed) return;
    const wait = at.getTime() - this.clock().getTime();
    if (wait <= 0) this.wake(0);
    else this.wakeNoLaterThan(wait);
  }

  start(handler: AttemptHandler): void {
    if (this.handler) throw new Error('start() was already called on this scheduler.');
    this.handler = handler;
    this.wake(0);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.running.values()]);
  }

  async ping(): Promise<void> {
    await this.options.store.ping();
  }

  private wakeAt: number | null = null;

  private wakeNoLaterThan(ms: number): void {
    const when = this.clock().getTime() + ms;
    if (this.wakeAt !== null && this.wakeAt <= when) return;
    this.wake(ms);
  }

  private wake(ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.wakeAt = this.clock().getTime() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wakeAt = null;
      void this.tick();
    }, ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.closed || !this.handler) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    let pause: number | null = null;
    try {
      const free = this.options.concurrency - this.running.size;
      if (free > 0) {
        const due = await this.options.store.due(this.clock(), free + this.running.size);
        for (const delivery of due) {
          if (this.running.size >= this.options.concurrency) break;
          if (this.running.has(delivery.id)) continue;
          this.run(delivery.id, delivery.schedule_seq);
        }
      }
      const next = await this.options.store.nextDueAt();
      if (next) pause = Math.max(0, next.getTime() - this.clock().getTime());
    } catch (error) {
      this.options.onError(error);
      pause = ERROR_PAUSE_MS;
    } finally {
      this.ticking = false;
    }
    if (this.again) {
      this.again = false;
      pause = 0;
    }
    // Attempts running now reschedule themselves when they finish (run() wakes the timer).
    if (pause !== null && this.running.size < this.options.concurrency)
      this.wakeNoLaterThan(Math.min(pause, MAX_SLEEP_MS));
    else if (pause !== null) this.wakeNoLaterThan(MAX_SLEEP_MS);
  }

  private run(deliveryId: string, seq: number): void {
    const handler = this.handler as AttemptHandler;
    let failed = false;
    const attempt = handler(deliveryId, seq)
      .catch((error: unknown) => {
        failed = true;
        this.options.onError(error);
      })
      .finally(() => {
        this.running.delete(deliveryId);
        // A store that failed the attempt is given a moment before the same delivery comes due again.
        this.wake(failed ? ERROR_PAUSE_MS : 0);
      });
    this.running.set(deliveryId, attempt);
  }
}

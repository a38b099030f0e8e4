/**
 * Server mode: each due attempt is a BullMQ job in Redis, delayed until its time, so the schedule
 * survives restarts and any worker process may run it. The job id names the attempt (delivery and
 * schedule_seq): queueing the same attempt twice is a no-op, and an attempt made stale by a
 * redelivery finds its delivery moved on and does nothing.
 */
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeRedis, DEFAULT_KEY_PREFIX, openRedis } from '../store/redis/connection.js';
import type { WebhookStore } from './ports.js';
import type { AttemptHandler, DeliveryScheduler } from './scheduler.js';

interface QueuedAttempt {
  deliveryId: string;
  seq: number;
}

export interface BullMqSchedulerOptions {
  url: string;
  /** Pending deliveries found due at start are queued again (an enqueue lost in a crash). */
  store: WebhookStore;
  concurrency: number;
  onError: (error: unknown) => void;
  keyPrefix?: string;
  queueName?: string;
}

const JOB_NAME = 'deliver';
/** Due deliveries queued again per sweep. */
const SWEEP_LIMIT = 1000;
/**
 * How often due deliveries are queued again: an attempt whose handler failed (Redis unreachable
 * mid-attempt) leaves its delivery pending with no BullMQ job; the sweep gives it one.
 */
const SWEEP_EVERY_MS = 60_000;

export class BullMqDeliveryScheduler implements DeliveryScheduler {
  private readonly connection: Redis;
  private readonly queue: Queue<QueuedAttempt>;
  private readonly prefix: string;
  private readonly queueName: string;
  private workerConnection: Redis | null = null;
  private worker: Worker<QueuedAttempt> | null = null;
  private closing: Promise<void> | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly options: BullMqSchedulerOptions) {
    this.prefix = `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}bull`;
    this.queueName = options.queueName ?? 'webhooks';
    this.connection = openRedis(options.url, options.onError, 'commands');
    this.queue = new Queue<QueuedAttempt>(this.queueName, {
      connection: this.connection,
      prefix: this.prefix,
      defaultJobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: true },
    });
    this.queue.on('error', options.onError);
  }

  async schedule(deliveryId: string, seq: number, at: Date): Promise<void> {
    const delay = Math.max(0, at.getTime() - Date.now());
    await this.queue.add(JOB_NAME, { deliveryId, seq }, { jobId: `${deliveryId}-${seq}`, delay });
  }

  start(handler: AttemptHandler): void {
    if (this.worker) throw new Error('start() was already called on this scheduler.');
    this.workerConnection = openRedis(this.options.url, this.options.onError, 'blocking');
    this.worker = new Worker<QueuedAttempt>(
      this.queueName,
      (job) => handler(job.data.deliveryId, job.data.seq),
      {
        connection: this.workerConnection,
        prefix: this.prefix,
        concurrency: this.options.concurrency,
      },
    );
    this.worker.on('failed', (_job, error) => this.options.onError(error));
    this.worker.on('error', this.options.onError);
    const sweep = () => void this.sweep().catch(this.options.onError);
    sweep();
    this.sweeper = setInterval(sweep, SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  private async sweep(): Promise<void> {
    if (this.closing) return;
    const due = await this.options.store.due(new Date(), SWEEP_LIMIT);
    for (const delivery of due) await this.schedule(delivery.id, delivery.schedule_seq, new Date());
  }

  private async shutDown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.worker?.close();
    await this.queue.close();
    await Promise.all([
      closeRedis(this.connection),
      this.workerConnection ? closeRedis(this.workerConnection) : undefined,
    ]);
  }
}

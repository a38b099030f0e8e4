/**
 * The job queue: which job ids wait to be analysed, and who runs them. Embedded mode runs them in
 * this process; server mode puts them in a BullMQ queue that any worker process may take from.
 */
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { ServiceUnavailableError } from '../errors.js';
import { closeRedis, DEFAULT_KEY_PREFIX, openRedis } from '../store/redis/connection.js';

export type JobHandler = (jobId: string) => Promise<void>;

/** Told when a handler rejects; the job itself should already record its failure. */
export type JobFailureReporter = (error: unknown, jobId: string | null) => void;

export interface JobQueue {
  /** Queues a job id; queueing an id that is already waiting or running is a no-op. */
  enqueue(jobId: string): Promise<void>;
  /** Starts running queued ids, at most `concurrency` at a time. Call once. */
  process(handler: JobHandler, concurrency: number): void;
  /** Stops taking new work and waits for the handlers that are running. */
  close(): Promise<void>;
  /** Throws when the queue cannot accept work (for /health/ready). */
  ping(): Promise<void>;
}

const warnOnFailure: JobFailureReporter = (error, jobId) => {
  process.emitWarning(
    `job ${jobId ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`,
  );
};

function assertConcurrency(concurrency: number): void {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
}

const closedError = () =>
  new ServiceUnavailableError('shutting_down', 'The service is shutting down; retry shortly.', 5);

export interface InProcessJobQueueOptions {
  onFailure?: JobFailureReporter;
}

/**
 * First in, first out, with bounded concurrency. close() runs every id queued before it to the end,
 * so nothing accepted is dropped (ids that never got a handler stay queued in the job store and
 * are resumed at the next start from listUnfinished).
 */
export class InProcessJobQueue implements JobQueue {
  private readonly waiting: string[] = [];
  private readonly queuedOrRunning = new Set<string>();
  private readonly onFailure: JobFailureReporter;
  private handler: JobHandler | null = null;
  private concurrency = 0;
  private running = 0;
  private closed = false;
  private drainedWaiters: Array<() => void> = [];

  constructor(options: InProcessJobQueueOptions = {}) {
    this.onFailure = options.onFailure ?? warnOnFailure;
  }

  async enqueue(jobId: string): Promise<void> {
    if (this.closed) throw closedError();
    if (this.queuedOrRunning.has(jobId)) return;
    this.queuedOrRunning.add(jobId);
    this.waiting.push(jobId);
    this.startWaiting();
  }

  process(handler: JobHandler, concurrency: number): void {
    assertConcurrency(concurrency);
    if (this.handler) throw new Error('process() was already called on this queue.');
    this.handler = handler;
    this.concurrency = concurrency;
    this.startWaiting();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.isDrained()) return;
    await new Promise<void>((resolve) => this.drainedWaiters.push(resolve));
  }

  async ping(): Promise<void> {
    if (this.closed) throw closedError();
  }

  private startWaiting(): void {
    while (this.handler && this.running < this.concurrency) {
      const jobId = this.waiting.shift();
      if (jobId === undefined) break;
      this.running++;
      void this.run(this.handler, jobId);
    }
    if (this.isDrained()) for (const resolve of this.drainedWaiters.splice(0)) resolve();
  }

  private isDrained(): boolean {
    return this.running === 0 && (this.waiting.length === 0 || this.handler === null);
  }

  private async run(handler: JobHandler, jobId: string): Promise<void> {
    try {
      await handler(jobId);
    } catch (error) {
      this.onFailure(error, jobId);
    } finally {
      this.running--;
      this.queuedOrRunning.delete(jobId);
      this.startWaiting();
    }
  }
}

export interface BullMqJobQueueOptions {
  /** redis:// or rediss:// URL. */
  url: string;
  /** BullMQ queue name; every API instance and worker of a deployment must use the same. */
  queueName?: string;
  /** Namespace of the BullMQ keys (`<keyPrefix>bull:<queueName>:…`), like the Redis stores' prefix. */
  keyPrefix?: string;
  onFailure?: JobFailureReporter;
  /** Connection errors while ioredis reconnects. */
  onError?: (error: unknown) => void;
}

interface QueuedJob {
  jobId: string;
}

const JOB_NAME = 'analyse';

/**
 * BullMQ keyed by our job id, so queueing a waiting or running job again is a no-op; finished
 * entries are removed, because the job store (not BullMQ) keeps each job's outcome and a job
 * resumed after a restart must be queueable again.
 */
export class BullMqJobQueue implements JobQueue {
  private readonly options: BullMqJobQueueOptions;
  private readonly queueName: string;
  private readonly prefix: string;
  private readonly onFailure: JobFailureReporter;
  private readonly onError: (error: unknown) => void;
  private readonly connection: Redis;
  private readonly queue: Queue<QueuedJob>;
  private workerConnection: Redis | null = null;
  private worker: Worker<QueuedJob> | null = null;
  private closing: Promise<void> | null = null;

  constructor(options: BullMqJobQueueOptions) {
    this.options = options;
    this.queueName = options.queueName ?? 'analysis';
    this.prefix = `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}bull`;
    this.onFailure = options.onFailure ?? warnOnFailure;
    this.onError = options.onError ?? ((error) => warnOnFailure(error, null));
    this.connection = openRedis(options.url, this.onError, 'commands');
    this.queue = new Queue<QueuedJob>(this.queueName, {
      connection: this.connection,
      prefix: this.prefix,
      defaultJobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: true },
    });
    this.queue.on('error', this.onError);
  }

  async enqueue(jobId: string): Promise<void> {
    if (this.closing) throw closedError();
    await this.queue.add(JOB_NAME, { jobId }, { jobId });
  }

  process(handler: JobHandler, concurrency: number): void {
    assertConcurrency(concurrency);
    if (this.worker) throw new Error('process() was already called on this queue.');
    // BullMQ requires a connection that retries forever for the worker's blocking commands.
    this.workerConnection = openRedis(this.options.url, this.onError, 'blocking');
    this.worker = new Worker<QueuedJob>(this.queueName, (job) => handler(job.data.jobId), {
      connection: this.workerConnection,
      prefix: this.prefix,
      concurrency,
    });
    this.worker.on('failed', (job, error) => this.onFailure(error, job?.data.jobId ?? null));
    this.worker.on('error', this.onError);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  async ping(): Promise<void> {
    if (this.closing) throw closedError();
    await this.connection.ping();
  }

  private async shutDown(): Promise<void> {
    // The worker first: it finishes its running jobs; BullMQ leaves the connections we passed open.
    await this.worker?.close();
    await this.queue.close();
    await Promise.all([
      closeRedis(this.connection),
      this.workerConnection ? closeRedis(this.workerConnection) : undefined,
    ]);
  }
}

import type { Redis } from 'ioredis';
import type { JobEvent } from '../../domain/jobs.js';
import { type JobEventListener, notifySafely } from '../job-event-listeners.js';
import { decodeJobEvent, type ErrorReporter } from '../state-codec.js';

export interface JobEventFollowerOptions {
  /** The store's command connection: cursor look-ups must queue behind nothing but its own commands. */
  commands: Redis;
  /** Opened on first use, so processes that never stream (workers) hold no extra connection. */
  openBlocking: () => Redis;
  eventsKey: (jobId: string) => string;
  seqKey: (jobId: string) => string;
  onError: ErrorReporter;
  /** Upper bound of one XREAD BLOCK; new subscriptions interrupt it with CLIENT UNBLOCK. */
  blockMs?: number;
}

interface Follower {
  jobId: string;
  listener: JobEventListener;
  /** Last seq delivered (or current when subscribed); null until the look-up answers. */
  afterSeq: number | null;
  active: boolean;
}

const READ_BATCH = 500;
const RETRY_PAUSE_MS = 500;
const UNBLOCK_RETRY_MS = 5;

/** Stream entry ids are "<seq>-0": the id is the event number, so XRANGE/XREAD need no mapping. */
export const streamId = (seq: number): string => `${Math.max(0, Math.floor(seq))}-0`;

export function decodeStreamEntry(jobId: string, id: string, fields: string[]): JobEvent {
  const values: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2)
    values[fields[i] as string] = fields[i + 1] as string;
  return decodeJobEvent(jobId, Number.parseInt(id, 10), {
    type: values.type ?? '',
    data: values.data ?? '{}',
    at: values.at ?? '',
  });
}

/**
 * Delivers the events of any job, whoever appends them, by following the jobs' streams with one
 * blocking XREAD over all followed jobs. Each subscription starts at the job's seq counter read on
 * the command connection at subscribe time; a replay issued afterwards on the same connection is
 * answered after that read, so subscribe-then-replay never misses an event (it may overlap: skip
 * live events with seq <= the last replayed one).
 */
export class JobEventFollower {
  private readonly followers = new Set<Follower>();
  private readonly blockMs: number;
  private blocking: Redis | null = null;
  private loop: Promise<void> | null = null;
  private blockedClientId: number | null = null;
  private wakeRequested = false;
  private wakeUp: (() => void) | null = null;
  private closed = false;

  constructor(private readonly options: JobEventFollowerOptions) {
    this.blockMs = options.blockMs ?? 10_000;
  }

  follow(jobId: string, listener: JobEventListener): () => void {
    if (this.closed) throw new Error('The job store is closed.');
    const follower: Follower = { jobId, listener, afterSeq: null, active: true };
    this.followers.add(follower);
    this.options.commands.get(this.options.seqKey(jobId)).then(
      (value) => this.start(follower, Number(value ?? 0)),
      (error: unknown) => {
        // Without a position, start from the beginning: duplicates are skipped by seq, losses are not recoverable.
        this.options.onError(error);
        this.start(follower, 0);
      },
    );
    this.loop ??= this.run();
    return () => {
      follower.active = false;
      this.followers.delete(follower);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const follower of this.followers) follower.active = false;
    this.followers.clear();
    this.wakeUp?.();
    // disconnect, not QUIT: QUIT would wait behind the blocked XREAD.
    this.blocking?.disconnect();
    await this.loop;
  }

  private start(follower: Follower, afterSeq: number): void {
    if (!follower.active) return;
    follower.afterSeq = afterSeq;
    this.wake();
  }

  private wake(): void {
    if (this.wakeUp) {
      this.wakeUp();
    } else if (this.blockedClientId !== null) {
      this.unblock(this.blockedClientId);
    } else {
      this.wakeRequested = true;
    }
  }

  /** Repeats until the XREAD is interrupted: the UNBLOCK can reach Redis before the XREAD blocks. */
  private unblock(clientId: number): void {
    if (this.closed) return;
    this.options.commands.client('UNBLOCK', clientId).then((unblocked) => {
      if (Number(unblocked) === 0 && this.blockedClientId === clientId)
        setTimeout(() => this.unblock(clientId), UNBLOCK_RETRY_MS);
    }, this.options.onError);
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      this.wakeRequested = false;
      const cursors = this.cursorsByJob();
      try {
        if (cursors.size === 0) await this.sleep();
        else this.deliver(await this.read(cursors));
      } catch (error) {
        if (this.closed) break;
        this.options.onError(error);
        await this.sleep(RETRY_PAUSE_MS);
      }
    }
  }

  private cursorsByJob(): Map<string, number> {
    const cursors = new Map<string, number>();
    for (const { jobId, afterSeq, active } of this.followers) {
      if (!active || afterSeq === null) continue;
      cursors.set(jobId, Math.min(afterSeq, cursors.get(jobId) ?? afterSeq));
    }
    return cursors;
  }

  private async read(
    cursors: Map<string, number>,
  ): Promise<Array<[jobId: string, entries: Array<[id: string, fields: string[]]>]>> {
    this.blocking ??= this.options.openBlocking();
    const jobIds = [...cursors.keys()];
    let reading = true;
    // CLIENT ID is sent just ahead of the XREAD on the same connection, so the id identifies the
    // connection that blocks even after a reconnect. A wake that raced ahead of it unblocks now.
    this.blocking.client('ID').then(
      (clientId) => {
        if (!reading) return;
        this.blockedClientId = Number(clientId);
        if (this.wakeRequested) this.unblock(this.blockedClientId);
      },
      () => {},
    );
    try {
      const reply = await this.blocking.xread(
        'COUNT',
        READ_BATCH,
        'BLOCK',
        this.blockMs,
        'STREAMS',
        ...jobIds.map(this.options.eventsKey),
        ...jobIds.map((jobId) => streamId(cursors.get(jobId) ?? 0)),
      );
      const jobIdByKey = new Map(jobIds.map((jobId) => [this.options.eventsKey(jobId), jobId]));
      return (reply ?? []).map(([key, entries]) => [jobIdByKey.get(key) ?? '', entries]);
    } finally {
      reading = false;
      this.blockedClientId = null;
    }
  }

  private deliver(
    batches: Array<[jobId: string, entries: Array<[id: string, fields: string[]]>]>,
  ): void {
    for (const [jobId, entries] of batches) {
      for (const [id, fields] of entries) {
        const event = decodeStreamEntry(jobId, id, fields);
        for (const follower of [...this.followers]) {
          if (
            !follower.active ||
            follower.jobId !== jobId ||
            follower.afterSeq === null ||
            event.seq <= follower.afterSeq
          )
            continue;
          follower.afterSeq = event.seq;
          notifySafely(follower.listener, event, this.options.onError);
        }
      }
    }
  }

  /** Until woken (a subscription is ready, or close) or, when given, at most ms. */
  private sleep(ms?: number): Promise<void> {
    if (this.wakeRequested || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

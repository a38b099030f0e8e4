/**
 * Flow control of the one Gemini client every job, chat and embedding goes through (Gemini quotas
 * are per minute and per project, so the controls live where all calls pass):
 *
 * - ConcurrencyLimiter: at most `limit` calls in flight. The limit adapts to 429s (AIMD, as TCP
 *   does to congestion): it halves when a call is rejected for rate, at most once per round trip,
 *   and grows back by one slot per window of successful calls, up to the configured maximum.
 * - PauseGate: a 429 pauses every caller of the client, not only the one rejected, until the delay
 *   the server asked for, so rejected callers do not come back together and get rejected again.
 */
import { type Clock, realClock } from './retry.js';

export class ConcurrencyLimiter {
  private active = 0;
  /** Current window: fractional, so a success adds 1/window (one slot per window of successes). */
  private window: number;
  /** performance.now() of the last decrease: 429s to calls sent before it belong to that event. */
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`concurrency must be a positive integer, got ${max}`);
    this.window = max;
  }

  get inFlight(): number {
    return this.active;
  }

  /** Calls allowed in flight now: `max` until 429s lower it, never below 1. */
  get limit(): number {
    return Math.max(1, Math.floor(this.window));
  }

  /**
   * Resolves with a release function once a slot is free; rejects if `signal` aborts while queued.
   * `front` queues ahead of callers that have not started yet: a call rejected for rate keeps its
   * turn instead of going to the back of the queue (no caller is starved by newcomers).
   */
  acquire(signal?: AbortSignal, front = false): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.active < this.limit && this.waiting.length === 0) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active += 1;
        resolve(this.releaser());
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (front) this.waiting.unshift(grant);
      else this.waiting.push(grant);
    });
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /**
   * A call sent at `sentAt` (performance.now()) was answered 429: halve the window (multiplicative
   * decrease). Calls sent before the last decrease were in flight when it was made, so their 429s
   * are the same event and do not halve it again.
   */
  onRateLimited(sentAt: number, now = performance.now()): void {
    if (sentAt < this.lastDecreaseAt) return;
    this.window = Math.max(1, this.window / 2);
    this.lastDecreaseAt = now;
  }

  /** A call succeeded: grow the window by 1/window (additive increase), up to `max`. */
  onSuccess(): void {
    if (this.window >= this.max) return;
    this.window = Math.min(this.max, this.window + 1 / this.window);
    this.drain();
  }

  private drain(): void {
    while (this.active < this.limit && this.waiting.length > 0) this.waiting.shift()?.();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.drain();
    };
  }
}

export interface GateWaitOptions {
  signal?: AbortSignal | undefined;
  /** performance.now() after which the caller stops waiting even if the gate is still closed. */
  deadline?: number;
  /** 0..1 jitter source. */
  random: () => number;
}

/**
 * A shared pause: closed until `openAt`. Waiters wake at the opening plus a random spread of up to
 * a fifth of the pause (at most `maxSpreadMs`), so the callers held back by one 429 return one
 * after another rather than in one burst. The server's delay is a floor: jitter only adds.
 */
export class PauseGate {
  private openAt = 0;
  private spreadMs = 0;

  constructor(
    private readonly maxSpreadMs = 2_000,
    private readonly clock: Clock = realClock,
  ) {}

  /** Milliseconds until the gate opens (0 when open). */
  closedFor(now = this.clock.now()): number {
    return Math.max(0, this.openAt - now);
  }

  /** Closes the gate for at least `ms` from now; never shortens a longer pause already set. */
  pause(ms: number, now = this.clock.now()): void {
    const until = now + ms;
    if (until <= this.openAt) return;
    this.openAt = until;
    this.spreadMs = Math.min(this.maxSpreadMs, ms * 0.2);
  }

  /**
   * Resolves when the gate is open (or `deadline` has passed); true if the caller had to wait.
   * Rejects with the signal's reason as soon as it aborts.
   */
  async wait(options: GateWaitOptions): Promise<boolean> {
    let waited = false;
    for (;;) {
      options.signal?.throwIfAborted();
      const now = this.clock.now();
      const closed = this.closedFor(now);
      if (closed === 0) return waited;
      if (options.deadline !== undefined && now >= options.deadline) return waited;
      waited = true;
      let ms = closed + this.spreadMs * options.random();
      if (options.deadline !== undefined) ms = Math.min(ms, options.deadline - now);
      // The gate may have been pushed further meanwhile: the loop looks again after waking.
      await this.clock.sleep(Math.max(1, Math.ceil(ms)), options.signal);
    }
  }
}

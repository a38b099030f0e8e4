/**
 * When and how often a Gemini call is tried: a concurrency slot, retries of transient failures
 * with this caller's backoff, one more sample of an unusable answer, and the shared slow-down on
 * 429s. The client decides what to send; this decides when.
 */
import {
  classifyAttemptFailure,
  GeminiError,
  ModelRateLimitedError,
  ModelUnavailableError,
} from './errors.js';
import { ConcurrencyLimiter, PauseGate } from './limiter.js';
import { backoffDelay, type Clock } from './retry.js';

export type Operation = 'generate_json' | 'generate_with_tools' | 'generate_stream' | 'embed';

export interface AttemptEvent {
  operation: Operation;
  attempt: number;
  outcome: 'ok' | 'retry' | 'failed';
  duration_ms: number;
  /** Code of the typed error when the attempt failed. */
  error_code?: string;
}

export interface CallRunnerOptions {
  clock: Clock;
  /** Deadline of one attempt, to tell a timeout from other aborts. */
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
  rateLimitMaxWaitMs: number;
  backoff: { baseDelayMs: number; maxDelayMs: number; random: () => number };
  onAttempt?: ((event: AttemptEvent) => void) | undefined;
}

/** Unusable answers another sample may fix (RECITATION, OTHER, a malformed call) are asked once more. */
const RESAMPLES = 1;
/** Beyond the longest pause, the slack after which a 429 is a new rate-limit episode (gate jitter is at most 2 s). */
const REJECTION_GAP_MS = 5_000;

export class CallRunner {
  private readonly limiter: ConcurrencyLimiter;
  private readonly gate: PauseGate;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly rateLimitMaxWaitMs: number;
  private readonly backoff: CallRunnerOptions['backoff'];
  private readonly onAttempt: CallRunnerOptions['onAttempt'];
  /** performance.now() of the first 429 since the last successful call; null while calls succeed. */
  private blockedSince: number | null = null;
  private lastRejectedAt = Number.NEGATIVE_INFINITY;

  constructor(options: CallRunnerOptions) {
    this.clock = options.clock;
    this.gate = new PauseGate(undefined, this.clock);
    this.limiter = new ConcurrencyLimiter(options.concurrency);
    this.timeoutMs = options.timeoutMs;
    this.maxRetries = options.maxRetries;
    this.rateLimitMaxWaitMs = options.rateLimitMaxWaitMs;
    this.backoff = options.backoff;
    this.onAttempt = options.onAttempt;
  }

  /** Runs `task` until it succeeds or a failure is final; the slot is freed when it returns. */
  async run<T>(
    operation: Operation,
    signal: AbortSignal | undefined,
    task: () => Promise<T>,
  ): Promise<T> {
    return (await this.attempt(operation, signal, task, false)).value;
  }

  /** As run(), but the caller keeps the concurrency slot (a stream holds it while it is read). */
  runKeepingSlot<T>(
    operation: Operation,
    signal: AbortSignal | undefined,
    task: () => Promise<T>,
  ): Promise<{ value: T; release: () => void }> {
    return this.attempt(operation, signal, task, true);
  }

  /**
   * Runs `task` in a concurrency slot, retrying transient failures. `keepSlot` hands the slot to the caller.
   *
   * Three kinds of failure worth another attempt, three budgets:
   * - 5xx, timeouts, network errors: `maxRetries` retries, each after this caller's own backoff.
   * - An unusable answer another sample may fix (RECITATION, OTHER, a malformed function call):
   *   asked again at once, RESAMPLES times.
   * - 429: the quota is shared, so the whole client slows down. The 429 closes the shared gate for
   *   the server's delay (RetryInfo, Retry-After, or "Please retry in …") and halves the
   *   concurrency; every caller waits at the gate before its next request, and the rejected caller
   *   keeps its place in the queue. These retries cost no `maxRetries`; a call gives up once it has
   *   waited `rateLimitMaxWaitMs` on rate limits and is still rejected (ModelRateLimitedError), and
   *   at once when the server asks for a longer wait than that or names a per-day quota (it comes
   *   back tomorrow, not within a request).
   */
  private async attempt<T>(
    operation: Operation,
    signal: AbortSignal | undefined,
    task: () => Promise<T>,
    keepSlot: boolean,
  ): Promise<{ value: T; release: () => void }> {
    let failures = 0;
    let resamples = 0;
    let rateLimits = 0;
    /** When this call first had to wait on a rate limit (its own 429 or the shared gate). */
    let waitingSince: number | null = null;
    let front = false;
    for (let attempt = 1; ; attempt += 1) {
      const release = await this.limiter.acquire(signal, front);
      try {
        if (this.gate.closedFor() > 0) {
          waitingSince ??= this.clock.now();
          // At the deadline the call goes ahead anyway: one last try, which a 429 then ends.
          await this.gate.wait({
            signal,
            deadline: this.rateLimitDeadline(waitingSince),
            random: this.backoff.random,
          });
        }
      } catch (error) {
        release();
        throw error;
      }
      const started = this.clock.now();
      let delayMs: number;
      try {
        const value = await task();
        this.onAnswered();
        this.report(operation, attempt, 'ok', started);
        if (!keepSlot) release();
        return { value, release };
      } catch (error) {
        if (signal?.aborted) {
          release();
          throw signal.reason;
        }
        if (error instanceof GeminiError && error.resample) {
          // The API answered: for flow control this was a success, whatever the model wrote.
          this.onAnswered();
          release();
          if (resamples >= RESAMPLES) {
            this.report(operation, attempt, 'failed', started, error);
            throw error;
          }
          resamples += 1;
          this.report(operation, attempt, 'retry', started, error);
          front = true;
          continue;
        }
        const failure = classifyAttemptFailure(error, this.timeoutMs);
        const now = this.clock.now();
        // Lowered before the slot is given back, so the freed slot is handed on under the new limit.
        if (failure.retryable && failure.rateLimited) this.limiter.onRateLimited(started, now);
        release();
        if (failure.retryable && failure.rateLimited) {
          rateLimits += 1;
          waitingSince ??= started;
          // A 429 sent long after the last one (more than any pause lasts) starts a new episode:
          // the client was idle, not blocked, in between.
          if (
            this.blockedSince === null ||
            started - this.lastRejectedAt > this.longestPauseMs() + REJECTION_GAP_MS
          )
            this.blockedSince = started;
          this.lastRejectedAt = now;
          const waitedMs = Math.round(now - waitingSince);
          const asked = failure.retryAfterMs;
          const giveUp = (message: string): never => {
            const finalError = new ModelRateLimitedError(
              `${message} (${failure.error.message})`,
              attempt,
              waitedMs,
              asked,
              failure.error,
              failure.dailyQuota,
            );
            this.report(operation, attempt, 'failed', started, finalError);
            throw finalError;
          };
          if (failure.dailyQuota !== null) {
            giveUp(
              `Gemini's daily quota is exhausted (${failure.dailyQuota}): it comes back when the day's quota resets, so the call is not retried`,
            );
          }
          if (asked !== null && asked > this.rateLimitMaxWaitMs) {
            giveUp(
              `Gemini's quota is exhausted: it asks to wait ${formatSeconds(asked)}, longer than the ${formatSeconds(this.rateLimitMaxWaitMs)} a call may wait on rate limits`,
            );
          }
          if (now >= this.rateLimitDeadline(waitingSince)) {
            const blockedMs = Math.round(now - this.blockedSince);
            giveUp(
              `Gemini kept answering 429 (quota exhausted): this call was rejected ${rateLimits} time(s) over ${formatSeconds(waitedMs)}, ` +
                `no call has succeeded for ${formatSeconds(blockedMs)}; the most a call waits on rate limits is ${formatSeconds(this.rateLimitMaxWaitMs)}`,
            );
          }
          // Closed before anything awaits: a caller handed the freed slot finds the gate closed.
          // Without a server delay: exponential backoff on this call's 429s, shared like a server delay.
          this.gate.pause(asked ?? backoffDelay(rateLimits - 1, null, this.backoff), now);
          this.report(operation, attempt, 'retry', started, failure.error, 'model_rate_limited');
          front = true;
          continue;
        }
        failures += 1;
        const outOfAttempts = failures > this.maxRetries;
        const waitTooLong =
          failure.retryable &&
          failure.retryAfterMs !== null &&
          failure.retryAfterMs > this.backoff.maxDelayMs;
        if (!failure.retryable || outOfAttempts || waitTooLong) {
          const finalError = failure.retryable
            ? new ModelUnavailableError(
                `Gemini is unavailable after ${attempt} attempt(s): ${failure.error.message}`,
                attempt,
                failure.error,
              )
            : failure.error;
          this.report(operation, attempt, 'failed', started, finalError);
          throw finalError;
        }
        this.report(operation, attempt, 'retry', started, failure.error);
        delayMs = backoffDelay(failures - 1, failure.retryAfterMs, this.backoff);
        front = false;
      }
      await this.clock.sleep(delayMs, signal);
    }
  }

  private onAnswered(): void {
    this.limiter.onSuccess();
    this.blockedSince = null;
  }

  /** The longest the shared gate can stay closed for one 429. */
  private longestPauseMs(): number {
    return Math.max(this.backoff.maxDelayMs, this.rateLimitMaxWaitMs);
  }

  /**
   * When a call waiting on rate limits since `waitingSince` gives up: after `rateLimitMaxWaitMs` of
   * its own waiting, or once no call of the client has succeeded for that long (a quota that is
   * gone, not busy: the calls still queued then fail after one try each instead of each waiting
   * the whole budget in turn).
   */
  private rateLimitDeadline(waitingSince: number): number {
    return Math.min(waitingSince, this.blockedSince ?? waitingSince) + this.rateLimitMaxWaitMs;
  }

  private report(
    operation: Operation,
    attempt: number,
    outcome: AttemptEvent['outcome'],
    started: number,
    error?: Error,
    errorCode?: string,
  ): void {
    const code = errorCode ?? (error as { code?: unknown } | undefined)?.code;
    this.onAttempt?.({
      operation,
      attempt,
      outcome,
      duration_ms: Math.round(this.clock.now() - started),
      ...(typeof code === 'string' ? { error_code: code } : {}),
    });
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 0))} s`;
}

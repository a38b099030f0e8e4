/**
 * Backoff between attempts. The server's RetryInfo delay is a floor, never shortened by jitter:
 * asking again sooner only earns another 429 and burns quota.
 */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** 0..1 source for jitter. */
  random: () => number;
}

/** Delay before retry number `retry` (0 for the first retry). */
export function backoffDelay(
  retry: number,
  serverDelayMs: number | null,
  options: BackoffOptions,
): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  // "Equal jitter": half fixed, half random, so concurrent callers spread out but never retry at once.
  const jittered = exponential / 2 + (exponential / 2) * options.random();
  if (serverDelayMs === null) return Math.round(jittered);
  // Spread callers told the same delay over a further 10 % so they do not return in lockstep.
  return Math.round(serverDelayMs + serverDelayMs * 0.1 * options.random());
}

/**
 * An HTTP Retry-After value in ms: delta-seconds ("12", "1.5") or an HTTP date. Null when absent
 * or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Time as the client sees it: performance.now() and timers, unless a test gives a virtual clock
 * (a 40 s RetryInfo then costs no real 40 s).
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, signal),
};

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * When a failed delivery is tried again: exponential backoff with "equal jitter" (half the wait is
 * fixed, half random), so receivers coming back up are not hit by every sender at the same moment
 * while the shortest possible schedule still has a known length. Pure.
 */

export interface RetrySchedule {
  /** Wait before the first retry. */
  baseMs: number;
  /** Longest wait between two attempts. */
  maxMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
}

/** The wait before retry number `retry` (1 = after the first failed attempt), before jitter. */
export function ceilingDelayMs(schedule: RetrySchedule, retry: number): number {
  if (!Number.isInteger(retry) || retry < 1)
    throw new RangeError(`retry must be ≥ 1, got ${retry}`);
  // 2 ** 60 is already far beyond any cap; keeps the arithmetic finite for silly attempt counts.
  return Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.min(retry - 1, 60));
}

/**
 * The wait before the next attempt after `failedAttempts` attempts failed, or null when none is
 * left. `random` is in [0, 1).
 */
export function nextDelayMs(
  schedule: RetrySchedule,
  failedAttempts: number,
  random: number = Math.random(),
): number | null {
  if (failedAttempts >= schedule.maxAttempts) return null;
  const ceiling = ceilingDelayMs(schedule, failedAttempts);
  const half = ceiling / 2;
  return Math.round(half + half * random);
}

/**
 * How long a receiver may stay down and still get the delivery, whatever the jitter draws: the sum
 * of the shortest waits of every retry.
 */
export function guaranteedWindowMs(schedule: RetrySchedule): number {
  let total = 0;
  for (let retry = 1; retry < schedule.maxAttempts; retry++)
    total += ceilingDelayMs(schedule, retry) / 2;
  return total;
}

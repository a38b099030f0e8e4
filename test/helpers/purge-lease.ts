/**
 * What the hourly purge-lease tests drive by hand: Redis clients closed with the test, a worker's
 * timer the test strikes on the hour with a clock it moves, and a wait for Redis's replies.
 */
import { Redis } from 'ioredis';
import type { Test } from 'tap';
import { closeRedis } from '../../src/store/redis/connection.js';
import type { Repeat } from '../../src/store/redis/hourly-lease.js';

export const HOUR_MS = 3_600_000;

export async function redisClient(t: Test, url: string): Promise<Redis> {
  const redis = new Redis(url);
  t.teardown(() => closeRedis(redis));
  return redis;
}

/** A timer the test fires, and a clock it moves an hour at each strike. */
export function workerTimer(startMs: number) {
  let now = startMs;
  let fire: () => void = () => undefined;
  const repeat: Repeat = (pass) => {
    fire = pass;
    return () => undefined;
  };
  return {
    clock: () => new Date(now),
    repeat,
    strike: () => {
      now += HOUR_MS;
      fire();
    },
  };
}

/** Waits until `done` holds: a claim's reply comes back from Redis in its own time. */
export async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

import type { Clock } from '../../src/ai/gemini/retry.js';

/** Time that moves only when someone sleeps: a sleep jumps to its wake-up time at once. */
export class VirtualClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    const wakeAt = this.time + ms;
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    this.time = Math.max(this.time, wakeAt);
  }
}

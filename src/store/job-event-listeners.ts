import type { JobEvent } from '../domain/jobs.js';
import type { ErrorReporter } from './state-codec.js';

export type JobEventListener = (event: JobEvent) => void;

/**
 * A listener that throws (e.g. an SSE client that went away mid-write) must not break the append
 * that produced the event nor starve the other listeners, so its error is reported instead.
 */
export function notifySafely(
  listener: JobEventListener,
  event: JobEvent,
  onError: ErrorReporter,
): void {
  try {
    listener(event);
  } catch (error) {
    onError(error);
  }
}

/** In-process fan-out of job events to the listeners of each job. */
export class JobEventListeners {
  private readonly byJob = new Map<string, Set<JobEventListener>>();

  constructor(private readonly onError: ErrorReporter) {}

  add(jobId: string, listener: JobEventListener): () => void {
    let listeners = this.byJob.get(jobId);
    if (!listeners) {
      listeners = new Set();
      this.byJob.set(jobId, listeners);
    }
    // A wrapper per subscription, so subscribing the same function twice yields two deliveries
    // and each unsubscribe removes exactly its own.
    const subscription: JobEventListener = (event) => listener(event);
    listeners.add(subscription);
    return () => {
      listeners.delete(subscription);
      if (listeners.size === 0 && this.byJob.get(jobId) === listeners) this.byJob.delete(jobId);
    };
  }

  emit(event: JobEvent): void {
    const listeners = this.byJob.get(event.job_id);
    if (!listeners) return;
    for (const listener of [...listeners]) notifySafely(listener, event, this.onError);
  }

  clear(): void {
    this.byJob.clear();
  }
}

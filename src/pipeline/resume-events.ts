/**
 * A job resumed after a crash runs its steps again: documents answered before the crash would be
 * announced a second time, and a client replaying the stream would see doubles. On resume the
 * job's store is seen through this filter: each document's `document` or `error` event is
 * appended once, whichever run gets there first; later ones answer with the event already stored.
 * Work is deterministic (same extraction checkpoints, same rules), so the stored event says what
 * the repeat would have said.
 */
import type { JobEvent } from '../domain/jobs.js';
import type { JobStore, NewJobEvent } from '../store/ports.js';

const PER_DOCUMENT = new Set(['document', 'error']);

const documentName = (event: { type: string; data: Record<string, unknown> }): string | null =>
  PER_DOCUMENT.has(event.type) && typeof event.data.name === 'string' ? event.data.name : null;

export async function announcingOnce(jobs: JobStore, jobId: string): Promise<JobStore> {
  const announced = new Map<string, JobEvent>();
  for (const event of await jobs.events(jobId, 0)) {
    const name = documentName(event);
    if (name !== null && !announced.has(name)) announced.set(name, event);
  }
  const appendEvent = async (id: string, event: NewJobEvent): Promise<JobEvent> => {
    const name = id === jobId ? documentName(event) : null;
    const earlier = name === null ? undefined : announced.get(name);
    if (earlier) return earlier;
    const stored = await jobs.appendEvent(id, event);
    if (name !== null) announced.set(name, stored);
    return stored;
  };
  // A proxy, not a copy: the adapters keep private state that their methods need as `this`.
  return new Proxy(jobs, {
    get(target, property) {
      if (property === 'appendEvent') return appendEvent;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

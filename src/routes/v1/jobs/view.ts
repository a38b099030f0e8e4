import type { Job } from '../../../domain/jobs.js';

/** The public shape of a job (JobSchema): inputs that matter to the client, no internal paths. */
export function jobView(job: Job) {
  return {
    id: job.id,
    state: job.state,
    employee_name: job.input.employee_name,
    ...(job.input.employee_id !== undefined ? { employee_id: job.input.employee_id } : {}),
    claim_date: job.input.claim_date,
    created_at: job.created_at,
    updated_at: job.updated_at,
    counts: job.counts,
    results: job.results,
    summary: job.summary,
    policy: job.policy,
    policy_version: job.input.policy
      ? {
          policy_id: job.input.policy.policy_id,
          version: job.input.policy.version,
          content_hash: job.input.policy.content_hash,
        }
      : null,
    error: job.error,
    usage: job.usage,
    links: { self: `/api/v1/jobs/${job.id}`, events: `/api/v1/jobs/${job.id}/events` },
  };
}

/** A job event as an SSE message: the sequence number is the SSE id clients resume from. */
export function eventMessage(event: { seq: number; type: string; data: Record<string, unknown> }) {
  return { id: String(event.seq), event: event.type, data: { seq: event.seq, ...event.data } };
}

export async function* eventMessages(
  events: AsyncIterable<{ seq: number; type: string; data: Record<string, unknown> }>,
) {
  for await (const event of events) yield eventMessage(event);
}

/**
 * Where webhook events come from, without the code that does the work knowing about webhooks:
 * every change worth announcing is already written to the audit log (a job's end, a decision
 * override) or made by the policy store (an activation), so both are observed at their port.
 * Announcing never fails the change: an error is reported and the change stands.
 */
import type { PolicyVersionRef } from '../domain/policy-versions.js';
import type {
  AuditLog,
  InvoiceStore,
  JobStore,
  NewAuditEntry,
  PolicyStore,
} from '../store/ports.js';
import type { WebhookEventType } from './events.js';

export type Emit = (type: WebhookEventType, data: Record<string, unknown>) => Promise<unknown>;

/** The audit actions that become events (src/pipeline/analysis-job.ts, the override route). */
export const JOB_FINISH_ACTION = 'job.finish';
export const OVERRIDE_ACTION = 'invoice.override';

export interface EventLookups {
  jobs: Pick<JobStore, 'get'>;
  invoices: Pick<InvoiceStore, 'get'>;
}

async function jobEvent(entry: NewAuditEntry, lookups: EventLookups) {
  const id = entry.target_id ?? '';
  const job = await lookups.jobs.get(id);
  const details = entry.details;
  const state = job?.state ?? details.state;
  return {
    type: (state === 'succeeded' ? 'job.completed' : 'job.failed') as WebhookEventType,
    data: {
      job_id: id,
      state,
      owner_sub: job?.owner_sub ?? details.owner_sub,
      employee_name: job?.input.employee_name ?? details.employee_name,
      counts: job?.counts ?? details.counts,
      summary: job?.summary ?? null,
      error: job?.error ?? null,
      links: { job: `/api/v1/jobs/${id}`, invoices: `/api/v1/invoices?job_id=${id}` },
    },
  };
}

async function overrideEvent(entry: NewAuditEntry, lookups: EventLookups) {
  const id = entry.target_id ?? '';
  const invoice = await lookups.invoices.get(id);
  const { from, to, reason } = entry.details;
  return {
    type: 'invoice.overridden' as const,
    data: {
      invoice_id: id,
      job_id: invoice?.job_id ?? null,
      owner_sub: invoice?.owner_sub ?? null,
      employee_name: invoice?.employee_name ?? null,
      file_name: invoice?.file_name ?? null,
      currency: invoice?.currency ?? null,
      from,
      to,
      reason,
      by: { sub: entry.actor_sub, name: entry.actor_name },
      links: { invoice: `/api/v1/invoices/${id}` },
    },
  };
}

/** The audit log as before, announcing the ends of jobs and decision overrides once recorded. */
export function auditWithEvents(
  audit: AuditLog,
  emit: Emit,
  lookups: EventLookups,
  onError: (error: unknown) => void,
): AuditLog {
  const announce = async (entry: NewAuditEntry) => {
    const event =
      entry.action === JOB_FINISH_ACTION
        ? await jobEvent(entry, lookups)
        : entry.action === OVERRIDE_ACTION
          ? await overrideEvent(entry, lookups)
          : null;
    if (event) await emit(event.type, event.data);
  };
  return {
    async record(entry) {
      await audit.record(entry);
      await announce(entry).catch(onError);
    },
    list: (filter, page) => audit.list(filter, page),
  };
}

/** The policy store as before, announcing a version that became the active one. */
export function policyStoreWithEvents(
  store: PolicyStore,
  emit: Emit,
  onError: (error: unknown) => void,
): PolicyStore {
  return {
    create: (policy, first, audit) => store.create(policy, first, audit),
    addVersion: (policyId, version, audit) => store.addVersion(policyId, version, audit),
    get: (id) => store.get(id),
    versions: (policyId) => store.versions(policyId),
    version: (policyId, number) => store.version(policyId, number),
    list: (page) => store.list(page),
    active: () => store.active(),
    updateRules: (policyId, number, change, audit) =>
      store.updateRules(policyId, number, change, audit),
    async activate(policyId, number, change, audit) {
      const outcome = await store.activate(policyId, number, change, audit);
      if (outcome.kind === 'activated' && outcome.changed) {
        const retired: PolicyVersionRef | null = outcome.retired;
        await emit('policy.activated', {
          policy_id: policyId,
          version: outcome.version.number,
          content_hash: outcome.version.content_hash,
          retired,
          by: change.by,
          activated_at: change.at,
          links: { policy: `/api/v1/policies/${policyId}` },
        }).catch(onError);
      }
      return outcome;
    },
  };
}

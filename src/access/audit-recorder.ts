/**
 * What routes call after every change (upload, job, override, deletion, history delete): the
 * route says what happened to which target; the recorder fills in who (request.caller), from
 * where (request.ip, which honours TRUST_PROXY), under which request id, and the log stamps when.
 * One call shape for every route, so no route can forget the actor or the request id.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../store/ports.js';

/** Every action the log knows; a closed list so routes cannot misspell one and filters can offer them. */
export const AUDIT_ACTIONS = [
  'job.create',
  'job.finish',
  'invoice.override',
  'invoice.delete',
  'invoices.export',
  'chat_history.delete',
  'policy.create',
  'policy.version_create',
  'policy.rules_update',
  'policy.activate',
  'webhook.create',
  'webhook.delete',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = [
  'job',
  'invoice',
  'invoices',
  'chat_session',
  'policy',
  'webhook',
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export interface AuditTarget {
  type: AuditTargetType;
  /** Id of the job, invoice or session; null for actions on a set (an export). */
  id?: string | null;
}

export class AuditRecorder {
  constructor(private readonly log: AuditLog) {}

  /**
   * Records one change. Awaited and not swallowed: a change the log could not trace must surface
   * as an error rather than vanish. `details` says what changed (e.g. old and new status, the
   * override reason, file counts); keep invoice contents out of it, the log outlives deletions.
   */
  async record(
    request: FastifyRequest,
    action: AuditAction,
    target: AuditTarget,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const caller = request.caller;
    // Only protected routes change things; a missing caller is a wiring bug, not an anonymous actor.
    if (!caller)
      throw new Error(
        `audit: "${action}" recorded on a route without a caller (${request.routeOptions.url ?? request.url})`,
      );
    await this.log.record({
      actor_sub: caller.sub,
      actor_name: caller.name,
      actor_role: caller.role,
      action,
      target_type: target.type,
      target_id: target.id ?? null,
      request_id: request.id,
      client_ip: request.ip,
      details,
    });
  }
}

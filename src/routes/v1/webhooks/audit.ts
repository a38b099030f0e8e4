import type { FastifyRequest } from 'fastify';

/**
 * Registering or deleting an endpoint changes where company data is sent: recorded in the audit
 * log like every other change (actions `webhook.create`, `webhook.delete`, target type `webhook`).
 */
export async function auditWebhookChange(
  request: FastifyRequest,
  action: 'webhook.create' | 'webhook.delete',
  webhookId: string,
  details: Record<string, unknown>,
): Promise<void> {
  const caller = request.caller;
  await request.server.services.audit.record({
    actor_sub: caller.sub,
    actor_name: caller.name,
    actor_role: caller.role,
    action,
    target_type: 'webhook',
    target_id: webhookId,
    request_id: request.id,
    client_ip: request.ip,
    details,
  });
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';
import { WEBHOOK_ROLES, WebhookParams } from './schemas.js';

/** DELETE /webhooks/{id}: the endpoint and its delivery log go; nothing more is sent to it. */
const deleteWebhook: FastifyPluginAsyncTypebox = async (app) => {
  app.delete(
    '/webhooks/:id',
    {
      config: { roles: WEBHOOK_ROLES },
      schema: {
        operationId: 'deleteWebhook',
        tags: ['webhooks'],
        summary: 'Delete a webhook endpoint (admin)',
        description:
          'Removes the endpoint with its delivery log; pending deliveries are dropped, never attempted. Administrators only; audited (webhook.delete).',
        params: WebhookParams,
        response: {
          204: Type.Null({ description: 'Deleted.' }),
          ...problemResponses(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const endpoint = await app.services.webhooks.get(request.params.id);
      await app.services.webhooks.delete(endpoint.id);
      await app.audit.record(
        request,
        'webhook.delete',
        { type: 'webhook', id: endpoint.id },
        { url: endpoint.url },
      );
      return reply.code(204).send(null);
    },
  );
};

export default deleteWebhook;

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';
import { endpointView, WEBHOOK_ROLES, WebhookParams } from './schemas.js';

/** GET /webhooks/{id}: one endpoint, without its secret. */
const getWebhook: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/webhooks/:id',
    {
      config: { roles: WEBHOOK_ROLES },
      schema: {
        operationId: 'getWebhook',
        tags: ['webhooks'],
        summary: 'Get a webhook endpoint (admin)',
        description: 'One registered endpoint, without its secret. Administrators only.',
        params: WebhookParams,
        response: { 200: Type.Ref('Webhook'), ...problemResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => endpointView(await app.services.webhooks.get(request.params.id)),
  );
};

export default getWebhook;

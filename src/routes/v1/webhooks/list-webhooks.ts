import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';
import { endpointView, WEBHOOK_ROLES } from './schemas.js';

/** GET /webhooks: every registered endpoint, without secrets. */
const listWebhooks: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/webhooks',
    {
      config: { roles: WEBHOOK_ROLES },
      schema: {
        operationId: 'listWebhooks',
        tags: ['webhooks'],
        summary: 'List webhook endpoints (admin)',
        description:
          'Every registered endpoint with its events, oldest first; secrets are never listed. Administrators only.',
        response: { 200: Type.Ref('WebhookList'), ...problemResponses(401, 403, 503) },
      },
    },
    async () => ({ items: (await app.services.webhooks.list()).map(endpointView) }),
  );
};

export default listWebhooks;

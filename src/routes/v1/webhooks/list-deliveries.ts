import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';
import { deliveryView, WEBHOOK_ROLES, WebhookParams } from './schemas.js';

const DeliveryQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, default: 25, description: 'Deliveries per page.' }),
    ),
    cursor: Type.Optional(
      Type.String({ maxLength: 500, description: 'next_cursor of the previous page.' }),
    ),
  },
  { additionalProperties: false },
);

/** GET /webhooks/{id}/deliveries: the delivery log, with every attempt's answer. */
const listDeliveries: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/webhooks/:id/deliveries',
    {
      config: { roles: WEBHOOK_ROLES },
      schema: {
        operationId: 'listWebhookDeliveries',
        tags: ['webhooks'],
        summary: 'Delivery log of an endpoint (admin)',
        description:
          'What was sent to the endpoint, newest first: each delivery’s state, its attempts with the receiver’s status code (or why there was none) and the body sent. Administrators only.',
        params: WebhookParams,
        querystring: DeliveryQuery,
        response: {
          200: Type.Ref('WebhookDeliveryPage'),
          ...problemResponses(400, 401, 403, 404, 503),
        },
      },
    },
    async (request) => {
      const { limit = 25, cursor } = request.query;
      const page = await app.services.webhooks.deliveries(request.params.id, {
        limit,
        cursor: cursor ?? null,
      });
      return { items: page.items.map(deliveryView), next_cursor: page.next_cursor };
    },
  );
};

export default listDeliveries;

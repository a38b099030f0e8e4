import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';
import { DeliveryParams, deliveryView, WEBHOOK_ROLES } from './schemas.js';

/** POST /webhooks/{id}/deliveries/{deliveryId}/redeliver: try again now, with a fresh schedule. */
const redeliver: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: { roles: WEBHOOK_ROLES },
      schema: {
        operationId: 'redeliverWebhook',
        tags: ['webhooks'],
        summary: 'Redeliver (admin)',
        description:
          'Attempts the delivery again at once, whatever its state, with the same message id and body (signed afresh) and a fresh retry schedule if it fails. Answers 202 with the delivery now pending; read the log for the outcome. Administrators only.',
        params: DeliveryParams,
        response: {
          202: Type.Ref('WebhookDelivery'),
          ...problemResponses(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const { id, deliveryId } = request.params;
      const delivery = await app.services.webhooks.redeliver(id, deliveryId);
      reply.code(202);
      return deliveryView(delivery);
    },
  );
};

export default redeliver;

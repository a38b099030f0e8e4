import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import createWebhook from './create-webhook.js';
import deleteWebhook from './delete-webhook.js';
import getWebhook from './get-webhook.js';
import listDeliveries from './list-deliveries.js';
import listWebhooks from './list-webhooks.js';
import redeliver from './redeliver.js';
import { webhookSchemas } from './schemas.js';

/** Every /webhooks route, with the schemas they share. */
const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const schema of webhookSchemas) app.addSchema(schema);
  await app.register(createWebhook);
  await app.register(listWebhooks);
  await app.register(getWebhook);
  await app.register(deleteWebhook);
  await app.register(listDeliveries);
  await app.register(redeliver);
};

export default webhookRoutes;

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';
import type { WebhookEventType } from '../../../webhooks/events.js';
import { NewWebhookSchema, WEBHOOK_ROLES } from './schemas.js';

/** POST /webhooks: an administrator registers an endpoint and receives its signing secret once. */
const createWebhook: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/webhooks',
    {
      config: { roles: WEBHOOK_ROLES },
      schema: {
        operationId: 'createWebhook',
        tags: ['webhooks'],
        summary: 'Register a webhook endpoint (admin)',
        description:
          'Registers a URL to receive the chosen events as signed POSTs (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature` headers). The answer carries the signing secret, shown only this once. The host is resolved and every address must be public (422 `webhook_target_refused` otherwise, unless WEBHOOK_ALLOW_PRIVATE=true); it is checked again at every attempt. Administrators only; audited (webhook.create).',
        body: NewWebhookSchema,
        response: {
          201: Type.Ref('CreatedWebhook'),
          ...problemResponses(400, 401, 403, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { url, events, description = '' } = request.body;
      const caller = request.caller;
      const endpoint = await app.services.webhooks.register(
        { sub: caller.sub, name: caller.name },
        { url, events: events as WebhookEventType[], description },
      );
      // Where company data is sent is a change like any other: audited.
      await app.audit.record(
        request,
        'webhook.create',
        { type: 'webhook', id: endpoint.id },
        { url: endpoint.url, events: endpoint.events },
      );
      reply.code(201).header('location', `/api/v1/webhooks/${endpoint.id}`);
      return endpoint;
    },
  );
};

export default createWebhook;

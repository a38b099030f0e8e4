/** The webhook resources as the API shows them, with examples for the OpenAPI document. */
import { type Static, Type } from 'typebox';
import type { Role } from '../../../domain/types.js';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../../webhooks/events.js';

/** Webhooks send company data to outside URLs: administrators only. */
export const WEBHOOK_ROLES: readonly Role[] = ['admin'];

const WEBHOOK_ID = '6c1f7a52-2d7e-4d0b-9a51-3f0c2b8e9d14';
const DELIVERY_ID = 'b2a9d3f4-77c1-4e55-8a0e-1d2c3b4a5f60';
const ACTOR = { sub: 'u-adam', name: 'Adam Admin' };

const ENDPOINT_EXAMPLE = {
  id: WEBHOOK_ID,
  url: 'https://hooks.example.com/reimbursements',
  description: 'Push notifications for the mobile app',
  events: ['job.completed', 'job.failed'],
  created_by: ACTOR,
  created_at: '2026-11-02T09:15:00.000Z',
};

export const EventTypeSchema = Type.Enum([...WEBHOOK_EVENT_TYPES], {
  type: 'string',
  description:
    'job.completed (a claim was analysed), job.failed (a claim could not be), invoice.overridden (finance changed a decision), policy.activated (a policy version became the active one).',
});

const endpointProperties = {
  id: Type.String({ description: 'Id of the endpoint.' }),
  url: Type.String({ description: 'Where deliveries are POSTed.' }),
  description: Type.String({ description: 'What the endpoint is for, for people.' }),
  events: Type.Array(EventTypeSchema, { description: 'The event types it receives.' }),
  created_by: Type.Object(
    {
      sub: Type.String({ description: 'Subject of the administrator.' }),
      name: Type.String({ description: 'Name of the administrator.' }),
    },
    { description: 'Who registered it.' },
  ),
  created_at: Type.String({ format: 'date-time', description: 'When it was registered.' }),
};

export const WebhookSchema = Type.Object(endpointProperties, {
  $id: 'Webhook',
  description: 'A registered webhook endpoint (its secret is shown only when it is created).',
  examples: [ENDPOINT_EXAMPLE],
});

export const CreatedWebhookSchema = Type.Object(
  {
    ...endpointProperties,
    secret: Type.String({
      description:
        'The signing secret (`whsec_…`, Standard Webhooks). Shown this once: store it with the receiver; to change it, register the endpoint again and delete the old one.',
    }),
  },
  {
    $id: 'CreatedWebhook',
    description: 'A webhook endpoint just registered, with its signing secret.',
    examples: [
      { ...ENDPOINT_EXAMPLE, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw2kz9nVbXGvc=' },
    ],
  },
);

export const WebhookListSchema = Type.Object(
  { items: Type.Array(Type.Ref('Webhook'), { description: 'Endpoints, oldest first.' }) },
  {
    $id: 'WebhookList',
    description: 'Every registered webhook endpoint.',
    examples: [{ items: [ENDPOINT_EXAMPLE] }],
  },
);

export const NewWebhookSchema = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      maxLength: 2000,
      description:
        'An http or https URL without credentials whose host resolves to public addresses only (private, loopback and link-local targets are refused unless WEBHOOK_ALLOW_PRIVATE=true).',
    }),
    events: Type.Array(EventTypeSchema, {
      minItems: 1,
      maxItems: WEBHOOK_EVENT_TYPES.length,
      description: 'The event types to receive.',
    }),
    description: Type.Optional(
      Type.String({ maxLength: 500, description: 'What the endpoint is for, for people.' }),
    ),
  },
  {
    additionalProperties: false,
    description: 'The endpoint to register.',
    examples: [
      {
        url: 'https://hooks.example.com/reimbursements',
        events: ['job.completed', 'job.failed'],
        description: 'Push notifications for the mobile app',
      },
    ],
  },
);
export type NewWebhookBody = Static<typeof NewWebhookSchema>;

const ATTEMPT_EXAMPLE = {
  at: '2026-11-02T10:00:01.120Z',
  status_code: 503,
  error: 'Service Unavailable',
  duration_ms: 84,
  manual: false,
};

const DELIVERY_EXAMPLE = {
  id: DELIVERY_ID,
  webhook_id: WEBHOOK_ID,
  event_id: 'msg_2b7c0c9e4f1a4d7e9b3a6c5d8e7f1a2b',
  event_type: 'job.completed',
  state: 'succeeded',
  attempt_count: 2,
  next_attempt_at: null,
  attempts: [
    ATTEMPT_EXAMPLE,
    { ...ATTEMPT_EXAMPLE, at: '2026-11-02T10:00:05.310Z', status_code: 204, error: null },
  ],
  payload: {
    type: 'job.completed',
    timestamp: '2026-11-02T10:00:01.000Z',
    data: {
      job_id: '0f5e8a8c-3a4b-4c1d-9e2f-7a6b5c4d3e2f',
      state: 'succeeded',
      owner_sub: 'u-asha',
      employee_name: 'Asha Verma',
    },
  },
  created_at: '2026-11-02T10:00:01.000Z',
  updated_at: '2026-11-02T10:00:05.394Z',
};

export const WebhookDeliverySchema = Type.Object(
  {
    id: Type.String({ description: 'Id of the delivery (one event to one endpoint).' }),
    webhook_id: Type.String({ description: 'The endpoint it goes to.' }),
    event_id: Type.String({
      description:
        'The message id, sent as `webhook-id`: the same on every attempt and redelivery.',
    }),
    event_type: EventTypeSchema,
    state: Type.Enum(['pending', 'succeeded', 'failed'], {
      type: 'string',
      description:
        'pending: an attempt is due at next_attempt_at; succeeded: the receiver answered 2xx; failed: every attempt of the retry schedule failed (redeliver to try again).',
    }),
    attempt_count: Type.Integer({
      description: 'Attempts since the delivery was created or last redelivered.',
    }),
    next_attempt_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'When the next attempt is due; null unless pending.',
    }),
    attempts: Type.Array(
      Type.Object(
        {
          at: Type.String({ format: 'date-time', description: 'When the attempt started.' }),
          status_code: Type.Union([Type.Integer(), Type.Null()], {
            description: 'The receiver’s HTTP status; null when there was no answer.',
          }),
          error: Type.Union([Type.String(), Type.Null()], {
            description:
              'Why there was no answer (refused target, connection error, timeout), or the start of a non-2xx answer’s body.',
          }),
          duration_ms: Type.Integer({ description: 'How long the attempt took.' }),
          manual: Type.Boolean({ description: 'True for the first attempt after a redelivery.' }),
        },
        { description: 'One attempt.' },
      ),
      { description: 'Every attempt, oldest first (the latest 100).' },
    ),
    payload: Type.Object(
      {
        type: EventTypeSchema,
        timestamp: Type.String({ format: 'date-time', description: 'When the event happened.' }),
        data: Type.Record(Type.String(), Type.Unknown(), {
          description: 'What happened; fields depend on the type (see the README).',
        }),
      },
      { description: 'The body that is sent, exactly as signed.' },
    ),
    created_at: Type.String({ format: 'date-time', description: 'When the event was fanned out.' }),
    updated_at: Type.String({ format: 'date-time', description: 'When it last changed.' }),
  },
  {
    $id: 'WebhookDelivery',
    description: 'One event on its way to one endpoint, with every attempt and its answer.',
    examples: [DELIVERY_EXAMPLE],
  },
);

export const WebhookDeliveryPageSchema = Type.Object(
  {
    items: Type.Array(Type.Ref('WebhookDelivery'), { description: 'Deliveries, newest first.' }),
    next_cursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `cursor` to get the next page; null on the last page.',
    }),
  },
  {
    $id: 'WebhookDeliveryPage',
    description: 'One page of an endpoint’s delivery log.',
    examples: [{ items: [DELIVERY_EXAMPLE], next_cursor: null }],
  },
);

export const WebhookParams = Type.Object(
  { id: Type.String({ format: 'uuid', description: 'Id of the webhook endpoint.' }) },
  { additionalProperties: false },
);

export const DeliveryParams = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Id of the webhook endpoint.' }),
    deliveryId: Type.String({ format: 'uuid', description: 'Id of the delivery.' }),
  },
  { additionalProperties: false },
);

export const webhookSchemas = [
  WebhookSchema,
  CreatedWebhookSchema,
  WebhookListSchema,
  WebhookDeliverySchema,
  WebhookDeliveryPageSchema,
];

/** An endpoint as listed: everything but the secret. */
export function endpointView({ secret: _secret, ...endpoint }: WebhookEndpoint) {
  return endpoint;
}

export function deliveryView({ payload, schedule_seq: _seq, ...delivery }: WebhookDelivery) {
  return { ...delivery, payload: JSON.parse(payload) as Record<string, unknown> };
}

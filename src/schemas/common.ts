import { type Static, Type } from 'typebox';

/** Schemas shared by many routes. Each has an $id so OpenAPI names the component after it. */

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the problem type; ends with the code.' }),
    title: Type.String({ description: 'Short, human-readable summary of the HTTP status.' }),
    status: Type.Integer({ description: 'HTTP status code.' }),
    detail: Type.String({ description: 'Human-readable explanation of this occurrence.' }),
    instance: Type.String({ description: 'Path of the request that failed.' }),
    code: Type.String({ description: 'Stable snake_case error code to switch on.' }),
    request_id: Type.String({
      description: 'Id of the request; quote it when reporting a problem.',
    }),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          {
            pointer: Type.String({
              description: 'JSON pointer or form field the message is about.',
            }),
            message: Type.String({ description: 'What is wrong with it.' }),
          },
          { description: 'One invalid field.' },
        ),
        { description: 'Field-level problems of a validation error.' },
      ),
    ),
  },
  {
    $id: 'Problem',
    description: 'An RFC 9457 problem detail (content type application/problem+json).',
    additionalProperties: true,
    examples: [
      {
        type: 'tag:invoice-reimbursement-api,2026:problem:validation_failed',
        title: 'Bad Request',
        status: 400,
        detail: 'The request is not valid: see errors.',
        instance: '/api/v1/invoices',
        code: 'validation_failed',
        request_id: 'b7a3c1f0-5c1e-4d47-9d55-2f0c5c8f9e21',
        errors: [{ pointer: 'querystring:/limit', message: 'must be <= 100' }],
      },
    ],
  },
);
export type ProblemBody = Static<typeof ProblemSchema>;

export const MoneySchema = Type.Object(
  {
    amount_minor: Type.Integer({
      description: 'Amount in minor units (paise, cents).',
      examples: [20000],
    }),
    currency: Type.String({
      description: 'ISO 4217 currency code.',
      examples: ['INR'],
      minLength: 3,
      maxLength: 3,
    }),
  },
  {
    $id: 'Money',
    description: 'An exact amount of money: integer minor units and a currency. Never a float.',
  },
);

/** Every route declares the problems it can answer with; 429 and 500 any rate-limited route can. */
export const problemRef = Type.Ref('Problem');
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  return unlimitedProblemResponses(...statuses, 429);
}

/** The problems of a route exempt from the rate limit (`config: { rateLimit: false }`): no 429. */
export function unlimitedProblemResponses(...statuses: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const status of [...new Set([...statuses, 500])].sort()) out[status] = problemRef;
  return out;
}

/** The optional `Idempotency-Key` header of the routes that honour it (plugins/idempotency.ts). */
export const idempotencyKeyHeader = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      description:
        'Makes retries safe: generate one key per action the user means once (an upload, a decision; e.g. a UUID) and send it again on every retry of that action. The same key and payload replay the first answer (header Idempotent-Replayed: true); the same key with another payload is 422 idempotency_key_reused; while the first is still running, 409 idempotency_in_progress. Keys are kept IDEMPOTENCY_TTL_HOURS.',
    },
  },
} as const;

/** A 200 answered as text of one media type (an event stream, a CSV file), with an example of it. */
export function textResponse(mediaType: string, description: string, example: string) {
  return { description, content: { [mediaType]: { schema: { type: 'string' }, example } } };
}

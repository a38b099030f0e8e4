import { STATUS_CODES } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { VERSION } from '../version.js';
import { PROBLEM_CONTENT_TYPE } from './error-handler.js';

export const DOCS_PREFIX = '/docs';

/** Every tag a route may use, with the description shown in the docs. */
export const OPENAPI_TAGS = [
  {
    name: 'analysis',
    description: 'Upload invoices with a policy and get a reimbursement decision per invoice.',
  },
  {
    name: 'jobs',
    description: 'Analyses running in the background, their results and their progress events.',
  },
  { name: 'invoices', description: 'Search, read and export analysed invoices.' },
  { name: 'chat', description: 'Questions about the invoices, answered with citations.' },
  { name: 'policies', description: 'Reimbursement policies compiled into explicit rules.' },
  { name: 'audit', description: 'Who changed what and when (administrators).' },
  {
    name: 'webhooks',
    description: 'Signed notifications to other systems when work ends (administrators).',
  },
  { name: 'health', description: 'Liveness, readiness and the state of every dependency.' },
] as const;

/** Name of the security scheme protected routes reference (the auth plugin adds it to their schemas). */
export const BEARER_SCHEME = 'bearerAuth';

/**
 * The Swagger UI loads its own scripts, styles and the document from this origin and nothing
 * else; no validator.swagger.io (validatorUrl is off), no framing.
 */
export const DOCS_CSP =
  "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self' data:; form-action 'self'; " +
  "frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' https:";

/*
 * Post-processing of the generated document, so every route gets the same treatment without each
 * route file repeating it. Pure functions over plain JSON.
 */
type Json = Record<string, unknown>;

const PROBLEM_REF = '#/components/schemas/Problem';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/**
 * TypeBox writes a union of string literals as `anyOf: [{enum:[a]}, {enum:[b]}]`; client
 * generators (dart-dio) turn that into an opaque wrapper class. One `enum` becomes a real enum.
 */
function collapseLiteralUnions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(collapseLiteralUnions);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = collapseLiteralUnions(value);
  const members = out.anyOf;
  const literal = (m: unknown): m is { type: 'string'; enum: [string] } =>
    isObject(m) &&
    m.type === 'string' &&
    Array.isArray(m.enum) &&
    m.enum.length === 1 &&
    Object.keys(m).every((k) => k === 'type' || k === 'enum');
  if (Array.isArray(members) && members.length > 0 && members.every(literal)) {
    const { anyOf: _anyOf, ...rest } = out;
    return { type: 'string', enum: members.map((m) => m.enum[0]), ...rest };
  }
  return out;
}

/**
 * Problem responses are served as application/problem+json whatever the route produces otherwise
 * (`produces: ['text/csv']` would label them text/csv): say so, with the status as description.
 */
function describeProblemResponses(responses: Json): void {
  for (const [status, response] of Object.entries(responses)) {
    if (!isObject(response) || !isObject(response.content)) continue;
    const media = Object.values(response.content);
    const isProblem = (m: unknown) =>
      isObject(m) && isObject(m.schema) && m.schema.$ref === PROBLEM_REF;
    if (media.length === 0 || !media.every(isProblem)) continue;
    response.content = { [PROBLEM_CONTENT_TYPE]: media[0] };
    response.description = `${STATUS_CODES[Number(status)] ?? 'Error'}: an RFC 9457 problem; switch on its \`code\`.`;
    response.headers = problemHeaders(Number(status));
  }
}

const header = (description: string, type: 'string' | 'integer') => ({
  description,
  schema: { type },
});

/** The headers a client acts on when a request fails: which request (support), and when to retry. */
function problemHeaders(status: number): Json {
  const headers: Json = {
    'X-Request-ID': header('The request id, also in the problem body and the logs.', 'string'),
  };
  if (status === 429 || status === 503)
    headers['Retry-After'] = header('Seconds to wait before retrying.', 'integer');
  if (status === 429) {
    headers['X-RateLimit-Limit'] = header('Requests allowed per window.', 'integer');
    headers['X-RateLimit-Remaining'] = header('Requests left in this window.', 'integer');
    headers['X-RateLimit-Reset'] = header('Seconds until the window resets.', 'integer');
  }
  return headers;
}

/** Stable key order (paths, components) so the checked-in file only changes when the API does. */
export function normaliseDocument(document: Json): Json {
  const doc = collapseLiteralUnions(document) as Json;
  const paths = isObject(doc.paths) ? (doc.paths as Record<string, Json>) : {};
  const usedTags = new Set<string>();
  for (const item of Object.values(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isObject(operation)) continue;
      if (isObject(operation.responses)) describeProblemResponses(operation.responses);
      if (Array.isArray(operation.tags))
        for (const tag of operation.tags) usedTags.add(String(tag));
    }
  }
  doc.paths = sortedByKey(paths);
  // Tags nobody uses yet would show as empty sections in the UI.
  if (Array.isArray(doc.tags))
    doc.tags = doc.tags.filter((tag) => isObject(tag) && usedTags.has(String(tag.name)));
  if (isObject(doc.components)) {
    const components = doc.components;
    if (isObject(components.schemas)) components.schemas = sortedByKey(components.schemas);
  }
  return doc;
}

/**
 * OpenAPI 3.0.3 generated from the route schemas (3.0.3 because client generators such as
 * dart-dio handle it best). Schemas with an $id become named components; the UI is at /docs.
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Invoice Reimbursement API',
          version: VERSION,
          description:
            'Reads invoices, decides reimbursements deterministically against a policy, and answers questions about them. ' +
            'Every error is an RFC 9457 problem (application/problem+json) with a stable `code` and the `request_id`.',
        },
        // Relative, so the docs call whichever host serves them; generated clients set their base URL.
        servers: [{ url: '/', description: 'The server that serves this document' }],
        tags: OPENAPI_TAGS.map((tag) => ({ ...tag })),
        components: {
          securitySchemes: {
            [BEARER_SCHEME]: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'JWT',
              description: 'A JWT from the identity provider (AUTH_MODE=jwt).',
            },
          },
        },
      },
      // We only ever configure `openapi`, so the object is always the OpenAPI one.
      transformObject: (document) =>
        normaliseDocument('openapiObject' in document ? (document.openapiObject as Json) : {}),
      // Components are named after the schema's $id ("Problem", "Money"), never "def-0".
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) =>
          typeof json.$id === 'string' ? json.$id : `def-${i}`,
      },
    });
    await app.register(swaggerUi, {
      routePrefix: DOCS_PREFIX,
      staticCSP: DOCS_CSP,
      uiConfig: { deepLinking: true, validatorUrl: null },
    });
  },
  { name: 'openapi' },
);

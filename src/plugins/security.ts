import cors from '@fastify/cors';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface SecurityOptions {
  /** Origins allowed by CORS; empty allows none, `*` any (refused in production). */
  allowedOrigins: readonly string[];
  production: boolean;
}

/**
 * The API answers JSON only, so its pages may load nothing and may not be framed. The Swagger UI
 * at /docs gets its own, looser policy from @fastify/swagger-ui (see DOCS_CSP in openapi.ts).
 */
export const API_CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/** The helmet configuration of every response. */
export const HELMET_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
  // Same intent as frame-ancestors 'none', for browsers that only know X-Frame-Options.
  frameguard: { action: 'deny' },
};

/** Headers a browser client may send and read across origins (Flutter web). */
export const CORS_METHODS = ['GET', 'POST', 'PATCH', 'DELETE'];
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'last-event-id',
  'x-request-id',
];
export const CORS_EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'location',
  'content-disposition',
  'idempotent-replayed',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

let helmetHeaders: Promise<Readonly<Record<string, string>>> | undefined;

/**
 * The headers @fastify/helmet sets with HELMET_OPTIONS, computed once per process by running the
 * plugin itself on one request of a throwaway instance. They depend on the options only, never on
 * the request, so there is no need to run helmet's middleware chain again for every request
 * (it cost about 30 µs per request, half of the whole plugin stack).
 */
export function helmetHeadersFor(): Promise<Readonly<Record<string, string>>> {
  helmetHeaders ??= (async () => {
    const probe = Fastify({ logger: false });
    let captured: Record<string, string> = {};
    try {
      await probe.register(helmet, HELMET_OPTIONS);
      // Registered after helmet, so it runs after helmet's own onRequest hooks.
      probe.addHook('onRequest', (_request, reply, done) => {
        captured = Object.fromEntries(
          Object.entries(reply.raw.getHeaders()).map(([name, value]) => [
            name.toLowerCase(),
            String(value),
          ]),
        );
        done();
      });
      probe.get('/', async () => '');
      const res = await probe.inject({ method: 'GET', url: '/' });
      if (res.statusCode !== 200)
        throw new Error(`computing the helmet headers answered ${res.statusCode}`);
    } finally {
      await probe.close();
    }
    if (Object.keys(captured).length === 0) throw new Error('@fastify/helmet set no headers');
    return Object.freeze(captured);
  })();
  return helmetHeaders;
}

/** Helmet headers on every response and CORS only for the configured origins. */
export default fp<SecurityOptions>(
  async (app: FastifyInstance, options) => {
    const headers = Object.entries(await helmetHeadersFor());
    // One synchronous hook, first in line: every answer carries the headers, including 404s,
    // errors, CORS preflights (answered in a later onRequest hook) and SSE streams (which copy the
    // reply's headers). A route may still override one (the /docs CSP of @fastify/swagger-ui).
    app.addHook('onRequest', (_request, reply, done) => {
      for (let i = 0; i < headers.length; i += 1) {
        const [name, value] = headers[i] as [string, string];
        reply.header(name, value);
      }
      done();
    });

    const origins = options.allowedOrigins;
    if (origins.length === 0) return; // no CORS headers at all: browsers on other origins are refused
    if (origins.includes('*') && options.production) {
      // config.ts refuses this already; a second guard costs nothing and survives refactors.
      throw new Error('ALLOWED_ORIGINS=* is refused in production');
    }
    await app.register(cors, {
      origin: origins.includes('*') ? '*' : [...origins],
      methods: CORS_METHODS,
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      // Bearer tokens travel in a header, never in cookies: no credentials mode.
      credentials: false,
      maxAge: 600,
    });
  },
  { name: 'security', dependencies: ['error-handler'] },
);

import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
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

/** Headers a browser client may send and read across origins (Flutter web). */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'last-event-id', 'x-request-id'];
const EXPOSED_HEADERS = ['x-request-id', 'retry-after', 'location', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/** Helmet headers on every response and CORS only for the configured origins. */
export default fp<SecurityOptions>(
  async (app: FastifyInstance, options) => {
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
      // Same intent as frame-ancestors 'none', for browsers that only know X-Frame-Options.
      frameguard: { action: 'deny' },
    });

    const origins = options.allowedOrigins;
    if (origins.length === 0) return; // no CORS headers at all: browsers on other origins are refused
    if (origins.includes('*') && options.production) {
      // config.ts refuses this already; a second guard costs nothing and survives refactors.
      throw new Error('ALLOWED_ORIGINS=* is refused in production');
    }
    await app.register(cors, {
      origin: origins.includes('*') ? '*' : [...origins],
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      // Bearer tokens travel in a header, never in cookies: no credentials mode.
      credentials: false,
      maxAge: 600,
    });
  },
  { name: 'security', dependencies: ['error-handler'] },
);

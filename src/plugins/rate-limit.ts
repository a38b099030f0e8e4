import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';

export interface RateLimitOptions {
  /** Requests per client per window. */
  max: number;
  timeWindowMs: number;
  /** Counters live in Redis when given, so every API instance shares them; in memory otherwise. */
  redis?: Redis;
}

export const RATE_LIMIT_NAMESPACE = 'reimburse:rate-limit:';

/**
 * The authenticated subject when the auth plugin has set `request.caller` (it owns that
 * declaration); read defensively so this plugin works with or without auth registered.
 */
export function callerSubject(request: FastifyRequest): string | undefined {
  const caller = (request as { caller?: unknown }).caller;
  if (typeof caller !== 'object' || caller === null) return undefined;
  const sub = (caller as { sub?: unknown }).sub;
  return typeof sub === 'string' && sub !== '' ? sub : undefined;
}

/** One bucket per signed-in user (however many devices), per IP for anonymous callers. */
export function rateLimitKey(request: FastifyRequest): string {
  const sub = callerSubject(request);
  return sub ? `caller:${sub}` : `ip:${request.ip}`;
}

/**
 * A global per-client rate limit. Routes opt out with `config: { rateLimit: false }` (health,
 * metrics). 429 answers are problem+json (code `rate_limited`) with Retry-After and x-ratelimit-*.
 */
export default fp<RateLimitOptions>(
  async (app: FastifyInstance, options) => {
    await app.register(rateLimit, {
      global: true,
      max: options.max,
      timeWindow: options.timeWindowMs,
      // The limiter runs as a route-level onRequest hook, and Fastify runs those after every
      // app-level onRequest hook: the auth plugin has set request.caller by then. Counting in
      // onRequest also limits anonymous token guessing (auth answers 401 only in preParsing) and
      // refuses a flood before any request body is read.
      hook: 'onRequest',
      keyGenerator: rateLimitKey,
      ...(options.redis ? { redis: options.redis, nameSpace: RATE_LIMIT_NAMESPACE } : {}),
      // A Redis outage must not take the API down with it: requests pass unlimited meanwhile.
      skipOnError: true,
      errorResponseBuilder: (_request, context) =>
        new AppError(
          context.statusCode,
          'rate_limited',
          `Too many requests: at most ${context.max} per window. Retry in ${context.after}.`,
        ),
    });
  },
  { name: 'rate-limit', dependencies: ['error-handler'] },
);

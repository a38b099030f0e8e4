/**
 * Who may read /metrics. The metrics name every route, its traffic and the process's memory:
 * useful to an attacker sizing a flood, so never public by default. Operators choose:
 *   METRICS_TOKEN — a static bearer token, what Prometheus' `authorization` (bearer) block sends;
 *   METRICS_PORT  — a listener of its own, for a scrape network the API port is not published on;
 *   neither       — an admin caller, as on the admin routes (AUTH_MODE=none: the local admin).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';
import { AppError, ForbiddenError } from '../errors.js';
import { createAuthenticator } from './auth.js';

export type MetricsGate = (authorization: string | undefined) => Promise<void>;

const CHALLENGE = 'Bearer realm="metrics"';

/** Equal-time comparison of digests: the time taken says nothing about how much of it matched. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Checks METRICS_TOKEN; throws the 401 to answer. */
export function tokenGate(token: string): MetricsGate {
  return async (authorization) => {
    const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (given === undefined)
      throw new AppError(
        401,
        'missing_token',
        'The metrics need a bearer token: send Authorization: Bearer <METRICS_TOKEN>.',
        { headers: { 'www-authenticate': CHALLENGE } },
      );
    if (!sameSecret(given, token))
      throw new AppError(401, 'invalid_token', 'The bearer token is not the metrics token.', {
        headers: { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` },
      });
  };
}

/** Without a token of its own: the API's authentication, and the admin role. */
function adminGate(config: Config): MetricsGate {
  const authenticate = createAuthenticator(config);
  return async (authorization) => {
    const caller = await authenticate(authorization);
    if (caller.role !== 'admin')
      throw new ForbiddenError(
        'insufficient_role',
        `The metrics are for admin users, or the METRICS_TOKEN; you are signed in as ${caller.role}.`,
      );
  };
}

/** How the metrics on the API's own port are guarded; null when they are served elsewhere. */
export function metricsGate(config: Config): MetricsGate | null {
  if (config.metricsPort !== undefined) return null;
  return config.metricsToken !== undefined ? tokenGate(config.metricsToken) : adminGate(config);
}

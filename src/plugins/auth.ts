/**
 * Who is calling: bearer JWTs (HS256 with JWT_SECRET, RS256/ES256 from the identity provider's
 * JWKS_URL; both may be configured) or, with AUTH_MODE=none, the single local user of the embedded
 * demo. Sets `request.caller` and enforces `config: { auth, roles }` of every route in one place.
 *
 * Which routes: every route under /api/v1 except the health routes, plus any route with
 * `config: { auth: true }`; `config: { auth: false }` opts a route out. Routes outside /api/v1
 * (/docs, /metrics) are public unless they opt in.
 *
 * Two phases, on purpose: the token is checked in an onRequest hook that runs before the rate
 * limiter's (both are route-level hooks, added to protected routes only, this one first), so the
 * limiter can key on `request.caller.sub`;
 * the verdict (401/403) is delivered in preParsing, so a limiter hooked at onRequest has already
 * counted the request (token guessing is rate-limited by address like other anonymous traffic),
 * and still before a byte of an upload body is read.
 */
import type { FastifyRequest, onRequestHookHandler, preParsingHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose';
import type { Config } from '../config.js';
import { isRole } from '../domain/access.js';
import type { Caller, Role } from '../domain/types.js';
import { AppError, ForbiddenError, ServiceUnavailableError } from '../errors.js';
import { problemRef } from '../schemas/common.js';
import { BEARER_SCHEME } from './openapi.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The authenticated user; set before the handler of every protected route runs. On public
     * routes (health, docs, metrics) it is null, which is why it is read as `request.caller?.sub`
     * by cross-cutting code such as the rate limiter.
     */
    caller: Caller;
  }
  interface FastifyContextConfig {
    /** true: a bearer token is required; false: public. Default: required under /api/v1 but health. */
    auth?: boolean;
    /** Roles allowed on the route (403 `insufficient_role` otherwise); any role when absent. */
    roles?: readonly Role[];
  }
}

/** Tolerated clock skew between us and the identity provider when checking `exp` and `nbf`. */
export const CLOCK_TOLERANCE_S = 30;
export const HMAC_ALGORITHMS = ['HS256'];
export const JWKS_ALGORITHMS = ['RS256', 'ES256'];
/** JWKS fetch limits: a slow identity provider must not hold requests for long. */
const JWKS_TIMEOUT_MS = 3000;
const JWKS_COOLDOWN_MS = 30_000;
const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;

export const LOCAL_SUB = 'local';

const PUBLIC_API_PATH = /^\/api\/v1\/health(\/|$)/;

/** Whether a route needs a caller: its own `config.auth` first, then the default described above. */
export function requiresAuth(
  url: string | undefined,
  routeConfig: { auth?: boolean } | undefined,
): boolean {
  if (url === undefined) return false; // no route matched: the 404 reveals nothing worth a token
  if (typeof routeConfig?.auth === 'boolean') return routeConfig.auth;
  return url.startsWith('/api/v1/') && !PUBLIC_API_PATH.test(url);
}

/** RFC 6750 challenge; `error` is omitted when no credentials were sent at all (section 3.1). */
function challenge(error?: { code: string; description: string }): string {
  if (!error) return 'Bearer realm="api"';
  return `Bearer realm="api", error="${error.code}", error_description="${error.description.replace(/["\\]/g, "'")}"`;
}

function unauthorized(
  code: 'missing_token' | 'invalid_token' | 'token_expired',
  message: string,
): AppError {
  const header =
    code === 'missing_token'
      ? challenge()
      : challenge({ code: 'invalid_token', description: message });
  return new AppError(401, code, message, { headers: { 'www-authenticate': header } });
}

/** The key source itself failed (network, timeout, non-200): not the client's fault. */
class KeySourceUnavailable extends Error {}
const KEY_SOURCE_FAILURES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID']);

function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  const jwks = createRemoteJWKSet(new URL(jwksUrl), {
    timeoutDuration: JWKS_TIMEOUT_MS,
    cooldownDuration: JWKS_COOLDOWN_MS,
    cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
  });
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      // An unknown kid or a key of the wrong type is the token's problem; anything else is the provider's.
      if (error instanceof errors.JOSEError && !KEY_SOURCE_FAILURES.has(error.code)) throw error;
      throw new KeySourceUnavailable(error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
  };
}

function callerFrom(payload: JWTPayload): Caller {
  const sub = typeof payload.sub === 'string' ? payload.sub.trim() : '';
  if (!sub) throw unauthorized('invalid_token', 'The token has no subject (sub claim).');
  // A genuine token without a usable role is a provisioning problem, not a login problem: 403, so
  // the app shows "no access" instead of sending the user round a login loop.
  if (!isRole(payload.role))
    throw new ForbiddenError(
      'invalid_role',
      'The token carries no role this API knows (employee, finance or admin).',
    );
  const named = [payload.name, payload.preferred_username].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  return { sub, name: named?.trim() ?? sub, role: payload.role };
}

export type Authenticator = (authorization: string | undefined) => Promise<Caller>;

/** Turns an Authorization header into a Caller, or throws the 401/403/503 to answer with. */
export function createAuthenticator(config: Config): Authenticator {
  if (config.authMode === 'none') {
    const local: Caller = Object.freeze({
      sub: LOCAL_SUB,
      name: config.localUserName,
      role: 'admin',
    });
    return async () => local;
  }
  const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : undefined;
  const keys = config.jwksUrl ? remoteKeys(config.jwksUrl) : undefined;
  const common: JWTVerifyOptions = {
    clockTolerance: CLOCK_TOLERANCE_S,
    // A token without exp would be valid forever once leaked.
    requiredClaims: ['exp', 'sub'],
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
  };

  const verify = async (token: string): Promise<JWTPayload> => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthorized('invalid_token', 'The bearer token is not a well-formed JWT.');
    }
    // The key is chosen by the header's alg, and each key only accepts its own algorithms, so an
    // RS256 public key can never be used as an HS256 secret (algorithm confusion).
    if (secret && alg && HMAC_ALGORITHMS.includes(alg))
      return (await jwtVerify(token, secret, { ...common, algorithms: HMAC_ALGORITHMS })).payload;
    if (keys && alg && JWKS_ALGORITHMS.includes(alg))
      return (await jwtVerify(token, keys, { ...common, algorithms: JWKS_ALGORITHMS })).payload;
    throw unauthorized(
      'invalid_token',
      `Tokens signed with ${alg ?? 'no algorithm'} are not accepted.`,
    );
  };

  return async (authorization) => {
    // No header, another scheme (Basic) or an empty Bearer all mean "no bearer credentials".
    const token = /^Bearer(?:\s+(.*))?$/i.exec(authorization ?? '')?.[1]?.trim();
    if (!token)
      throw unauthorized(
        'missing_token',
        'This endpoint needs a bearer token: send Authorization: Bearer <token>.',
      );
    // RFC 6750 b64token syntax; anything else cannot be a JWT.
    if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token))
      throw unauthorized(
        'invalid_token',
        'The Authorization header does not hold a well-formed bearer token.',
      );
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired)
        throw unauthorized('token_expired', 'The token has expired: sign in again.');
      if (error instanceof KeySourceUnavailable) {
        throw new ServiceUnavailableError(
          'identity_provider_unavailable',
          'The signing keys of the identity provider could not be fetched; try again shortly.',
          5,
        );
      }
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')
        throw unauthorized('invalid_token', 'The token is not valid yet (nbf).');
      if (error instanceof errors.JOSEError)
        throw unauthorized('invalid_token', `The token is not valid: ${error.message}.`);
      throw error;
    }
    return callerFrom(payload);
  };
}

/** A route option that takes one hook or several, with `hook` run before the ones already there. */
function prependHook<T>(existing: T | T[] | undefined, hook: T): T[] {
  // A new array: Fastify shares the options' arrays between a GET route and its HEAD twin.
  if (existing === undefined) return [hook];
  return [hook, ...(Array.isArray(existing) ? existing : [existing])];
}

export default fp(
  async (app) => {
    const authenticate = createAuthenticator(app.services.config);
    // Failures found in onRequest, delivered in preParsing (see the header comment).
    const failures = new WeakMap<FastifyRequest, unknown>();

    app.decorateRequest('caller', null as unknown as Caller);

    const checkToken: onRequestHookHandler = async (request) => {
      try {
        request.caller = await authenticate(request.headers.authorization);
      } catch (error) {
        failures.set(request, error);
      }
    };

    // Only protected routes get the hooks: public ones (health, docs, metrics, 404s) pay nothing.
    // They are the first route-level hooks of the route, so they run after every app-level hook
    // and before the rate limiter's route-level hook, which keys on request.caller.
    app.addHook('onRoute', (route) => {
      if (!requiresAuth(route.url, route.config)) return;
      const roles = route.config?.roles;
      const deliverVerdict: preParsingHookHandler = (request, _reply, payload, done) => {
        if (failures.has(request)) return done(failures.get(request) as Error);
        if (roles && !roles.includes(request.caller.role)) {
          return done(
            new ForbiddenError(
              'insufficient_role',
              `This endpoint is for ${roles.join(' or ')} users; you are signed in as ${request.caller.role}.`,
            ),
          );
        }
        done(null, payload);
      };
      route.onRequest = prependHook(route.onRequest, checkToken);
      route.preParsing = prependHook(route.preParsing, deliverVerdict);

      // OpenAPI: protected routes name the bearer scheme and document 401/403 the same way everywhere.
      if (!route.schema) return;
      // Typed loosely: `security` is an @fastify/swagger addition to the schema type.
      const schema = route.schema as { security?: unknown; response?: Record<string, unknown> };
      schema.security ??= [{ [BEARER_SCHEME]: [] }];
      const response = schema.response;
      if (response) {
        response[401] ??= problemRef;
        response[403] ??= problemRef;
      }
    });
  },
  { name: 'auth', dependencies: ['error-handler'] },
);

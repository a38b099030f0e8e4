/**
 * Idempotency-Key on creating POSTs: a retry with the same key and payload replays the first
 * answer; the same key with another payload is 422; a retry while the first is still running is 409.
 *
 * JSON routes (`config: { idempotency: 'body' }`) are fingerprinted from the parsed body here.
 * Multipart routes (`'manual'`) can only be fingerprinted once their files are on disk and hashed,
 * so their handler calls `request.claimIdempotency(fingerprint)` itself.
 */
import { createHash } from 'node:crypto';
import type {
  FastifyReply,
  FastifyRequest,
  onResponseHookHandler,
  onSendHookHandler,
  preHandlerHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import { BadRequestError, ConflictError, UnprocessableError } from '../errors.js';
import type { IdempotencyEntry, IdempotencyStore } from '../store/ports.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const WELL_FORMED_KEY = /^[\x21-\x7e]{1,255}$/;
/** Headers of a stored answer that a replay sends again. */
const REPLAYED_HEADERS = ['content-type', 'location'];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'body': fingerprint the JSON body automatically; 'manual': the handler claims the key. */
    idempotency?: 'body' | 'manual';
  }
  interface FastifyRequest {
    /**
     * Claims the request's Idempotency-Key for this payload fingerprint. Returns the stored answer
     * to replay, or null when this request is the first and should run (or carries no key).
     */
    claimIdempotency(fingerprint: string): Promise<IdempotencyEntry | null>;
    /**
     * Stores the answer to replay now, for responses that are streams (their bytes never pass
     * through onSend as one payload): a retry of a stream replays this body, e.g. the job it started.
     */
    completeIdempotency(statusCode: number, body: unknown): Promise<void>;
  }
}

interface Claim {
  key: string;
  owner: string;
  finished: boolean;
}

const claims = new WeakMap<FastifyRequest, Claim>();

export function fingerprintOf(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export default fp<{ store: IdempotencyStore }>(
  async (app, { store }) => {
    async function claim(
      request: FastifyRequest,
      fingerprint: string,
    ): Promise<IdempotencyEntry | null> {
      const header = request.headers[IDEMPOTENCY_HEADER];
      if (header === undefined) return null;
      const key = Array.isArray(header) ? (header[0] ?? '') : header;
      if (!WELL_FORMED_KEY.test(key)) {
        throw new BadRequestError(
          'invalid_idempotency_key',
          'Idempotency-Key must be 1 to 255 visible ASCII characters.',
          [
            {
              pointer: `headers:/${IDEMPOTENCY_HEADER}`,
              message: 'must be 1 to 255 visible ASCII characters',
            },
          ],
        );
      }
      const owner = request.caller.sub;
      // The route is part of the request: a key first used on POST /analyze-invoices and sent
      // again to POST /jobs is a different request (422), never a replay of the other's answer.
      const scoped = fingerprintOf(request.method, request.routeOptions.url, fingerprint);
      const existing = await store.begin({ key, owner_sub: owner, fingerprint: scoped });
      if (!existing) {
        claims.set(request, { key, owner, finished: false });
        return null;
      }
      if (existing.fingerprint !== scoped) {
        throw new UnprocessableError(
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different request; use a new key for a new request.',
        );
      }
      if (existing.state === 'running') {
        throw new ConflictError(
          'idempotency_in_progress',
          'A request with this Idempotency-Key is still running; retry later.',
        );
      }
      return existing;
    }

    app.decorateRequest('claimIdempotency', function (this: FastifyRequest, fingerprint: string) {
      // Without the config the route has none of the hooks that store the answer and free the key.
      if (this.routeOptions.config.idempotency === undefined) {
        return Promise.reject(
          new Error(
            `${this.routeOptions.method} ${this.routeOptions.url} claims an Idempotency-Key but does not declare config.idempotency`,
          ),
        );
      }
      return claim(this, fingerprint);
    });

    app.decorateRequest(
      'completeIdempotency',
      async function (this: FastifyRequest, statusCode: number, body: unknown) {
        const claimed = claims.get(this);
        if (!claimed || claimed.finished) return;
        claimed.finished = true;
        await store.finish(claimed.key, claimed.owner, {
          status_code: statusCode,
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json; charset=utf-8' },
        });
      },
    );

    const replayStored: preHandlerHookHandler = async (request, reply) => {
      const stored = await claim(request, fingerprintOf(request.body ?? null));
      if (stored) return replay(reply, stored);
    };

    const storeAnswer: onSendHookHandler = async (request, reply, payload) => {
      const claimed = claims.get(request);
      if (!claimed || claimed.finished) return payload;
      claimed.finished = true;
      // A server error is not an answer worth repeating: the client may retry and run again.
      if (reply.statusCode >= 500 || typeof payload !== 'string') {
        await store.abandon(claimed.key, claimed.owner);
        return payload;
      }
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      await store.finish(claimed.key, claimed.owner, {
        status_code: reply.statusCode,
        body: payload,
        headers,
      });
      return payload;
    };

    // A request that ended without a stored answer (client gone, stream, crash) frees its key.
    const freeUnfinished: onResponseHookHandler = async (request) => {
      const claimed = claims.get(request);
      if (claimed && !claimed.finished) await store.abandon(claimed.key, claimed.owner);
    };

    // Only the routes that honour Idempotency-Key get the hooks; every other request pays nothing.
    app.addHook('onRoute', (route) => {
      const mode = route.config?.idempotency;
      if (mode === undefined) return;
      // First among the route's own hooks, where they ran as app-level hooks before. New arrays:
      // Fastify shares the options' arrays between a GET route and its HEAD twin.
      const prepend = <T>(existing: T | T[] | undefined, hook: T): T[] => [
        hook,
        ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
      ];
      if (mode === 'body') route.preHandler = prepend(route.preHandler, replayStored);
      route.onSend = prepend(route.onSend, storeAnswer);
      route.onResponse = prepend(route.onResponse, freeUnfinished);
    });
  },
  { name: 'idempotency', dependencies: ['auth'] },
);

export function replay(reply: FastifyReply, stored: IdempotencyEntry): FastifyReply {
  reply.code(stored.status_code ?? 200);
  for (const [name, value] of Object.entries(stored.headers ?? {})) reply.header(name, value);
  reply.header(REPLAYED_HEADER, 'true');
  return reply.send(stored.body ?? '');
}

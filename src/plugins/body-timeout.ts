import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { RequestTimeoutError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Aborted, with a RequestTimeoutError as its reason, when the body stalls or trickles; null
     * for requests without a body. Readers of multipart bodies race their reading against it.
     */
    bodyDeadline: AbortSignal | null;
  }
}

export interface BodyTimeoutOptions {
  /** A body that sends nothing for this long, or falls this far behind the rate, times out. */
  timeoutMs: number;
  /** Slowest average rate a body may arrive at once the allowance is used up. */
  minBytesPerSecond: number;
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * After the deadline, a route that still has not answered (it was not reading its body when the
 * deadline passed, so nothing failed) has its connection cut: holding it is what is refused.
 */
const GRACE_MS = 1000;

function expectsBody(request: FastifyRequest): boolean {
  if (!METHODS_WITH_BODY.has(request.method)) return false;
  const { headers } = request;
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/** The body is in when it was read to its end (or Node has parsed all of it). */
function bodyIsIn(raw: IncomingMessage): boolean {
  return raw.complete || raw.readableEnded || raw.destroyed;
}

/**
 * Watches how a request body arrives: one that stops (no byte for `timeoutMs`) or trickles
 * (behind `minBytesPerSecond` after an allowance of `timeoutMs`) is answered 408 `body_timeout`
 * and its connection closed, instead of holding a connection, a parser and a temp file forever.
 * JSON and other parsed bodies fail through their payload stream; multipart readers race
 * `request.bodyDeadline` (src/pipeline/ingest/multipart-errors.ts).
 */
function watchBody(request: FastifyRequest, reply: FastifyReply, options: BodyTimeoutOptions) {
  const controller = new AbortController();
  request.bodyDeadline = controller.signal;
  const { raw } = request;
  const socket = raw.socket as { bytesRead?: number } | null;
  const bytesRead = (): number => (typeof socket?.bytesRead === 'number' ? socket.bytesRead : 0);
  const firstByte = bytesRead();
  const started = Date.now();
  let lastBytes = 0;
  let lastProgress = started;
  const check = (): void => {
    if (bodyIsIn(raw) || reply.sent) {
      stop();
      return;
    }
    const now = Date.now();
    const bytes = bytesRead() - firstByte;
    if (bytes > lastBytes) {
      lastBytes = bytes;
      lastProgress = now;
    }
    const stalled = now - lastProgress > options.timeoutMs;
    const tooSlow = now - started > options.timeoutMs + (bytes * 1000) / options.minBytesPerSecond;
    if (!stalled && !tooSlow) return;
    stop();
    controller.abort(
      new RequestTimeoutError(
        stalled
          ? `The request body stopped arriving for ${options.timeoutMs} ms; send it again.`
          : `The request body arrived slower than ${options.minBytesPerSecond} bytes per second; send it again over a faster connection.`,
        { received_bytes: bytes },
      ),
    );
    setTimeout(() => {
      if (!reply.raw.headersSent) raw.destroy();
    }, GRACE_MS).unref();
  };
  const timer = setInterval(check, Math.max(20, Math.min(1000, Math.floor(options.timeoutMs / 4))));
  timer.unref();
  const stop = (): void => clearInterval(timer);
  reply.raw.once('close', stop);
}

/** The payload passed through a stream that fails with the deadline's reason when it passes. */
function guardPayload(payload: Readable, signal: AbortSignal): Readable {
  const guard = new PassThrough();
  const abort = (): void => {
    payload.unpipe(guard);
    guard.destroy(signal.reason as Error);
  };
  signal.addEventListener('abort', abort, { once: true });
  guard.once('close', () => signal.removeEventListener('abort', abort));
  payload.once('error', (error) => guard.destroy(error));
  return payload.pipe(guard);
}

export default fp<BodyTimeoutOptions>(
  async (app: FastifyInstance, options) => {
    app.decorateRequest('bodyDeadline', null);
    app.addHook('onRequest', async (request, reply) => {
      if (expectsBody(request)) watchBody(request, reply, options);
    });
    app.addHook('preParsing', async (request, _reply, payload) => {
      const signal = request.bodyDeadline;
      // Multipart bodies are read from the request itself by their route, not from this stream.
      if (!signal || /^multipart\//i.test(request.headers['content-type'] ?? '')) return payload;
      return guardPayload(payload, signal);
    });
  },
  { name: 'body-timeout', dependencies: ['error-handler'] },
);

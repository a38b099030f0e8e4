/**
 * A multipart body that is not well formed, or that does not arrive in time, as the problem a
 * client can act on. Busboy reports a missing boundary and a body that ends too early in its own
 * words; without this they reached clients as 500s.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { type AppError, BadRequestError } from '../../errors.js';

/** The boundary parameter of a multipart Content-Type, or null when there is none. */
export function boundaryOf(contentType: string | undefined): string | null {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/**
 * Watches the body for the first delimiter (`--boundary`), to tell a body written with another
 * boundary from one cut short: busboy says "Unexpected end" for both. Stops watching once seen.
 * Attach after the parser pipes the request: an extra 'data' listener then only observes.
 */
export function watchForDelimiter(raw: IncomingMessage, boundary: string | null): () => boolean {
  if (boundary === null) return () => false;
  const needle = Buffer.from(`--${boundary}`);
  let seen = false;
  let tail = Buffer.alloc(0);
  const onData = (chunk: Buffer | string): void => {
    const hay = Buffer.concat([tail, Buffer.from(chunk)]);
    if (hay.includes(needle)) {
      seen = true;
      raw.off('data', onData);
      return;
    }
    tail = hay.subarray(Math.max(0, hay.length - needle.length + 1));
  };
  raw.on('data', onData);
  raw.once('end', () => raw.off('data', onData));
  return () => seen;
}

/**
 * The problem for a malformed multipart body, or null when `error` is something else.
 * `delimited`: a part or delimiter was seen, so the body used the right boundary and was cut short.
 */
export function multipartProblem(error: unknown, delimited: boolean): AppError | null {
  const message = (error as Error | null)?.message ?? '';
  if (/boundary not found|boundary required/i.test(message)) {
    return new BadRequestError(
      'multipart_no_boundary',
      'The Content-Type is multipart/form-data without a boundary parameter; let the HTTP client set the header.',
    );
  }
  if (/unexpected end of multipart data|terminated early/i.test(message)) {
    return delimited
      ? new BadRequestError(
          'multipart_truncated',
          'The multipart body ends before its closing boundary: the upload was cut short.',
        )
      : new BadRequestError(
          'multipart_boundary_mismatch',
          'The multipart body holds no part delimited by the boundary its Content-Type names.',
        );
  }
  return null;
}

/**
 * `work` (reading the body), unless the body deadline passes first (src/plugins/body-timeout.ts):
 * then `onTimeout` stops the reading and the deadline's RequestTimeoutError is thrown. Without the
 * plugin (no deadline), just `work`.
 */
export function untilBodyDeadline<T>(
  request: FastifyRequest,
  work: Promise<T>,
  onTimeout: (reason: unknown) => void,
): Promise<T> {
  const signal = request.bodyDeadline;
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      // The reading fails once stopped; that failure is this one.
      work.catch(() => undefined);
      onTimeout(signal.reason);
      reject(signal.reason);
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

/** The part whose file is being read now, so a deadline can stop it. */
export interface PartBeingRead {
  current: { file: { destroy(error?: Error): void } } | null;
}

/**
 * Reads a multipart body with `read` until it ends or the body deadline passes; then the file
 * being read is stopped and nothing more is read (the 408 answer closes the connection).
 */
export function readPartsUntilDeadline<T>(
  request: FastifyRequest,
  read: (reading: PartBeingRead) => Promise<T>,
): Promise<T> {
  const reading: PartBeingRead = { current: null };
  return untilBodyDeadline(request, read(reading), (reason) => {
    reading.current?.file.destroy(reason as Error);
    request.raw.unpipe();
  });
}

import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemOf } from './error-handler.js';
import { REQUEST_ID_HEADER } from './request-id.js';

interface ClientError extends Error {
  code?: string;
}

/** Node's parser errors, by code, as our problem codes and statuses. */
function classify(error: ClientError): { status: number; code: string; detail: string } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return {
      status: 408,
      code: 'request_timeout',
      detail: 'The request was not received in time.',
    };
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, code: 'headers_too_large', detail: 'The request headers are too large.' };
  return { status: 400, code: 'malformed_request', detail: 'The request is not valid HTTP.' };
}

/**
 * Fastify's `clientErrorHandler`: a request Node cannot parse never reaches a route or the error
 * handler, so it gets its problem+json here, with a request id of its own that the log line carries.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: ClientError,
  socket: Socket,
): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, detail } = classify(error);
  const requestId = randomUUID();
  this.log.info({ reqId: requestId, err: error, code }, 'unparsable request');
  if (socket.writable) {
    // No path was parsed: the occurrence is named by its request id instead (RFC 9457 §3.1.5).
    const problem = problemOf(
      { instance: `urn:uuid:${requestId}`, requestId },
      status,
      code,
      detail,
    );
    const body = JSON.stringify(problem);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}

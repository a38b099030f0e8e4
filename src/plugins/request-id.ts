import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';

/** A client-sent id is kept only when it is safe to log and echo: no spaces, quotes or control characters. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/** Used as Fastify's genReqId: Fastify's own requestIdHeader option trusts any value, so it is off. */
export function requestIdFrom(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && WELL_FORMED_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Echoes the request id on every response, streams included (set before any handler runs). */
export default fp(
  async (app) => {
    // Callback style: a synchronous hook costs no promise and no microtask per request.
    app.addHook('onRequest', (request, reply, done) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      done();
    });
  },
  { name: 'request-id' },
);

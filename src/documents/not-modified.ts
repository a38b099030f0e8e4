import type { FastifyReply } from 'fastify';

/**
 * 304 with no body at all: Fastify strips the body of a 204 but would serialise `null` into a
 * 304, and a client's cache must not see bytes where none may be.
 */
export function notModified(reply: FastifyReply): FastifyReply {
  return reply.code(304).removeHeader('content-type').send(undefined);
}

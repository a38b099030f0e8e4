import type { ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ServiceUnavailableError } from '../errors.js';

const isEventStream = (res: ServerResponse) =>
  res.headersSent && String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');

/**
 * Lets app.close() finish promptly without cutting off work in progress.
 *
 * app.close() stops accepting connections and closes idle keep-alive ones, but:
 * - a connection busy with a request when close began stays open after its response
 *   (keep-alive), so every response still being produced says `Connection: close`;
 * - an SSE stream never ends by itself, so open streams are ended: clients reconnect with
 *   Last-Event-ID (to another instance) and miss nothing.
 * Otherwise the server waits for clients or the keep-alive timeout, and a SIGTERM'd process is
 * killed mid-shutdown instead of exiting cleanly.
 */
export default fp(
  async (app: FastifyInstance) => {
    // Open connections, and the response each one is busy with (or answered last): an HTTP/1.1
    // connection carries one response at a time. Tracking connections instead of responses keeps
    // the per-request cost to a lookup and a WeakMap write, with no listener per response
    // (keep-alive clients send many requests on one connection).
    const sockets = new Set<Socket>();
    const current = new WeakMap<Socket, ServerResponse>();

    // Set when close begins (Fastify runs preClose right after it stops routing new connections).
    // Fastify's own answer to requests that still arrive on open connections is a bare JSON 503
    // (return503OnClosing, turned off in app.ts); ours is a problem with the request id.
    let closing = false;

    app.addHook('onRequest', (_request, reply, done) => {
      if (closing) {
        reply.header('connection', 'close');
        done(
          new ServiceUnavailableError(
            'shutting_down',
            'The server is shutting down; retry on a new connection.',
            1,
          ),
        );
        return;
      }
      const socket = reply.raw.socket;
      // Real connections only: inject()'s stand-in never closes and would stay in the set.
      if (socket instanceof Socket) {
        if (!sockets.has(socket)) {
          sockets.add(socket);
          socket.once('close', () => sockets.delete(socket));
        }
        current.set(socket, reply.raw);
      }
      done();
    });
    app.addHook('preClose', async () => {
      closing = true;
      for (const socket of sockets) {
        const res = current.get(socket);
        if (!res || res.writableEnded) continue;
        if (!res.headersSent) {
          // Still being produced: tell the client not to reuse the connection. Fastify keeps a
          // header set on the raw response when it writes its own (it has no Connection header).
          res.setHeader('connection', 'close');
          continue;
        }
        if (!isEventStream(res)) continue;
        // The stream announced keep-alive: close the connection too once the last bytes are out.
        res.end(() => res.socket?.end());
      }
    });
  },
  { name: 'graceful-close' },
);

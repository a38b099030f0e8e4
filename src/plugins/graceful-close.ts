import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const isEventStream = (res: ServerResponse) => res.headersSent && String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');

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
    let closing = false;
    const open = new Set<ServerResponse>();

    app.addHook('onRequest', async (_request, reply) => {
      const res = reply.raw;
      open.add(res);
      res.once('close', () => open.delete(res));
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      if (closing) reply.header('connection', 'close');
      return payload;
    });
    app.addHook('preClose', async () => {
      closing = true;
      for (const res of open) {
        if (!isEventStream(res)) continue;
        // The stream announced keep-alive: close the connection too once the last bytes are out.
        res.end(() => res.socket?.end());
      }
    });
  },
  { name: 'graceful-close' },
);

import type { SSEMessage } from '@fastify/sse';
import type { FastifyReply } from 'fastify';

/** A named keep-alive event: comment heartbeats never reach app code, a `ping` event does. */
export const PING_INTERVAL_MS = 15_000;

/** Headers every stream sends: no proxy buffering (nginx), no caching or transforming, no compression. */
export function prepareStream(reply: FastifyReply): AbortSignal {
  reply.header('x-accel-buffering', 'no');
  reply.header('cache-control', 'no-cache, no-transform');
  const controller = new AbortController();
  reply.sse.onClose(() => controller.abort());
  return controller.signal;
}

/** The numeric `Last-Event-ID` a client resumes from (0 when absent or not a number). */
export function lastEventSeq(header: string | string[] | undefined, query?: number): number {
  const raw = Array.isArray(header) ? header[0] : header;
  const parsed = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
  return parsed ?? query ?? 0;
}

/**
 * Sends `events` as SSE, interleaving a `ping` event whenever nothing was sent for `pingMs`.
 * Ends when the source ends or the client goes away.
 */
export async function sendWithPings(
  reply: FastifyReply,
  events: AsyncIterable<SSEMessage>,
  signal: AbortSignal,
  pingMs = PING_INTERVAL_MS,
): Promise<void> {
  let lastSent = Date.now();
  const timer = setInterval(
    () => {
      if (Date.now() - lastSent < pingMs || !reply.sse.isConnected) return;
      lastSent = Date.now();
      reply.sse
        .send({ event: 'ping', data: { at: new Date().toISOString() } })
        .catch(() => undefined);
    },
    Math.min(pingMs, 1000),
  );
  timer.unref();
  try {
    for await (const message of events) {
      if (signal.aborted || !reply.sse.isConnected) break;
      await reply.sse.send(message);
      lastSent = Date.now();
    }
    // A stream with nothing to send (resumed after its last event) still answers as a stream.
    if (!signal.aborted && reply.sse.isConnected) reply.sse.sendHeaders();
  } finally {
    clearInterval(timer);
  }
}

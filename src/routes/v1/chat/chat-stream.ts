import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ChatStreamEvent } from '../../../chat/types.js';
import { fingerprintOf, REPLAYED_HEADER } from '../../../plugins/idempotency.js';
import { ChatQuestionSchema } from '../../../schemas/chat.js';
import { idempotencyKeyHeader, problemResponses, textResponse } from '../../../schemas/common.js';
import { CHAT_EVENTS_EXAMPLE } from '../../../schemas/examples.js';
import { prepareStream, sendWithPings } from '../../sse.js';

/** What a retry with the same Idempotency-Key streams again: the events of the finished answer. */
interface StoredAnswer {
  events: ChatStreamEvent[];
}

/** Passes the events on, and hands the whole answer to `complete` once its `done` went out. */
async function* recorded(
  first: IteratorResult<ChatStreamEvent>,
  rest: AsyncIterable<ChatStreamEvent>,
  complete: (events: ChatStreamEvent[]) => Promise<void>,
): AsyncGenerator<ChatStreamEvent> {
  if (first.done) return;
  const sent = [first.value];
  yield first.value;
  for await (const event of rest) {
    sent.push(event);
    yield event;
  }
  if (sent.at(-1)?.event === 'done') await complete(sent);
}

async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** POST /chat/stream: the same answer as SSE: meta, delta…, sources, done (or error). */
const chatStream: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/chat/stream',
    {
      sse: { kind: 'manual', heartbeat: false },
      config: { idempotency: 'manual' },
      schema: {
        operationId: 'chatStream',
        tags: ['chat'],
        summary: 'Ask, streaming the answer (SSE)',
        description:
          'Same as POST /chat, answered as server-sent events: `meta` (session id, filters), `delta` (Markdown text chunks, in order), `sources` (cited invoices, and the policy sentences a policy answer quotes: `policy_citations`), `done`; or `error` (status, code, message) when the answer fails after it started. A refused question (empty, too long, unknown session) is an ordinary problem+json response. A retry with the same Idempotency-Key after `done` streams the same answer again, without asking twice.',
        headers: idempotencyKeyHeader,
        body: ChatQuestionSchema,
        response: {
          200: textResponse(
            'text/event-stream',
            'An event stream (text/event-stream).',
            CHAT_EVENTS_EXAMPLE,
          ),
          ...problemResponses(400, 401, 404, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const stored = await request.claimIdempotency(fingerprintOf(request.body));
      if (stored) {
        reply.header(REPLAYED_HEADER, 'true');
        const { events } = JSON.parse(stored.body ?? '{"events":[]}') as StoredAnswer;
        return sendWithPings(
          reply,
          toAsync(events),
          prepareStream(reply),
          app.services.config.ssePingMs,
        );
      }
      const controller = new AbortController();
      const events = app.services.chat.askStream(request.caller, request.body, controller.signal);
      // The first event decides: a refusal before it is a problem+json answer, not a stream.
      const first = await events.next();
      const signal = prepareStream(reply);
      signal.addEventListener('abort', () => controller.abort());
      const complete = (sent: ChatStreamEvent[]) =>
        request.completeIdempotency(200, { events: sent } satisfies StoredAnswer);
      await sendWithPings(
        reply,
        recorded(first, events, complete),
        signal,
        app.services.config.ssePingMs,
      );
    },
  );
};

export default chatStream;

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../../schemas/common.js';
import { ChatQuestionSchema } from '../../../schemas/chat.js';
import { prepareStream, sendWithPings } from '../../sse.js';

/** POST /chat/stream: the same answer as SSE: meta, delta…, sources, done (or error). */
const askStream: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/chat/stream',
    {
      sse: { kind: 'manual', heartbeat: false },
      schema: {
        operationId: 'chatStream',
        tags: ['chat'],
        summary: 'Ask, streaming the answer (SSE)',
        description:
          'Same as POST /chat, answered as server-sent events: `meta` (session id, filters), `delta` (Markdown text chunks, in order), `sources` (cited invoices), `done`; or `error` (status, code, message) when the answer fails after it started. A refused question (empty, too long, unknown session) is an ordinary problem+json response.',
        body: ChatQuestionSchema,
        response: {
          200: { description: 'An event stream (text/event-stream).', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          ...problemResponses(400, 401, 404, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const controller = new AbortController();
      const events = app.services.chat.askStream(request.caller, request.body, controller.signal);
      // The first event decides: a refusal before it is a problem+json answer, not a stream.
      const first = await events.next();
      const signal = prepareStream(reply);
      signal.addEventListener('abort', () => controller.abort());
      async function* messages() {
        if (!first.done) yield first.value;
        for await (const event of events) yield event;
      }
      await sendWithPings(reply, messages(), signal, app.services.config.ssePingMs);
    },
  );
};

export default askStream;

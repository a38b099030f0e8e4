import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ChatQuestionSchema } from '../../../schemas/chat.js';
import { idempotencyKeyHeader, problemResponses } from '../../../schemas/common.js';

/** POST /chat: one question, one cited answer. */
const chat: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/chat',
    {
      config: { idempotency: 'body' },
      schema: {
        operationId: 'chat',
        tags: ['chat'],
        summary: 'Ask about the invoices',
        description:
          'Answers a question in Markdown with the invoices it cites. Reads filters from the question (employee, status, category, months and relative dates, amounts, flags) and follows up on the session ("and for Hardik?"). Employees get answers about their own invoices only. A retry with the same Idempotency-Key returns the first answer without asking (or adding to the session) twice.',
        headers: idempotencyKeyHeader,
        body: ChatQuestionSchema,
        response: {
          200: Type.Ref('ChatAnswer'),
          ...problemResponses(400, 401, 404, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const controller = new AbortController();
      // The response's close, not the request's: the request stream has already closed once its
      // body was read. Closed before the answer was written means the client went away.
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) controller.abort();
      });
      return app.services.chat.ask(request.caller, request.body, controller.signal);
    },
  );
};

export default chat;

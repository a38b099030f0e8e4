import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';
import { CHAT_HISTORY_EXAMPLE, CHAT_SESSIONS_EXAMPLE } from '../../../schemas/examples.js';

const SessionParams = Type.Object({
  session_id: Type.String({ maxLength: 100, description: 'Session id.' }),
});

/** GET /chat/history/{session_id}: the turns of one of the caller's sessions. */
export const getHistory: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/chat/history/:session_id',
    {
      schema: {
        operationId: 'getChatHistory',
        tags: ['chat'],
        summary: 'Read a chat session',
        description:
          'The turns kept of one of your sessions (the most recent CHAT_MAX_TURNS). Someone else’s session answers 404.',
        params: SessionParams,
        response: {
          200: Type.Object(
            {
              session_id: Type.String({ description: 'Session id.' }),
              turns: Type.Array(Type.Ref('ChatTurn'), { description: 'Oldest first.' }),
            },
            { description: 'A session’s turns.', examples: [CHAT_HISTORY_EXAMPLE] },
          ),
          ...problemResponses(401, 404, 503),
        },
      },
    },
    async (request) => ({
      session_id: request.params.session_id,
      turns: await app.services.chat.history(request.caller, request.params.session_id),
    }),
  );
};

/** DELETE /chat/history/{session_id}: forget one of the caller's sessions. */
export const deleteHistory: FastifyPluginAsyncTypebox = async (app) => {
  app.delete(
    '/chat/history/:session_id',
    {
      schema: {
        operationId: 'deleteChatHistory',
        tags: ['chat'],
        summary: 'Delete a chat session',
        description:
          'Deletes one of your sessions and its turns; audited. Someone else’s session answers 404. Answers 204.',
        params: SessionParams,
        response: {
          204: { type: 'null', description: 'Deleted.' },
          ...problemResponses(401, 404, 503),
        },
      },
    },
    async (request, reply) => {
      await app.services.chat.deleteSession(request.caller, request.params.session_id);
      await app.audit.record(request, 'chat_history.delete', {
        type: 'chat_session',
        id: request.params.session_id,
      });
      return reply.code(204).send(null);
    },
  );
};

/** GET /chat/sessions: the caller's sessions, most recent first. */
export const listSessions: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/chat/sessions',
    {
      schema: {
        operationId: 'listChatSessions',
        tags: ['chat'],
        summary: 'List your chat sessions',
        description:
          'Your sessions, most recent first. Sessions belong to the user who started them.',
        response: {
          200: Type.Object(
            {
              items: Type.Array(Type.Ref('ChatSession'), {
                description: 'Sessions, newest first.',
              }),
            },
            { description: 'Your sessions.', examples: [CHAT_SESSIONS_EXAMPLE] },
          ),
          ...problemResponses(401, 503),
        },
      },
    },
    async (request) => ({ items: await app.services.chat.sessions(request.caller) }),
  );
};

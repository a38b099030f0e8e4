import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';

const ListQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, default: 25, description: 'Policies per page.' }),
    ),
    cursor: Type.Optional(
      Type.String({ maxLength: 500, description: 'next_cursor of the previous page.' }),
    ),
  },
  { additionalProperties: false },
);

/** GET /policies: every managed policy, newest first, cursor-paginated. */
const listPolicies: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/policies',
    {
      schema: {
        operationId: 'listPolicies',
        tags: ['policies'],
        summary: 'List policies',
        description:
          'Managed policies, newest first, paginated with an opaque cursor. `active_version` says which one holds the active version. Open to every signed-in user.',
        querystring: ListQuery,
        response: { 200: Type.Ref('PolicyPage'), ...problemResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const { limit = 25, cursor } = request.query;
      return app.services.policies.list({ limit, cursor: cursor ?? null });
    },
  );
};

export default listPolicies;

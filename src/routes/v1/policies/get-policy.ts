import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';
import { detailView, PolicyParams } from './common.js';

/** GET /policies/{id}: a policy with every version, its rules and what was not understood. */
const getPolicy: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/policies/:id',
    {
      schema: {
        operationId: 'getPolicy',
        tags: ['policies'],
        summary: 'Read a policy and its versions',
        description:
          'The policy with every version, oldest first: number, state (draft, active, retired), content hash, who created it and when, its rules and the sentences not understood. Each version carries its `etag` for corrections. Open to every signed-in user.',
        params: PolicyParams,
        response: { 200: Type.Ref('PolicyDetail'), ...problemResponses(401, 403, 404, 503) },
      },
    },
    async (request) => detailView(await app.services.policies.detail(request.params.id)),
  );
};

export default getPolicy;

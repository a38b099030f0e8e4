import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';
import { sendVersion, VersionParams } from './common.js';

/** GET /policies/{id}/versions/{n}: one version, with the ETag a correction sends as If-Match. */
const getVersion: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/policies/:id/versions/:n',
    {
      schema: {
        operationId: 'getPolicyVersion',
        tags: ['policies'],
        summary: 'Read one version of a policy',
        description:
          'One version with its rules and the sentences not understood. Its ETag header (also `etag` in the body) is what PUT …/rules expects as If-Match. Open to every signed-in user.',
        params: VersionParams,
        response: { 200: Type.Ref('PolicyVersion'), ...problemResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) =>
      sendVersion(reply, await app.services.policies.version(request.params.id, request.params.n)),
  );
};

export default getVersion;

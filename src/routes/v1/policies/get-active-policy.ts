import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';
import { versionView } from './common.js';

/** GET /policies/active: the policy claims are decided under when they send none. */
const getActivePolicy: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/policies/active',
    {
      schema: {
        operationId: 'getActivePolicy',
        tags: ['policies'],
        summary: 'Read the active policy',
        description:
          'The company policy in force: the policy and its active version with the rules. Claims uploaded without policy_file or policy_id are decided under it. 404 `no_active_policy` until finance activates one. Open to every signed-in user.',
        response: { 200: Type.Ref('ActivePolicy'), ...problemResponses(401, 403, 404, 503) },
      },
    },
    async () => {
      const { policy, version } = await app.services.policies.active();
      return { policy, version: versionView(version) };
    },
  );
};

export default getActivePolicy;

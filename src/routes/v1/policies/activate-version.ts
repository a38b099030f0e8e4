import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { POLICY_MANAGER_ROLES } from '../../../domain/access.js';
import { problemResponses } from '../../../schemas/common.js';
import { changeContext, VersionParams, versionView } from './common.js';

/** POST /policies/{id}/versions/{n}/activate: the version becomes the company's policy. */
const activateVersion: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/policies/:id/versions/:n/activate',
    {
      config: { roles: POLICY_MANAGER_ROLES },
      schema: {
        operationId: 'activatePolicyVersion',
        tags: ['policies'],
        summary: 'Activate a version (finance)',
        description:
          'Makes the version (a draft, or a retired one to roll back) the active policy: claims sent without a policy are decided under it from now on. The version active until now, of this or another policy, becomes retired (`retired`). Activating the active version changes nothing. Finance and admin only; audited (policy.activate).',
        params: VersionParams,
        response: {
          200: Type.Ref('PolicyActivation'),
          ...problemResponses(400, 401, 403, 404, 503),
        },
      },
    },
    async (request) => {
      const { id, n } = request.params;
      const { version, retired } = await app.services.policies.activate(
        changeContext(request),
        id,
        n,
      );
      return { version: versionView(version), retired };
    },
  );
};

export default activateVersion;

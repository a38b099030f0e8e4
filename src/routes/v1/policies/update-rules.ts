import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { POLICY_MANAGER_ROLES } from '../../../domain/access.js';
import { problemResponses } from '../../../schemas/common.js';
import { changeContext, sendVersion, VersionParams } from './common.js';

const IfMatchHeader = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      maxLength: 500,
      description:
        'Required: the ETag of the version as you last read it (GET …/versions/{n}). A stale one answers 412 with the current ETag.',
    }),
  ),
});

/**
 * The body exactly as sent: Fastify's validator coerces types ("35" to 35, a string to an array)
 * while it checks, and rules must be judged as written, so the copy is taken before it runs.
 */
const sentRules = new WeakMap<FastifyRequest, unknown>();

/** PUT /policies/{id}/versions/{n}/rules: finance corrects a draft's rules. */
const updateRules: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/policies/:id/versions/:n/rules',
    {
      config: { roles: POLICY_MANAGER_ROLES },
      // Problems are answered by parseRulesV2 as 422 with JSON pointers, not as a 400 from Ajv.
      attachValidation: true,
      preValidation: async (request) => {
        sentRules.set(request, structuredClone(request.body));
      },
      schema: {
        operationId: 'updatePolicyRules',
        tags: ['policies'],
        summary: 'Correct the rules of a draft (finance)',
        description:
          'Replaces the rules of a draft version with the rules v2 sent (the `rules` of the version, corrected; schema_version, policy_hash and compiled_by are filled in). Every problem is answered at once as 422 invalid_policy_rules with a JSON pointer per problem (`/caps/0/amount_minor`). Needs If-Match with the version’s ETag: 428 without it, 412 when someone changed the version since. An active or retired version never changes: 409 version_not_draft (create a new version instead). One transaction for the change and its audit entry (policy.rules_update). Finance and admin only.',
        params: VersionParams,
        headers: IfMatchHeader,
        body: Type.Ref('PolicyRulesV2'),
        response: {
          200: Type.Ref('PolicyVersion'),
          ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 503),
        },
      },
    },
    async (request, reply) => {
      const { id, n } = request.params;
      const version = await app.services.policies.updateRules(
        changeContext(request),
        id,
        n,
        sentRules.get(request),
        request.headers['if-match'],
      );
      return sendVersion(reply, version);
    },
  );
};

export default updateRules;

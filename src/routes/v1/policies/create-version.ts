import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { POLICY_MANAGER_ROLES } from '../../../domain/access.js';
import { fingerprintOf, replay } from '../../../plugins/idempotency.js';
import { receivePolicyUpload } from '../../../policies/policy-upload.js';
import { idempotencyKeyHeader, problemResponses } from '../../../schemas/common.js';
import { policyUploadBody } from '../../../schemas/policies.js';
import { changeContext, PolicyParams, sendVersion, versionPath } from './common.js';

/** POST /policies/{id}/versions: a revised document (or rules) becomes the policy's next draft. */
const createVersion: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/policies/:id/versions',
    {
      config: { roles: POLICY_MANAGER_ROLES, idempotency: 'manual' },
      schema: {
        operationId: 'createPolicyVersion',
        tags: ['policies'],
        summary: 'Add a version to a policy (finance)',
        description:
          'Uploads a revised policy document or rules (multipart: policy_file) as the next draft version of the policy, compiled like POST /policies. The active version stays active until the new one is activated. Finance and admin only; audited (policy.version_create).',
        consumes: ['multipart/form-data'],
        params: PolicyParams,
        headers: idempotencyKeyHeader,
        body: policyUploadBody(false),
        response: {
          201: Type.Ref('PolicyVersion'),
          ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { config, uploadLimits, policies } = app.services;
      const upload = await receivePolicyUpload(request, {
        workDir: join(config.dataDir, 'uploads'),
        limits: uploadLimits,
        allowName: false,
      });
      // The upload goes before the answer: a client that reads it finds nothing left behind.
      let version: Awaited<ReturnType<typeof policies.addVersion>>;
      try {
        const stored = await request.claimIdempotency(
          fingerprintOf(request.params.id, upload.file.sha256),
        );
        if (stored) return replay(reply, stored);
        version = await policies.addVersion(changeContext(request), request.params.id, upload.file);
      } finally {
        await rm(upload.work_dir, { recursive: true, force: true });
      }
      reply.header('location', versionPath(version));
      return reply.code(201).send(sendVersion(reply, version));
    },
  );
};

export default createVersion;

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { POLICY_MANAGER_ROLES } from '../../../domain/access.js';
import { fingerprintOf, replay } from '../../../plugins/idempotency.js';
import { receivePolicyUpload } from '../../../policies/policy-upload.js';
import { idempotencyKeyHeader, problemResponses } from '../../../schemas/common.js';
import { policyUploadBody } from '../../../schemas/policies.js';
import { changeContext, detailView } from './common.js';

/** POST /policies: a policy document (or rules) becomes a policy with a draft version 1. */
const createPolicy: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/policies',
    {
      config: { roles: POLICY_MANAGER_ROLES, idempotency: 'manual' },
      schema: {
        operationId: 'createPolicy',
        tags: ['policies'],
        summary: 'Publish a policy (finance)',
        description:
          'Uploads the company policy (multipart: policy_file, optional name). A document (PDF, DOCX, TXT, Markdown) is compiled into rules v2; rules sent as JSON/YAML are validated (422 invalid_policy_rules with JSON pointers). Answers 201 with the policy and its draft version 1: check its rules and `not_understood`, correct them with PUT …/versions/1/rules, then activate it. Finance and admin only; audited (policy.create).',
        consumes: ['multipart/form-data'],
        headers: idempotencyKeyHeader,
        body: policyUploadBody(true),
        response: {
          201: Type.Ref('PolicyDetail'),
          ...problemResponses(400, 401, 403, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { config, uploadLimits, policies } = app.services;
      const upload = await receivePolicyUpload(request, {
        workDir: join(config.dataDir, 'uploads'),
        limits: uploadLimits,
        allowName: true,
      });
      // The upload goes before the answer: a client that reads it finds nothing left behind.
      let created: Awaited<ReturnType<typeof policies.create>>;
      try {
        const stored = await request.claimIdempotency(
          fingerprintOf(upload.file.sha256, upload.name),
        );
        if (stored) return replay(reply, stored);
        created = await policies.create(changeContext(request), upload);
      } finally {
        await rm(upload.work_dir, { recursive: true, force: true });
      }
      reply.header('location', `/api/v1/policies/${created.id}`);
      return reply.code(201).send(detailView(created));
    },
  );
};

export default createPolicy;

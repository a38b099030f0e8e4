import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { POLICY_MANAGER_ROLES } from '../../../domain/access.js';
import { BadRequestError } from '../../../errors.js';
import { receiveClaimUpload } from '../../../pipeline/ingest/upload.js';
import type { SampleClaim } from '../../../policies/preview.js';
import { problemResponses } from '../../../schemas/common.js';
import { previewBody } from '../../../schemas/policies.js';
import { VersionParams } from './common.js';

/** POST /policies/{id}/versions/{n}/preview: what the version decides for a sample claim. */
const previewVersion: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/policies/:id/versions/:n/preview',
    {
      config: { roles: POLICY_MANAGER_ROLES },
      schema: {
        operationId: 'previewPolicyVersion',
        tags: ['policies'],
        summary: 'Decide a sample claim under a version (finance)',
        description:
          'Decides a sample claim under this version (any state, drafts included) without storing anything: no job, no invoice, no audit entry. Send the claim as the app uploads one (multipart: employee_name, invoices_zip and/or invoice_files, claim_date): the documents are read and decided exactly as a claim; or send invoice facts as JSON (SampleClaim) to try rules on cases no document at hand shows. Earlier claims are not counted, so shared allowances start unused. Finance and admin only.',
        params: VersionParams,
        body: previewBody,
        response: {
          200: Type.Ref('PolicyPreview'),
          ...problemResponses(400, 401, 403, 404, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const { config, uploadLimits, policies, policyPreview } = app.services;
      const version = await policies.version(request.params.id, request.params.n);
      if (!request.isMultipart())
        return policyPreview.fromFacts(version, request.body as SampleClaim);
      const upload = await receiveClaimUpload(request, {
        workDir: join(config.dataDir, 'uploads'),
        limits: uploadLimits,
      });
      if (upload.policy_file || upload.policy.policy_id) {
        await rm(upload.work_dir, { recursive: true, force: true });
        const message =
          'The policy of a preview is the version in the path: send no policy_file or policy_id.';
        throw new BadRequestError('invalid_upload', message, [
          { pointer: upload.policy_file ? 'policy_file' : 'policy_id', message },
        ]);
      }
      const controller = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) controller.abort();
      });
      return policyPreview.fromUpload(version, upload, controller.signal);
    },
  );
};

export default previewVersion;

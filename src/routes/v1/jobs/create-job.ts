import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { replay } from '../../../plugins/idempotency.js';
import { idempotencyKeyHeader, problemResponses } from '../../../schemas/common.js';
import { acceptClaim } from './claim.js';
import { claimUploadBody } from './upload-schema.js';
import { jobView } from './view.js';

/** POST /jobs: accept an upload and answer at once with 202 and the job to follow. */
const createJob: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/jobs',
    {
      config: { idempotency: 'manual' },
      schema: {
        operationId: 'createJob',
        tags: ['jobs'],
        summary: 'Start an analysis job',
        description:
          'Accepts the claim (multipart: employee_name, policy_file, invoices_zip and/or invoice_files, claim_date, force) and answers 202 at once. Follow it with GET /jobs/{id}/events (SSE) or poll GET /jobs/{id}.',
        consumes: ['multipart/form-data'],
        headers: idempotencyKeyHeader,
        body: claimUploadBody,
        response: {
          202: { $ref: 'Job' },
          ...problemResponses(400, 401, 403, 408, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const accepted = await acceptClaim(request);
      if (accepted.kind === 'replay') return replay(reply, accepted.stored);
      reply.header('location', `/api/v1/jobs/${accepted.job.id}`);
      return reply.code(202).send(jobView(accepted.job));
    },
  );
};

export default createJob;

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { replay } from '../../../plugins/idempotency.js';
import { idempotencyKeyHeader, problemResponses } from '../../../schemas/common.js';
import { acceptClaim } from '../jobs/claim.js';
import { claimUploadBody } from '../jobs/upload-schema.js';
import { jobView } from '../jobs/view.js';

/** POST /analyze-invoices: run the job and answer with every result, or 202 when it outlasts the wait. */
const analyzeInvoices: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/analyze-invoices',
    {
      config: { idempotency: 'manual' },
      schema: {
        operationId: 'analyzeInvoices',
        tags: ['analysis'],
        summary: 'Analyse a claim and wait for the results',
        description:
          'Same upload as POST /jobs. Waits for the job and answers 200 with every result and the summary. When the job takes longer than ANALYZE_WAIT_MS, answers 202 with the job: follow its links. The job goes on if the client disconnects.',
        consumes: ['multipart/form-data'],
        headers: idempotencyKeyHeader,
        body: claimUploadBody,
        response: {
          200: { $ref: 'Job' },
          202: { $ref: 'Job' },
          ...problemResponses(400, 401, 403, 408, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const accepted = await acceptClaim(request);
      if (accepted.kind === 'replay') return replay(reply, accepted.stored);
      const { jobService, config } = app.services;
      const job = await jobService.waitForEnd(
        request.caller,
        accepted.job.id,
        config.requestTimeoutMs,
      );
      const finished = job.state === 'succeeded' || job.state === 'failed';
      reply.header('location', `/api/v1/jobs/${job.id}`);
      return reply.code(finished ? 200 : 202).send(jobView(job));
    },
  );
};

export default analyzeInvoices;

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { idempotencyKeyHeader, problemResponses, textResponse } from '../../../schemas/common.js';
import { JOB_EVENTS_EXAMPLE } from '../../../schemas/examples.js';
import { prepareStream, sendWithPings } from '../../sse.js';
import { acceptClaim } from '../jobs/claim.js';
import { SSE_DESCRIPTION } from '../jobs/job-events.js';
import { claimUploadBody } from '../jobs/upload-schema.js';
import { eventMessages, jobView } from '../jobs/view.js';

/** POST /analyze-invoices-stream: the same upload, answered with the job's event stream at once. */
const analyzeInvoicesStream: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/analyze-invoices-stream',
    {
      sse: { kind: 'manual', heartbeat: false },
      config: { idempotency: 'manual' },
      schema: {
        operationId: 'analyzeInvoicesStream',
        tags: ['analysis'],
        summary: 'Analyse a claim, streaming progress (SSE)',
        description: `Same upload as POST /jobs, answered with the job's events. ${SSE_DESCRIPTION} If the connection drops, resume with GET /jobs/{id}/events (the job id is in the first event). A retry with the same Idempotency-Key streams the same job again.`,
        consumes: ['multipart/form-data'],
        headers: idempotencyKeyHeader,
        body: claimUploadBody,
        response: {
          200: textResponse(
            'text/event-stream',
            'An event stream (text/event-stream).',
            JOB_EVENTS_EXAMPLE,
          ),
          ...problemResponses(400, 401, 403, 408, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const accepted = await acceptClaim(request);
      const { jobService, config } = app.services;
      let jobId: string;
      if (accepted.kind === 'replay') {
        jobId = (JSON.parse(accepted.stored.body ?? '{}') as { id: string }).id;
      } else {
        jobId = accepted.job.id;
        await request.completeIdempotency(202, jobView(accepted.job));
      }
      reply.header('location', `/api/v1/jobs/${jobId}`);
      const signal = prepareStream(reply);
      const events = jobService.follow(request.caller, jobId, 0, signal);
      await sendWithPings(reply, eventMessages(events), signal, config.ssePingMs);
    },
  );
};

export default analyzeInvoicesStream;

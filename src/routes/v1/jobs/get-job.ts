import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../../schemas/common.js';
import { jobView } from './view.js';

/** GET /jobs/{id}: state, counts, per-document results and the summary. */
const getJob: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/jobs/:id',
    {
      schema: {
        operationId: 'getJob',
        tags: ['jobs'],
        summary: 'Read a job',
        description:
          'The job with its state, progress counts, every document result and, once it ended, the summary. Another employee’s job answers 404.',
        params: Type.Object({ id: Type.String({ description: 'Job id.' }) }),
        response: { 200: { $ref: 'Job' }, ...problemResponses(401, 404, 503) },
      },
    },
    async (request) =>
      jobView(await app.services.jobService.get(request.caller, request.params.id)),
  );
};

export default getJob;

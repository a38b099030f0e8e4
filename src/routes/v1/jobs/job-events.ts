import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses, textResponse } from '../../../schemas/common.js';
import { JOB_EVENTS_EXAMPLE } from '../../../schemas/examples.js';
import { lastEventSeq, prepareStream, sendWithPings } from '../../sse.js';
import { eventMessages } from './view.js';

export const SSE_DESCRIPTION =
  'Server-sent events, each with `id` = its sequence number: `job` (accepted), `progress` (counts), `document` (one result), `error` (one document failed), `done` (summary; the stream ends), and `ping` every 15 s while idle. Reconnect with `Last-Event-ID` to receive only what you missed.';

/** GET /jobs/{id}/events: the job's numbered events, replayed after Last-Event-ID, then live. */
const jobEvents: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/jobs/:id/events',
    {
      sse: { kind: 'manual', heartbeat: false },
      schema: {
        operationId: 'streamJobEvents',
        tags: ['jobs'],
        summary: 'Follow a job (SSE)',
        description: SSE_DESCRIPTION,
        params: Type.Object({ id: Type.String({ description: 'Job id.' }) }),
        querystring: Type.Object({
          last_event_id: Type.Optional(
            Type.Integer({
              minimum: 0,
              description: 'Same as the Last-Event-ID header, for clients that cannot set headers.',
            }),
          ),
        }),
        headers: Type.Object({
          'last-event-id': Type.Optional(
            Type.String({ description: 'Sequence number of the last event received.' }),
          ),
        }),
        response: {
          200: textResponse(
            'text/event-stream',
            'An event stream (text/event-stream).',
            JOB_EVENTS_EXAMPLE,
          ),
          ...problemResponses(400, 401, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const { jobService, config } = app.services;
      const after = lastEventSeq(request.headers['last-event-id'], request.query.last_event_id);
      await jobService.get(request.caller, request.params.id); // 404 as problem+json before the stream starts
      const signal = prepareStream(reply);
      const events = jobService.follow(request.caller, request.params.id, after, signal);
      await sendWithPings(reply, eventMessages(events), signal, config.ssePingMs);
    },
  );
};

export default jobEvents;

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AUDIT_READER_ROLES } from '../../domain/access.js';
import {
  AUDIT_PAGE_DEFAULT,
  AuditEntrySchema,
  AuditPageSchema,
  AuditQuerySchema,
} from '../../schemas/audit.js';
import { problemResponses } from '../../schemas/common.js';

/** Stored times are UTC ISO strings compared as text, so a bound with an offset is converted first. */
const utc = (instant: string | undefined) =>
  instant === undefined ? undefined : new Date(instant).toISOString();

const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(AuditEntrySchema);
  app.addSchema(AuditPageSchema);

  app.get(
    '/audit',
    {
      config: { roles: AUDIT_READER_ROLES },
      schema: {
        operationId: 'listAuditEntries',
        tags: ['audit'],
        summary: 'Audit log',
        description:
          'Every change (uploads, jobs, decision overrides, deletions, chat history deletions) with who made it, when, the request id and the client address. ' +
          'Administrators only. Newest first; filter by actor, action, target and time range; page with `cursor`.',
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema, ...problemResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const { limit = AUDIT_PAGE_DEFAULT, cursor, from, to, ...filter } = request.query;
      return app.services.audit.list(
        { ...filter, from: utc(from), to: utc(to) },
        { limit, cursor: cursor ?? null },
      );
    },
  );
};

export default auditRoutes;

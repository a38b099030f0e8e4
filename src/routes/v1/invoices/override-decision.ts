import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AuditAction } from '../../../access/audit-recorder.js';
import { OVERRIDE_ROLES } from '../../../domain/access.js';
import type { Status } from '../../../domain/types.js';
import { applyOverride, invoiceEtag } from '../../../review/decision-override.js';
import { idempotencyKeyHeader, problemResponses } from '../../../schemas/common.js';
import { StatusSchema } from '../../../schemas/invoices.js';
import { InvoiceParams } from './get-invoice.js';

const OverrideBody = Type.Object(
  {
    status: StatusSchema,
    reimbursable_minor: Type.Integer({
      minimum: 0,
      description: 'Amount to reimburse, in minor units of the invoice currency.',
    }),
    reason: Type.String({
      minLength: 3,
      maxLength: 1000,
      // Three visible characters at least: spaces alone say nothing to the next reviewer.
      pattern: '\\S[\\s\\S]*\\S[\\s\\S]*\\S',
      description:
        'Why the decision changes (at least 3 visible characters; kept trimmed in the invoice and the audit log).',
    }),
  },
  {
    additionalProperties: false,
    description: 'A finance reviewer’s decision.',
    examples: [
      {
        status: 'fully_reimbursed',
        reimbursable_minor: 60770,
        reason: 'Team dinner approved by the CFO in advance.',
      },
    ],
  },
);

/** PATCH /invoices/{id}/decision: finance overrides status and amount; the original decision is kept. */
const overrideDecision: FastifyPluginAsyncTypebox = async (app) => {
  app.patch(
    '/invoices/:id/decision',
    {
      config: { roles: OVERRIDE_ROLES, idempotency: 'body' },
      schema: {
        operationId: 'overrideDecision',
        tags: ['invoices'],
        summary: 'Override a decision (finance)',
        description:
          'Sets the status and amount of an invoice with a required reason. The engine’s decision stays in `decision`; the override is in `override` and the list, search, chat and export use it. Finance and admin only; audited.',
        params: InvoiceParams,
        headers: {
          ...idempotencyKeyHeader,
          properties: {
            ...idempotencyKeyHeader.properties,
            'if-match': {
              type: 'string',
              description:
                'The ETag of the invoice as last read (GET /invoices/{id}): a decision changed since then answers 412 instead of being overwritten.',
            },
          },
        },
        body: OverrideBody,
        response: {
          200: Type.Ref('Invoice'),
          ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { status, reimbursable_minor, reason } = request.body;
      const ifMatch = request.headers['if-match'];
      const { caller } = request;
      const updated = await applyOverride(
        {
          invoices: app.services.invoices,
          overrides: app.services.decisionOverrides,
          // The same entry app.audit.record writes, handed to the store that writes the change.
          auditEntry: (details) => ({
            actor_sub: caller.sub,
            actor_name: caller.name,
            actor_role: caller.role,
            action: 'invoice.override' satisfies AuditAction,
            target_type: 'invoice',
            target_id: request.params.id,
            request_id: request.id,
            client_ip: request.ip,
            details: { ...details },
          }),
        },
        request.caller,
        request.params.id,
        { status: status as Status, reimbursable_minor, reason, ifMatch },
      );
      reply.header('etag', invoiceEtag(updated));
      return updated;
    },
  );
};

export default overrideDecision;

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFoundUnlessReadable } from '../../../access/guards.js';
import { OVERRIDE_ROLES } from '../../../domain/access.js';
import { statusOf } from '../../../domain/decide.js';
import type { InvoiceRecord, Status } from '../../../domain/types.js';
import { UnprocessableError } from '../../../errors.js';
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

/** The status must say what the amount does: no "fully reimbursed" for half the total. */
function assertConsistent(record: InvoiceRecord, status: Status, amount: number): void {
  if (amount > record.total_minor) {
    throw new UnprocessableError(
      'amount_above_total',
      `reimbursable_minor ${amount} is more than the invoice total ${record.total_minor}.`,
      [{ pointer: '/reimbursable_minor', message: `must be at most ${record.total_minor}` }],
    );
  }
  const implied = statusOf(record.total_minor, amount);
  if (implied !== status) {
    throw new UnprocessableError(
      'status_amount_mismatch',
      `An amount of ${amount} of ${record.total_minor} is ${implied}, not ${status}.`,
      [{ pointer: '/status', message: `must be ${implied} for this amount` }],
    );
  }
}

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
        headers: idempotencyKeyHeader,
        body: OverrideBody,
        response: {
          200: Type.Ref('Invoice'),
          ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request) => {
      const { invoices } = app.services;
      const { id } = request.params;
      const record = notFoundUnlessReadable(request.caller, await invoices.get(id), 'Invoice', id);
      const { status, reimbursable_minor } = request.body;
      const reason = request.body.reason.trim();
      assertConsistent(record, status as Status, reimbursable_minor);
      const now = new Date().toISOString();
      const updated: InvoiceRecord = {
        ...record,
        status: status as Status,
        reimbursable_minor,
        override: {
          status: status as Status,
          reimbursable: { amount_minor: reimbursable_minor, currency: record.currency },
          reason,
          by: { sub: request.caller.sub, name: request.caller.name },
          at: now,
        },
        updated_at: now,
      };
      await invoices.upsert([updated]);
      await app.audit.record(
        request,
        'invoice.override',
        { type: 'invoice', id },
        {
          from: { status: record.status, reimbursable_minor: record.reimbursable_minor },
          to: { status, reimbursable_minor },
          reason,
        },
      );
      return updated;
    },
  );
};

export default overrideDecision;

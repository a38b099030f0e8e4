import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFoundUnlessReadable } from '../../../access/guards.js';
import { OVERRIDE_ROLES } from '../../../domain/access.js';
import { problemResponses } from '../../../schemas/common.js';
import { InvoiceParams } from './get-invoice.js';

/** DELETE /invoices/{id}: removes an invoice from the store and search (finance and admin). */
const deleteInvoice: FastifyPluginAsyncTypebox = async (app) => {
  app.delete(
    '/invoices/:id',
    {
      config: { roles: OVERRIDE_ROLES },
      schema: {
        operationId: 'deleteInvoice',
        tags: ['invoices'],
        summary: 'Delete an invoice (finance)',
        description:
          'Removes the invoice, its search entries and vectors. The audit log keeps who deleted what and when. Answers 204.',
        params: InvoiceParams,
        response: {
          204: { type: 'null', description: 'Deleted.' },
          ...problemResponses(401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const { invoices } = app.services;
      const { id } = request.params;
      const record = notFoundUnlessReadable(request.caller, await invoices.get(id), 'Invoice', id);
      await invoices.delete(id);
      await app.audit.record(
        request,
        'invoice.delete',
        { type: 'invoice', id },
        { file_name: record.file_name, employee_name: record.employee_name, job_id: record.job_id },
      );
      return reply.code(204).send(null);
    },
  );
};

export default deleteInvoice;

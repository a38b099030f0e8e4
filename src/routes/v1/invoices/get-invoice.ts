import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFoundUnlessReadable } from '../../../access/guards.js';
import { invoiceEtag } from '../../../review/decision-override.js';
import { problemResponses } from '../../../schemas/common.js';

export const InvoiceParams = Type.Object({ id: Type.String({ description: 'Invoice id.' }) });

/** GET /invoices/{id}: one invoice with its fields, decision and any override. */
const getInvoice: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/invoices/:id',
    {
      schema: {
        operationId: 'getInvoice',
        tags: ['invoices'],
        summary: 'Read an invoice',
        description:
          'One invoice with everything read from it, the decision with the rules it applied, and any finance override. Another employee’s invoice answers 404.',
        params: InvoiceParams,
        response: { 200: Type.Ref('Invoice'), ...problemResponses(401, 404, 503) },
      },
    },
    async (request, reply) => {
      const invoice = notFoundUnlessReadable(
        request.caller,
        await app.services.invoices.get(request.params.id),
        'Invoice',
        request.params.id,
      );
      // Sent back as If-Match when overriding, so a reviewer never overwrites a newer decision.
      reply.header('etag', invoiceEtag(invoice));
      return invoice;
    },
  );
};

export default getInvoice;

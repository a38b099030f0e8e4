import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { scopeFilter } from '../../../domain/access.js';
import { csvRow, decimalAmount } from '../../../domain/csv.js';
import { minorDigits } from '../../../domain/money.js';
import type { InvoiceFilter, InvoiceRecord } from '../../../domain/types.js';
import { problemResponses, textResponse } from '../../../schemas/common.js';
import { INVOICES_CSV_EXAMPLE } from '../../../schemas/examples.js';
import type { InvoiceStore } from '../../../store/ports.js';
import { InvoiceFilterQuery, toInvoiceFilter } from './filter-query.js';

export const CSV_COLUMNS = [
  'id',
  'employee_name',
  'file_name',
  'category',
  'vendor',
  'invoice_number',
  'invoice_date',
  'currency',
  'total',
  'reimbursable',
  'status',
  'flags',
  'reason',
  'overridden',
  'job_id',
  'created_at',
] as const;

function row(record: InvoiceRecord): string {
  const digits = minorDigits(record.currency);
  return csvRow([
    record.id,
    record.employee_name,
    record.file_name,
    record.category,
    record.vendor,
    record.invoice_number,
    record.invoice_date,
    record.currency,
    decimalAmount(record.total_minor, digits),
    decimalAmount(record.reimbursable_minor, digits),
    record.status,
    record.flags.join(' '),
    record.override?.reason ?? record.reason,
    record.override !== null,
    record.job_id,
    record.created_at,
  ]);
}

/** Pages through the store so memory stays flat however many invoices match. */
async function* csvLines(store: InvoiceStore, filter: InvoiceFilter): AsyncGenerator<string> {
  yield csvRow([...CSV_COLUMNS]);
  let cursor: string | null = null;
  do {
    const page = await store.list(filter, { limit: 500, cursor });
    yield page.items.map(row).join('');
    cursor = page.next_cursor;
  } while (cursor);
}

/** GET /invoices/export.csv: the same filters as the list, streamed as CSV. */
const exportInvoices: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/invoices/export.csv',
    {
      schema: {
        operationId: 'exportInvoicesCsv',
        tags: ['invoices'],
        summary: 'Export invoices as CSV',
        description: `Every invoice matching the filters (same as GET /invoices), streamed as CSV with the columns ${CSV_COLUMNS.join(', ')}. Amounts are decimals in the invoice currency. Employees export their own only.`,
        querystring: InvoiceFilterQuery,
        produces: ['text/csv'],
        response: {
          200: textResponse('text/csv', 'CSV file (text/csv).', INVOICES_CSV_EXAMPLE),
          ...problemResponses(400, 401, 503),
        },
      },
    },
    async (request, reply) => {
      const filter = scopeFilter(request.caller, toInvoiceFilter(request.query));
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="invoices.csv"');
      // HEAD (a client checking the link) exports nothing: no audit entry, no query.
      if (request.method === 'HEAD') return reply.send('');
      await app.audit.record(
        request,
        'invoices.export',
        { type: 'invoices', id: null },
        { filter },
      );
      // The typed reply knows the schema's string; Fastify streams a Readable for it.
      return reply.send(
        Readable.from(csvLines(app.services.invoices, filter)) as unknown as string,
      );
    },
  );
};

export default exportInvoices;

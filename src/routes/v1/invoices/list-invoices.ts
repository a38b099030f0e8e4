import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeFilter } from '../../../domain/access.js';
import { problemResponses } from '../../../schemas/common.js';
import { INVOICE_PAGE_EXAMPLE } from '../../../schemas/examples.js';
import { InvoiceFilterQuery, toInvoiceFilter } from './filter-query.js';

const ListQuery = Type.Object(
  {
    ...InvoiceFilterQuery.properties,
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, default: 25, description: 'Invoices per page.' }),
    ),
    cursor: Type.Optional(
      Type.String({ maxLength: 500, description: 'next_cursor of the previous page.' }),
    ),
  },
  { additionalProperties: false },
);

/**
 * GET /invoices: filtered, newest first, cursor-paginated. Employees see their own only. With `q`
 * and embeddings configured, best matches first by meaning and words (InvoiceSearch.page).
 */
const listInvoices: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/invoices',
    {
      schema: {
        operationId: 'listInvoices',
        tags: ['invoices'],
        summary: 'List invoices',
        description:
          'Analysed invoices, newest first, filtered and paginated with an opaque cursor. Employees see only invoices they uploaded; finance and admin see all. With `q`, `retrieval` says how the text was searched: without embeddings (`lexical`) `q` keeps the invoices holding every word, newest first; with Gemini embeddings (`hybrid`) the best 100 matches by meaning and words come first, best first (reciprocal rank fusion), including invoices that say it in other words. When the question cannot be embedded, the search runs on words alone and `retrieval.fallback_reason` says why.',
        querystring: ListQuery,
        response: {
          200: Type.Object(
            {
              items: Type.Array(Type.Ref('Invoice'), { description: 'This page of invoices.' }),
              next_cursor: Type.Unsafe<string | null>({
                type: 'string',
                nullable: true,
                description: 'Pass as `cursor` for the next page; null on the last page.',
              }),
              retrieval: Type.Optional(Type.Ref('Retrieval')),
            },
            { description: 'A page of invoices.', examples: [INVOICE_PAGE_EXAMPLE] },
          ),
          ...problemResponses(400, 401, 503),
        },
      },
    },
    async (request, reply) => {
      const { limit = 25, cursor, ...query } = request.query;
      const { text, ...filter } = scopeFilter(request.caller, toInvoiceFilter(query));
      if (text === undefined)
        return app.services.invoices.list(filter, { limit, cursor: cursor ?? null });
      const controller = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) controller.abort();
      });
      return app.services.search.page(
        { text, filter, limit, cursor: cursor ?? null },
        controller.signal,
      );
    },
  );
};

export default listInvoices;

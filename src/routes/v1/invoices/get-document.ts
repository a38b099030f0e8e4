import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { notFoundUnlessReadable } from '../../../access/guards.js';
import type { StoredDocument } from '../../../documents/document-store.js';
import {
  answerRange,
  contentDisposition,
  documentEtag,
  noneMatch,
  rangeStillValid,
} from '../../../documents/http-range.js';
import { notModified } from '../../../documents/not-modified.js';
import type { InvoiceRecord } from '../../../domain/types.js';
import { AppError, NotFoundError } from '../../../errors.js';
import { problemResponses } from '../../../schemas/common.js';
import type { Services } from '../../../services.js';
import { InvoiceParams } from './get-invoice.js';

/** 410: the original was deleted by DOCUMENT_RETENTION_DAYS; the invoice itself stays. */
export class DocumentPurgedError extends AppError {
  constructor(purgedAt: string) {
    super(
      410,
      'document_purged',
      `The original document was deleted on ${purgedAt} under the retention policy; the invoice and its decision are kept.`,
      { extra: { purged_at: purgedAt } },
    );
  }
}

/**
 * The invoice (scoped exactly as GET /invoices/{id}: someone else's answers 404) and its stored
 * original. Shared by the document and page routes.
 */
export async function readableDocument(
  services: Services,
  request: FastifyRequest,
  id: string,
): Promise<{ invoice: InvoiceRecord; meta: StoredDocument }> {
  const invoice = notFoundUnlessReadable(
    request.caller,
    await services.invoices.get(id),
    'Invoice',
    id,
  );
  const meta = await services.documents.head(invoice.file_sha256);
  if (meta) return { invoice, meta };
  // Bytes uploaded again after a purge are served again; until then the invoice says when.
  if (invoice.document?.purged_at) throw new DocumentPurgedError(invoice.document.purged_at);
  // Invoices analysed before originals were kept have none.
  throw new NotFoundError('The original document of invoice', id);
}

const DocumentHeaders = Type.Object({
  range: Type.Optional(
    Type.String({
      description: 'One byte range, e.g. `bytes=0-65535`, `bytes=65536-` or `bytes=-1024`.',
      examples: ['bytes=0-65535'],
    }),
  ),
  'if-range': Type.Optional(
    Type.String({
      description:
        'The ETag (or Last-Modified) of the copy the ranges continue; stale, all is sent.',
    }),
  ),
  'if-none-match': Type.Optional(
    Type.String({ description: 'The ETag of the copy the client holds: 304 when it is current.' }),
  ),
});

const binary = (description: string, example: string) => ({
  description,
  content: {
    'application/octet-stream': { schema: { type: 'string', format: 'binary' }, example },
  },
});

/** GET /invoices/{id}/document: the original as uploaded, with Range support for viewers. */
const getDocument: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/invoices/:id/document',
    {
      schema: {
        operationId: 'getInvoiceDocument',
        tags: ['invoices'],
        summary: 'Download the original document',
        description:
          'The uploaded PDF or photo, byte for byte, with its content type, a strong ETag (its SHA-256), Content-Disposition (the file name as uploaded, RFC 6266) and Last-Modified. A single `Range: bytes=…` is answered 206 with Content-Range (several ranges get the whole document); a range past the end is 416. If-None-Match with the ETag answers 304; If-Range with a stale validator gets the whole document. Someone else’s invoice answers 404; an original deleted by DOCUMENT_RETENTION_DAYS answers 410 `document_purged` with `purged_at`.',
        params: InvoiceParams,
        headers: DocumentHeaders,
        response: {
          200: binary(
            'The whole document, in its own content type (application/pdf, image/jpeg, …).',
            '%PDF-1.7 … (the file as uploaded)',
          ),
          206: binary(
            'The requested byte range (Content-Range says which).',
            '%PDF-1.7 … (bytes 0-65535 of the file)',
          ),
          304: {
            type: 'null',
            description: 'The copy the client holds (If-None-Match) is current.',
          },
          ...problemResponses(401, 404, 410, 416, 503),
        },
      },
    },
    async (request, reply) => {
      const { invoice, meta } = await readableDocument(app.services, request, request.params.id);
      const etag = documentEtag(meta.sha256);
      const lastModified = new Date(meta.stored_at).toUTCString();
      reply
        .header('etag', etag)
        .header('last-modified', lastModified)
        .header('accept-ranges', 'bytes')
        // Private: the same bytes are someone's receipt; the hash makes them safe to keep.
        .header('cache-control', 'private, max-age=86400')
        .header('content-disposition', contentDisposition('inline', invoice.file_name));
      if (noneMatch(request.headers['if-none-match'], etag)) return notModified(reply);

      const ifRange = [request.headers['if-range']].flat()[0];
      const answer = rangeStillValid(ifRange, etag, lastModified)
        ? answerRange(request.headers.range, meta.size_bytes)
        : ({ kind: 'full' } as const);
      if (answer.kind === 'unsatisfiable')
        throw new AppError(
          416,
          'range_not_satisfiable',
          `The document has ${meta.size_bytes} bytes: the requested range starts past its end.`,
          { headers: { 'content-range': `bytes */${meta.size_bytes}` } },
        );
      const range = answer.kind === 'partial' ? answer.range : undefined;
      const stored = await app.services.documents.get(meta.sha256, range);
      if (!stored) throw new NotFoundError('The original document of invoice', invoice.id);
      reply.type(meta.content_type);
      if (!range) return reply.header('content-length', meta.size_bytes).send(stored.body);
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${meta.size_bytes}`)
        .header('content-length', range.end - range.start + 1)
        .send(stored.body);
    },
  );
};

export default getDocument;

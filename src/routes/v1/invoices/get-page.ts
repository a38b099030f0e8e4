import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notModified } from '../../../documents/not-modified.js';
import { AppError, NotFoundError } from '../../../errors.js';
import { problemResponses } from '../../../schemas/common.js';
import { readableDocument } from './get-document.js';

const PageParams = Type.Object({
  id: Type.String({ description: 'Invoice id.' }),
  n: Type.Integer({ minimum: 1, maximum: 10_000, description: 'Page number, from 1.' }),
});

const PageQuery = Type.Object({
  width: Type.Integer({
    minimum: 64,
    maximum: 2400,
    default: 1080,
    description:
      'Width of the image in pixels (height follows the page). A photo is never scaled up.',
  }),
});

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** GET /invoices/{id}/pages/{n}.png: one page of the original, drawn for a phone screen. */
const getPage: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/invoices/:id/pages/:n.png',
    {
      schema: {
        operationId: 'getInvoicePage',
        tags: ['invoices'],
        summary: 'One page of the original as a PNG',
        description:
          'Page `n` (from 1) of the original drawn as a PNG `width` pixels wide: a PDF page rendered, or the photo itself scaled down (a photo has one page). Cached by document, page and width; the ETag changes only with those. Someone else’s invoice answers 404, and so does a page past the last; a document with no pages to draw (an e-invoice XML, a Word file) answers 422 `not_renderable`; a purged original 410.',
        params: PageParams,
        querystring: PageQuery,
        response: {
          200: {
            description: 'The page as a PNG image.',
            content: {
              'image/png': {
                schema: { type: 'string', format: 'binary' },
                example: '\u0089PNG … (the page, width pixels wide)',
              },
            },
          },
          304: { type: 'null', description: 'The image the client holds is current.' },
          ...problemResponses(400, 401, 404, 410, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { id, n } = request.params;
      const { width } = request.query;
      const { meta } = await readableDocument(app.services, request, id);
      const etag = `"${meta.sha256}-p${n}-w${width}"`;
      reply.header('etag', etag).header('cache-control', 'private, max-age=86400');
      if (request.headers['if-none-match'] === etag) return notModified(reply);
      const result = await app.services.pages.render(
        meta.sha256,
        meta.content_type,
        n,
        width,
        async () => {
          const stored = await app.services.documents.get(meta.sha256);
          if (!stored) throw new NotFoundError('The original document of invoice', id);
          return readAll(stored.body);
        },
      );
      if (!result.ok) {
        if (result.code === 'no_such_page')
          throw new NotFoundError(`Page ${n} of invoice ${id} (it has ${result.pages})`, undefined);
        throw new AppError(422, result.code, result.message);
      }
      // The schema documents the PNG as a binary string for OpenAPI; the bytes go out as they are.
      const png = result.png as unknown as string;
      return reply.type('image/png').header('content-length', result.png.length).send(png);
    },
  );
};

export default getPage;

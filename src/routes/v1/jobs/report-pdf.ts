import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { renderReportPdf } from '../../../report/pdf.js';
import { problemResponses } from '../../../schemas/common.js';
import { REPORT_DESCRIPTION, ReportParams, ReportQuery, requestedReport } from './report-schema.js';

/** GET /jobs/{id}/report.pdf: the printable claim report. */
const reportPdf: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/jobs/:id/report.pdf',
    {
      schema: {
        operationId: 'getJobReportPdf',
        tags: ['jobs'],
        summary: 'The claim report as a PDF',
        description: `${REPORT_DESCRIPTION} A4 pages of selectable text with the fonts embedded, numbered in the footer.`,
        params: ReportParams,
        querystring: ReportQuery,
        response: {
          200: {
            description: 'The report as a PDF document.',
            content: {
              'application/pdf': {
                schema: { type: 'string', format: 'binary' },
                example: '%PDF-1.3 … (the claim report)',
              },
            },
          },
          ...problemResponses(400, 401, 404, 409, 503),
        },
      },
    },
    async (request, reply) => {
      const { model, thumbnails, locale } = await requestedReport(
        app.services,
        { caller: request.caller, id: request.params.id, locale: request.query.locale },
        reply,
        'pdf',
      );
      const pdf = await renderReportPdf(model, thumbnails, { locale });
      // The schema documents the PDF as a binary string for OpenAPI; the bytes go out as they are.
      return reply
        .type('application/pdf')
        .header('content-length', pdf.length)
        .send(pdf as unknown as string);
    },
  );
};

export default reportPdf;

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { contentDisposition } from '../../../documents/http-range.js';
import { loadReport } from '../../../report/load.js';
import { renderReportPdf } from '../../../report/pdf.js';
import { problemResponses } from '../../../schemas/common.js';
import { REPORT_DESCRIPTION, ReportParams, ReportQuery, reportLocale } from './report-schema.js';

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
      const locale = reportLocale(request.query.locale);
      const { model, thumbnails } = await loadReport(
        app.services,
        request.caller,
        request.params.id,
      );
      const pdf = await renderReportPdf(model, thumbnails, { locale });
      // The schema documents the PDF as a binary string for OpenAPI; the bytes go out as they are.
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          contentDisposition('inline', `claim-report-${model.job_id}.pdf`),
        )
        .header('cache-control', 'private, no-cache')
        .header('content-length', pdf.length)
        .send(pdf as unknown as string);
    },
  );
};

export default reportPdf;

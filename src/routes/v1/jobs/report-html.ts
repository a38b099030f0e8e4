import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { REPORT_CSP, renderReportHtml } from '../../../report/html.js';
import { problemResponses, textResponse } from '../../../schemas/common.js';
import { REPORT_DESCRIPTION, ReportParams, ReportQuery, requestedReport } from './report-schema.js';

/** GET /jobs/{id}/report.html: the claim report as one self-contained page. */
const reportHtml: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/jobs/:id/report.html',
    {
      schema: {
        operationId: 'getJobReportHtml',
        tags: ['jobs'],
        summary: 'The claim report as HTML',
        description: `${REPORT_DESCRIPTION} One self-contained page (thumbnails inlined as data URLs, so it can be mailed or saved) with a print stylesheet.`,
        params: ReportParams,
        querystring: ReportQuery,
        response: {
          200: textResponse(
            'text/html',
            'The report as an HTML document (UTF-8).',
            '<!doctype html>\n<html lang="en">…<h1>Expense claim report</h1>…</html>',
          ),
          ...problemResponses(400, 401, 404, 409, 503),
        },
      },
    },
    async (request, reply) => {
      const { model, thumbnails, locale } = await requestedReport(
        app.services,
        { caller: request.caller, id: request.params.id, locale: request.query.locale },
        reply,
        'html',
      );
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', REPORT_CSP)
        .send(renderReportHtml(model, thumbnails, { locale }));
    },
  );
};

export default reportHtml;

/** What both report routes take: the job, and the locale its amounts are written for. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { contentDisposition } from '../../../documents/http-range.js';
import { BadRequestError } from '../../../errors.js';
import { loadReport } from '../../../report/load.js';
import { isKnownLocale } from '../../../report/money.js';
import type { Services } from '../../../services.js';

export const ReportParams = Type.Object({ id: Type.String({ description: 'Job id.' }) });

export const ReportQuery = Type.Object({
  locale: Type.Optional(
    Type.String({
      minLength: 2,
      maxLength: 35,
      pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
      description:
        'BCP 47 locale the amounts are written for (`de-DE`: 1.234,56 €); by default each currency’s home locale in English (INR as ₹1,23,456.78, GBP as £1,234.56, EUR as €1,234.56).',
      examples: ['en-IN'],
    }),
  ),
});

export const REPORT_DESCRIPTION =
  'The claim as decided, for approvers and auditors: employee, dates, policy and version, totals claimed and reimbursable by category, then every invoice with its decision, amount, flags, the policy sentences it cites with the arithmetic, finance overrides (reviewer, time, reason) and a thumbnail of its first page (a line in its place when the original is not kept or was purged). Access is that of the job (someone else’s answers 404); a job still queued or running answers 409 `job_not_finished`.';

/** The locale asked for, checked against what Intl knows (400 otherwise). */
export function reportLocale(locale: string | undefined): string | undefined {
  if (locale !== undefined && !isKnownLocale(locale))
    throw new BadRequestError('validation_failed', `Unknown locale "${locale}".`, [
      { pointer: 'querystring:/locale', message: 'is not a locale this server knows' },
    ]);
  return locale;
}

/**
 * The report a request asks for: the job's model and thumbnails (scoped to the caller), the
 * locale checked, and the reply readied as a private, uncached download named after the job.
 */
export async function requestedReport(
  services: Services,
  asked: { caller: FastifyRequest['caller']; id: string; locale: string | undefined },
  reply: FastifyReply,
  extension: 'pdf' | 'html',
) {
  const locale = reportLocale(asked.locale);
  const report = await loadReport(services, asked.caller, asked.id);
  reply
    .header(
      'content-disposition',
      contentDisposition('inline', `claim-report-${report.model.job_id}.${extension}`),
    )
    .header('cache-control', 'private, no-cache');
  return { ...report, locale };
}

/**
 * Gathers what a claim report prints: the job (scoped exactly as GET /jobs/{id}), its invoices as
 * stored now, their overrides from the audit log, and a thumbnail of each original drawn by the
 * page service (cached there: a report asked for twice draws nothing the second time).
 */
import type { Readable } from 'node:stream';
import type { Caller, InvoiceRecord } from '../domain/types.js';
import { JobNotFinishedError } from '../errors.js';
import type { Services } from '../services.js';
import {
  buildReportModel,
  overrideFromAudit,
  type ReportInvoice,
  type ReportModel,
  type ReportOverride,
} from './model.js';

/** A thumbnail of an invoice's first page, or the line printed in its place. */
export type Thumbnail = { png: Buffer } | { missing: string };

export interface LoadedReport {
  model: ReportModel;
  /** By position in model.invoices. */
  thumbnails: Thumbnail[];
}

/** Pixels: drawn about 1.4 inch wide in the PDF, so sharp when printed; small in an e-mail. */
export const THUMBNAIL_WIDTH = 240;
const MAX_OVERRIDES_READ = 50;

type ReportServices = Pick<Services, 'jobService' | 'invoices' | 'audit' | 'documents' | 'pages'>;

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function overridesOf(services: ReportServices, id: string): Promise<ReportOverride[]> {
  const page = await services.audit.list(
    { action: 'invoice.override', target_id: id },
    { limit: MAX_OVERRIDES_READ },
  );
  return page.items.flatMap((entry) => overrideFromAudit(entry) ?? []);
}

export async function thumbnailOf(
  services: Pick<Services, 'documents' | 'pages'>,
  invoice: ReportInvoice,
): Promise<Thumbnail> {
  if (invoice.deleted) return { missing: 'The invoice was deleted after the claim.' };
  if (!invoice.document) return { missing: 'No original is kept for this document.' };
  const { sha256, purged_at } = invoice.document;
  const meta = await services.documents.head(sha256);
  if (!meta) {
    return {
      missing: purged_at
        ? `The original was deleted on ${purged_at.slice(0, 10)} under the retention policy.`
        : 'No original is kept for this document.',
    };
  }
  const result = await services.pages.render(
    sha256,
    meta.content_type,
    1,
    THUMBNAIL_WIDTH,
    async () => {
      const stored = await services.documents.get(sha256);
      if (!stored) throw new Error('The original went away while it was read.');
      return readAll(stored.body);
    },
  );
  if (result.ok) return { png: result.png };
  if (result.code === 'not_renderable')
    return { missing: 'No preview: the original has no pages to draw.' };
  return { missing: 'No preview: the original could not be drawn.' };
}

export async function loadReport(
  services: ReportServices,
  caller: Caller,
  jobId: string,
  now = new Date(),
): Promise<LoadedReport> {
  const job = await services.jobService.get(caller, jobId);
  if (job.state === 'queued' || job.state === 'running') throw new JobNotFinishedError(job);
  const invoices = new Map<string, InvoiceRecord | null>();
  const overrides = new Map<string, ReportOverride[]>();
  for (const result of job.results) {
    const id = result.invoice_id;
    if (result.outcome !== 'analysed' || !id || invoices.has(id)) continue;
    const record = await services.invoices.get(id);
    // Only the claimant's own invoices, as GET /invoices/{id} would show them: a reused result
    // names an invoice of the same owner, never anyone else's.
    const readable = record && record.owner_sub === job.owner_sub ? record : null;
    invoices.set(id, readable);
    if (readable?.override) overrides.set(id, await overridesOf(services, id));
  }
  const model = buildReportModel({ job, invoices, overrides, generatedAt: now.toISOString() });
  const thumbnails: Thumbnail[] = [];
  for (const invoice of model.invoices) {
    try {
      thumbnails.push(await thumbnailOf(services, invoice));
    } catch {
      // A preview is a courtesy: the report is still printed, with the line that says so.
      thumbnails.push({ missing: 'No preview: the original could not be read.' });
    }
  }
  return { model, thumbnails };
}

/**
 * DOCUMENT_RETENTION_DAYS: originals stored longer ago are deleted, and every invoice that used
 * one says so (document.purged_at), so the API answers "purged on …" rather than a bare 404.
 * The invoices are marked before the bytes go: a crash in between leaves an invoice that says
 * purged while its bytes are still there, and the next pass deletes them.
 */
import type { InvoiceStore } from '../store/ports.js';
import { type PeriodClaim, type Repeat, startHourlyPass } from '../store/redis/hourly-lease.js';
import type { DocumentStore } from './document-store.js';
import { invoicesUsing } from './invoice-documents.js';

const DAY_MS = 86_400_000;

export async function purgeExpiredDocuments(options: {
  documents: DocumentStore;
  invoices: InvoiceStore;
  retentionDays: number;
  now?: Date;
}): Promise<number> {
  const { documents, invoices, retentionDays } = options;
  if (retentionDays <= 0) return 0;
  const now = options.now ?? new Date();
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  const expired: string[] = [];
  for await (const document of documents.list())
    if (Date.parse(document.stored_at) < cutoff) expired.push(document.sha256);
  for (const sha256 of expired) {
    const purgedAt = now.toISOString();
    const using = await invoicesUsing(invoices, sha256);
    const marked = using
      .filter((record) => !record.document?.purged_at)
      .map((record) => ({ ...record, document: { purged_at: purgedAt } }));
    // Without vectors: the stores keep the ones they have (as an override does).
    if (marked.length > 0) await invoices.upsert(marked);
    await documents.delete(sha256);
  }
  return expired.length;
}

/**
 * Purges now and then hourly until the returned stop (which waits for a running pass) is called;
 * never keeps the process up. With `claim` (server mode: every worker runs this against the
 * shared stores), a pass runs only for the worker that claims its hour.
 */
export function startRetention(
  options: Omit<Parameters<typeof purgeExpiredDocuments>[0], 'now'> & {
    onError: (error: unknown) => void;
    onPurged?: (count: number) => void;
    claim?: PeriodClaim;
    clock?: () => Date;
    repeat?: Repeat;
  },
): () => Promise<void> {
  const { documents, invoices, retentionDays, onPurged, ...schedule } = options;
  if (retentionDays <= 0) return async () => undefined;
  return startHourlyPass({
    ...schedule,
    pass: async (now) => {
      const count = await purgeExpiredDocuments({ documents, invoices, retentionDays, now });
      if (count > 0) onPurged?.(count);
    },
  });
}

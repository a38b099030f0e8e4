/**
 * The link between invoices and their originals: one original may serve several invoices (the
 * same bytes uploaded by two employees, or by one employee twice with force), so it goes only
 * when the last invoice using it goes.
 */
import type { InvoiceRecord } from '../domain/types.js';
import type { InvoiceStore } from '../store/ports.js';
import type { DocumentStore } from './document-store.js';

/** Every invoice whose original has these bytes, whoever uploaded it. */
export async function invoicesUsing(
  invoices: InvoiceStore,
  sha256: string,
): Promise<InvoiceRecord[]> {
  const found: InvoiceRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await invoices.list({ file_sha256: sha256 }, { limit: 200, cursor });
    found.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return found;
}

/**
 * Makes `invoices.delete` release the original when no other invoice uses it. The store object is
 * kept (not wrapped) because code elsewhere narrows it by its class (Qdrant or SQLite). A failure
 * to delete the original never fails the invoice's deletion: it is reported and the bytes stay.
 */
export function releasingDocuments<T extends InvoiceStore>(
  invoices: T,
  documents: DocumentStore,
  onError: (error: unknown) => void,
): T {
  const remove = invoices.delete.bind(invoices);
  invoices.delete = async (id: string) => {
    const record = await invoices.get(id);
    const deleted = await remove(id);
    if (deleted && record) {
      try {
        if ((await invoicesUsing(invoices, record.file_sha256)).length === 0)
          await documents.delete(record.file_sha256);
      } catch (error) {
        onError(error);
      }
    }
    return deleted;
  };
  return invoices;
}

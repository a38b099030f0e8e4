/**
 * Finds the invoice a question names: "Ticket 2", "Dinner Invoice 3", "invoice #4102", a ticket number,
 * a file name or an id. Candidates come from the full-text index (file names and invoice numbers
 * are indexed), then the closest kind of match wins, so "Ticket 2" never means "Ticket 20".
 */
import { normalizeEmployeeKey as fold } from '../domain/text.js';
import type { InvoiceFilter, InvoiceRecord } from '../domain/types.js';
import { isUuid } from '../store/invoice-key.js';
import type { CallerInvoices } from './caller-invoices.js';
import { fileLabel } from './markdown.js';

/** Enough candidates that the named invoice is among them even when its words are common. */
const CANDIDATES = 200;
/** Words that say what kind of document is meant, not which one: "ticket BT-7…", "invoice #4102". */
const KIND_WORDS = new Set([
  'invoice',
  'invoices',
  'bill',
  'bills',
  'receipt',
  'receipts',
  'ticket',
  'tickets',
  'no',
  'number',
  'num',
]);

const stem = (fileName: string): string =>
  fold(fileLabel({ file_name: fileName }).replace(/\.[a-z0-9]{2,5}$/i, ''));

export async function findReferencedInvoices(
  invoices: CallerInvoices,
  reference: string,
  filter: InvoiceFilter,
): Promise<InvoiceRecord[]> {
  const trimmed = reference.trim();
  if (isUuid(trimmed)) {
    const record = await invoices.get(trimmed.toLowerCase());
    return record ? [record] : [];
  }
  const wanted = stem(trimmed);
  const number = wanted.split(' ').pop() ?? '';
  // From the most to the least exact: the whole file name, the invoice or ticket number, the end of a file name.
  const tiers: Array<(record: InvoiceRecord) => boolean> = [
    (record) => stem(record.file_name) === wanted,
    (record) => record.invoice_number !== null && fold(record.invoice_number) === number,
    (record) => stem(record.file_name).endsWith(` ${wanted}`),
  ];
  // Candidates hold every word of the reference (an indexed lookup); then the kind words are dropped,
  // since "ticket" need not be written on a ticket.
  const words = fold(trimmed).split(' ').filter(Boolean);
  const distinctive = words.filter((word) => !KIND_WORDS.has(word));
  for (const query of distinctive.length < words.length ? [words, distinctive] : [words]) {
    if (query.length === 0) continue;
    const candidates = (
      await invoices.list({ ...filter, text: query.join(' ') }, { limit: CANDIDATES })
    ).items;
    for (const matches of tiers) {
      const found = candidates.filter(matches);
      if (found.length > 0) return found;
    }
  }
  return [];
}

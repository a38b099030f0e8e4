/**
 * Doubts from reading a file, whoever then reads the invoice from it (an embedded e-invoice the
 * PDF child did not pass on), joined to the reader's own reading notes. One place for the job and
 * the policy preview, so a preview shows what the claim will.
 */
import type { InvoiceFields } from '../../domain/types.js';
import type { ReadDocument } from '../types.js';

export function withDocumentNotes(
  fields: InvoiceFields,
  document: Pick<ReadDocument, 'reading_notes'>,
): InvoiceFields {
  if (!document.reading_notes?.length) return fields;
  return { ...fields, reading_notes: [...(fields.reading_notes ?? []), ...document.reading_notes] };
}

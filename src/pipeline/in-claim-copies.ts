/**
 * Duplicates inside one claim. The same file twice (two ZIPs, two folders, a download saved
 * twice) is read and decided once, and every copy gets a record of its own with that decision:
 * each is flagged possible_duplicate, each keeps its amount (policies send duplicates to review,
 * they do not decline them), and the later copies name the first (duplicate_of), so totals count
 * the file once. Documents of one purchase that are different files (the ticket and the invoice
 * of one booking) are matched by a shared reference and total (domain/shared-reference.ts).
 */
import type { DocumentResult } from '../domain/jobs.js';
import { type ReferencedDocument, withPossibleDuplicate } from '../domain/shared-reference.js';
import { earlierInvoiceLabel } from '../domain/text.js';
import type { Flag, InvoiceFields, InvoiceRecord, Money } from '../domain/types.js';
import { INVOICE_NAMESPACE, invoiceId, uuidV5 } from '../store/invoice-key.js';
import { failedResult } from './results.js';

export interface InClaimCopy<D> {
  document: D;
  /** The first document of the claim with the same bytes. */
  first: D;
  /** 1 for the second occurrence of the file, 2 for the third, … */
  occurrence: number;
}

/** The claim's documents split into the first of each file and the later copies, in order. */
export function splitInClaimCopies<D extends { sha256: string }>(
  documents: readonly D[],
): { originals: D[]; copies: Array<InClaimCopy<D>> } {
  const firsts = new Map<string, { document: D; seen: number }>();
  const originals: D[] = [];
  const copies: Array<InClaimCopy<D>> = [];
  for (const document of documents) {
    const first = firsts.get(document.sha256);
    if (first) {
      first.seen += 1;
      copies.push({ document, first: first.document, occurrence: first.seen - 1 });
    } else {
      firsts.set(document.sha256, { document, seen: 1 });
      originals.push(document);
    }
  }
  return { originals, copies };
}

/**
 * The invoice id of one occurrence of a file in a claim. The first keeps the id invoices always
 * had (claim + file hash), so stored ids do not move; a later copy adds its occurrence.
 */
export function occurrenceId(jobId: string, fileSha256: string, occurrence: number): string {
  if (occurrence === 0) return invoiceId(jobId, fileSha256);
  return uuidV5(JSON.stringify([jobId, fileSha256.toLowerCase(), occurrence]), INVOICE_NAMESPACE);
}

/** The first occurrence's decision, as its copy `name` of `firstName` keeps it. */
export function asInClaimCopy<D extends { flags: Flag[]; reason: string }>(
  decision: D,
  firstName: string,
): D {
  return withPossibleDuplicate(decision, [
    `the same file as ${firstName} in this claim: counted once in totals, there`,
  ]);
}

/** The first occurrence's decision once copies of it were filed in the same claim. */
export function asCopiedInClaim<D extends { flags: Flag[]; reason: string }>(
  decision: D,
  copyNames: readonly string[],
): D {
  if (copyNames.length === 0) return decision;
  const names = copyNames.length === 1 ? copyNames[0] : copyNames.join(', ');
  return withPossibleDuplicate(decision, [`the same file as ${names} in this claim`]);
}

/**
 * The copies whose first could not be read fail as it did, with its code: the same bytes read
 * again would fail again.
 */
export function failedCopies<D extends { name: string; sha256: string }>(
  copies: ReadonlyArray<InClaimCopy<D>>,
  read: { has(name: string): boolean },
  failed: readonly DocumentResult[],
): DocumentResult[] {
  return copies.flatMap(({ document, first }) => {
    if (read.has(first.name)) return [];
    const error = failed.find((result) => result.name === first.name)?.error;
    return [
      failedResult(
        document.name,
        document.sha256,
        error?.code ?? 'extraction_failed',
        `The same file as ${first.name} in this claim, which could not be read${error ? `: ${error.message}` : '.'}`,
      ),
    ];
  });
}

/** A candidate of this claim as the shared-reference rule compares it. */
export function referencedCandidate(
  key: string,
  name: string,
  fields: Pick<InvoiceFields, 'invoice_number' | 'booking_reference'>,
  claimed: Money,
): ReferencedDocument {
  return {
    key,
    label: name,
    references: [fields.invoice_number.value, fields.booking_reference?.value],
    total_minor: claimed.amount_minor,
    currency: claimed.currency,
  };
}

/** An earlier invoice as the shared-reference rule compares it, named as duplicate notes name it. */
export function referencedRecord(record: InvoiceRecord): ReferencedDocument {
  return {
    key: `prior:${record.id}`,
    label: earlierInvoiceLabel(record),
    references: [record.invoice_number, record.fields?.booking_reference?.value],
    total_minor: record.total_minor,
    currency: record.currency,
  };
}

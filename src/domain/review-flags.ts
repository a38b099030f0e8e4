/**
 * Review hints that never change an amount: possible duplicates, late submission, a different
 * name on the invoice, totals that do not add up, uncertain reading. Each comes with a note
 * saying why, so a reviewer sees the evidence, not just the flag.
 */
import { sumLines } from './eligibility.js';
import { formatMoney, minorDigits } from './money.js';
import {
  daysBetween,
  listNames,
  NAME_MATCH_THRESHOLD,
  nameSimilarity,
  normalizeEmployeeKey,
} from './text.js';
import type { Category, ExtractedField, InvoiceFields, ReadingNote } from './types.js';

export interface Identity {
  /** Candidate key, or the stored id for invoices decided earlier. */
  key: string;
  label: string;
  file_sha256: string;
  vendor: string | null;
  invoice_number: string | null;
  category: Category;
}

/** Ticket and booking numbers identify one journey whoever sells it; receipt numbers only within a vendor. */
const TICKETED: ReadonlySet<Category> = new Set(['travel', 'cab']);

function compact(text: string): string {
  return normalizeEmployeeKey(text).replace(/ /g, '').toUpperCase();
}

function signatures(identity: Identity): Array<{ signature: string; why: string }> {
  const found = [{ signature: `sha:${identity.file_sha256}`, why: 'same file' }];
  const number = identity.invoice_number ? compact(identity.invoice_number) : '';
  if (number.length >= 4 && TICKETED.has(identity.category))
    found.push({ signature: `ticket:${number}`, why: 'same ticket number' });
  if (number && identity.vendor)
    found.push({
      signature: `ref:${compact(identity.vendor)}|${number}`,
      why: 'same vendor and invoice number',
    });
  return found;
}

export interface DuplicateMatch {
  label: string;
  /** The strongest evidence: "same file", "same ticket number" or "same vendor and invoice number". */
  why: string;
}

/** For each candidate key, the other invoices (in the batch or stored earlier) it may duplicate, sorted by label. */
export function findDuplicates(
  candidates: readonly Identity[],
  prior: readonly Identity[],
): Map<string, DuplicateMatch[]> {
  const bySignature = new Map<string, Identity[]>();
  for (const identity of [...candidates, ...prior]) {
    for (const { signature } of signatures(identity)) {
      bySignature.set(signature, [...(bySignature.get(signature) ?? []), identity]);
    }
  }
  const result = new Map<string, DuplicateMatch[]>();
  for (const candidate of candidates) {
    const reasons = new Map<string, string>();
    for (const { signature, why } of signatures(candidate)) {
      for (const other of bySignature.get(signature) ?? []) {
        if (other.key !== candidate.key && !reasons.has(other.label)) reasons.set(other.label, why);
      }
    }
    if (reasons.size > 0) {
      result.set(
        candidate.key,
        [...reasons.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([label, why]) => ({ label, why })),
      );
    }
  }
  return result;
}

/** "possible duplicate of Ticket 5.pdf, Ticket 6.pdf and 3 more (same ticket number)", one clause per kind of evidence. */
export function duplicateNote(matches: readonly DuplicateMatch[]): string {
  const byWhy = new Map<string, string[]>();
  for (const { label, why } of matches) byWhy.set(why, [...(byWhy.get(why) ?? []), label]);
  return [...byWhy.entries()]
    .map(([why, labels]) => `possible duplicate of ${listNames(labels)} (${why})`)
    .join('; ');
}

/** Days late beyond the window, or null when on time or the date is unknown. */
export function daysLate(
  invoiceDate: string | null,
  claimDate: string,
  windowDays: number,
): number | null {
  if (invoiceDate === null) return null;
  const elapsed = daysBetween(invoiceDate, claimDate);
  return elapsed > windowDays ? elapsed : null;
}

/** A note when the person named on the invoice is not the employee; null when they match or no one is named. */
export function nameMismatchNote(personName: string | null, employeeName: string): string | null {
  if (!personName || !normalizeEmployeeKey(personName)) return null;
  if (nameSimilarity(personName, employeeName) >= NAME_MATCH_THRESHOLD) return null;
  return `the invoice names "${personName}", not ${employeeName}`;
}

/**
 * A note when lines, subtotal and tax do not meet the total. Half a major unit is tolerated:
 * bills round the total to whole rupees or dollars.
 */
export function amountInconsistencyNote(fields: InvoiceFields, currency: string): string | null {
  const total = fields.total_minor.value;
  if (total === null) return null;
  const tolerance = 10 ** minorDigits(currency) / 2;
  const money = (amountMinor: number) => formatMoney({ amount_minor: amountMinor, currency });
  const tax = fields.tax_minor.value;
  const subtotal = fields.subtotal_minor.value;
  const lines = fields.line_items.length > 0 ? sumLines(fields.line_items) : null;
  const checks: Array<[number, string]> = [];
  if (lines !== null && tax !== null)
    checks.push([lines + tax, `line items ${money(lines)} plus tax ${money(tax)}`]);
  else if (lines !== null && subtotal === null && lines > total)
    checks.push([lines, `line items ${money(lines)}`]);
  if (subtotal !== null && tax !== null)
    checks.push([subtotal + tax, `subtotal ${money(subtotal)} plus tax ${money(tax)}`]);
  if (lines !== null && subtotal !== null && Math.abs(lines - subtotal) > tolerance) {
    return `line items ${money(lines)} do not meet the subtotal ${money(subtotal)}`;
  }
  for (const [sum, what] of checks) {
    if (Math.abs(sum - total) > tolerance)
      return `${what} make ${money(sum)}, not the total ${money(total)}`;
  }
  return null;
}

const KEY_FIELDS = ['total_minor', 'date', 'category'] as const;

/** Key fields read with less confidence than the threshold (a missing value counts as unsure). */
export function unsureFields(fields: InvoiceFields, threshold: number): string[] {
  return KEY_FIELDS.filter(
    (name) => fields[name].value === null || fields[name].confidence < threshold,
  ).map((name) => (name === 'total_minor' ? 'total' : name));
}

/**
 * The reader's own doubts (reading_notes), and one more the engine knows of: an invoice printing
 * no currency at all is decided in the policy's, which a person must confirm. A currency the
 * reader inferred (from the country) comes as its note; an absent one is the engine's.
 */
export function readingReview(
  fields: { currency: ExtractedField<string>; reading_notes?: ReadingNote[] },
  policyCurrency: string,
): ReadingNote[] {
  const notes = [...(fields.reading_notes ?? [])];
  if (fields.currency.value === null && !notes.some((n) => n.flag === 'currency_inferred')) {
    notes.push({
      flag: 'currency_inferred',
      note: `no currency is printed on the invoice; its amounts were taken as ${policyCurrency}, the policy's currency`,
    });
  }
  return notes;
}

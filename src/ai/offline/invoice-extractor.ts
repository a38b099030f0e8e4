/**
 * Offline invoice reader: labelled fields, line items and totals from page text, each with a
 * confidence and the page it came from. It only reads; checking the arithmetic and deciding are
 * the engine's job. A document without a recognisable total is not an invoice.
 */

import { detectCurrency } from '../../domain/money.js';
import { findDates } from '../../domain/text.js';
import type { Category, DocumentText, ExtractedField, InvoiceFields } from '../../domain/types.js';
import { ExtractionError } from '../provider.js';
import { labelledAmounts, lineItems, logicalLines, type TextLine } from './invoice-layout.js';
import { INVOICE_CATEGORY_SIGNALS } from './vocabulary.js';

export interface InvoiceReadingContext {
  /** The policy currency, assumed when the invoice prints none. */
  currency: string;
}

const TOTAL_LABELS = [
  /\b(?:grand\s*total|total\s*(?:fare|amount|payable|due|paid)|amount\s*(?:paid|payable|due)|net\s*payable|balance\s*due)\b/i,
  /(?<!sub[\s-]?)\btotal\b/i,
  /^(?:fare|amount)\b/i,
];
const SUBTOTAL_LABELS = [
  /\bsub[\s-]?total\b/i,
  /\bnet\s*amount\b/i,
  /\b(?:taxable\s*value|amount\s*before\s*tax)\b/i,
];
/** Tax lines, but not registration numbers printed beside them ("GST No: B43010…", "GSTIN"). */
const TAX_LABEL =
  /^(?:c\s?gst|s\s?gst|igst|utgst|gst|vat|service\s*tax|sales\s*tax|tax)\b(?!\s*(?:no\b|number|in\b|#|reg))/i;
const NUMBER_LABELS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\bticket\s*(?:no|number|#)\.?\s*[:#]?\s*([A-Z0-9][A-Z0-9/-]{3,})/i, 0.95],
  [
    /\b(?:invoice|bill|receipt|folio|order|booking)\s*(?:no|number|id|#)\.?\s*[:#]?\s*([A-Z0-9][A-Z0-9/-]*)/i,
    0.9,
  ],
  [/\bpnr\s*(?:no|number)?\.?\s*[:#]?\s*([A-Z0-9]{5,})/i, 0.8],
];
const PERSON_LABEL =
  /\b(?:customer|guest|passenger|traveller|traveler|client|billed to|bill to)(?:\s*name)?\s*:\s*([A-Za-z][A-Za-z .'-]{0,60})$/i;
const NOT_A_VENDOR =
  /^(?:welcome|congratulations|original|duplicate|tax invoice|invoice|receipt|bill|cash memo|e-?ticket|logo|thank|need help|write to us|customer care|postpone|date|gstin?|ph\.?|phone|tel)\b|^[\d\s+()-]+$|[:?]/i;
const DATE_LABEL =
  /\b(?:invoice|bill|receipt|journey|travel|booking|txn|transaction)?\s*date\s*(?:of\s+journey)?\s*[:-]/i;
/** OCR text carries misreadings the layout cannot reveal, so its fields are trusted less. */
const OCR_DISCOUNT = 0.85;

function field<T>(value: T | null, confidence: number, page: number | null): ExtractedField<T> {
  return { value, confidence: value === null ? 0 : confidence, page: value === null ? null : page };
}

export function extractInvoiceFields(
  document: DocumentText,
  context: InvoiceReadingContext,
): InvoiceFields {
  const lines = logicalLines(document.pages);
  const text = document.pages.join('\n');
  const printedCurrency = detectCurrency(text);
  const currency = printedCurrency ?? context.currency;
  const items = lineItems(lines, currency);
  const itemsSum = items.reduce((sum, read) => sum + read.item.amount_minor, 0);

  const taxLines = labelledAmounts(
    lines.filter((line) => TAX_LABEL.test(line.text)),
    [TAX_LABEL],
    currency,
  );
  const tax =
    taxLines.length > 0 ? taxLines.reduce((sum, read) => sum + read.amount_minor, 0) : null;
  const subtotal = best(labelledAmounts(lines, SUBTOTAL_LABELS, currency));
  const total = best(
    labelledAmounts(lines, TOTAL_LABELS, currency, /\bsub[\s-]?total\b|\bnet\s*amount\b/i),
  );
  if (!total && items.length === 0) {
    throw new ExtractionError(
      'not_an_invoice',
      `${document.name}: no total or amount found, so this does not read as an invoice or receipt.`,
    );
  }
  const totalMinor = total?.amount_minor ?? itemsSum + (tax ?? 0);
  const taxRead =
    tax !== null
      ? { amount_minor: tax, page: taxLines[0]?.line.page ?? null, confidence: 0.9 }
      : impliedTax(lines, currency, totalMinor, subtotal?.amount_minor ?? null);
  const totalAddsUp = items.length > 0 && tax !== null && itemsSum + tax === totalMinor;
  const totalConfidence = total
    ? totalAddsUp
      ? 0.99
      : total.rank === 0
        ? 0.95
        : total.rank === 1
          ? 0.9
          : 0.6
    : 0.5;

  const discount = document.ocr ? OCR_DISCOUNT : 1;
  const scaled = <T>(read: ExtractedField<T>): ExtractedField<T> => ({
    ...read,
    confidence: Math.round(read.confidence * discount * 100) / 100,
  });
  const category = readCategory(text);
  return {
    vendor: scaled(readVendor(lines)),
    invoice_number: scaled(readNumber(lines)),
    date: scaled(readDate(lines)),
    currency: scaled(field(currency, printedCurrency ? 0.95 : 0.5, null)),
    category: scaled(field(category.value, category.confidence, 1)),
    person_name: scaled(readPerson(lines)),
    line_items: items.map((read) => read.item),
    subtotal_minor: scaled(field(subtotal?.amount_minor ?? null, 0.9, subtotal?.line.page ?? null)),
    tax_minor: scaled(
      field(taxRead?.amount_minor ?? null, taxRead?.confidence ?? 0, taxRead?.page ?? null),
    ),
    total_minor: scaled(
      field(totalMinor, totalConfidence, total?.line.page ?? items[0]?.page ?? null),
    ),
    extracted_by: 'offline',
  };
}

/**
 * E-tickets print "Net amount" and a tax line under an odd label ("Taxable amount : ₹ 1125.31"):
 * a line mentioning tax whose amount is exactly what the subtotal leaves of the total is the tax.
 */
function impliedTax(
  lines: readonly TextLine[],
  currency: string,
  totalMinor: number,
  subtotalMinor: number | null,
) {
  if (subtotalMinor === null || subtotalMinor >= totalMinor) return null;
  const match = labelledAmounts(lines, [/\btax(?:es|able)?\b/i], currency).find(
    (read) => read.amount_minor === totalMinor - subtotalMinor,
  );
  return match
    ? { amount_minor: match.amount_minor, page: match.line.page, confidence: 0.8 }
    : null;
}

/** The most preferred label; among equals the last one, since a bill's final total comes last. */
function best<T extends { rank: number }>(found: readonly T[]): T | null {
  let chosen: T | null = null;
  for (const candidate of found) if (!chosen || candidate.rank <= chosen.rank) chosen = candidate;
  return chosen;
}

function readCategory(text: string): { value: Category; confidence: number } {
  const scores = new Map<Category, number>();
  for (const [category, pattern, weight] of INVOICE_CATEGORY_SIGNALS) {
    const hits = new Set([...text.matchAll(pattern)].map((match) => match[0].toLowerCase())).size;
    scores.set(category, (scores.get(category) ?? 0) + hits * weight);
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || first[1] === 0) return { value: 'other', confidence: 0.3 };
  const margin = (first[1] - (second?.[1] ?? 0)) / first[1];
  return { value: first[0], confidence: Math.round((0.55 + 0.4 * margin) * 100) / 100 };
}

function readNumber(lines: readonly TextLine[]): ExtractedField<string> {
  for (const [pattern, confidence] of NUMBER_LABELS) {
    for (const line of lines) {
      const value = pattern.exec(line.text)?.[1];
      if (value && /\d/.test(value)) return field(value, confidence, line.page);
    }
  }
  return field<string>(null, 0, null);
}

/** A labelled date first; then the date on the ticket line; then the first date printed. */
function readDate(lines: readonly TextLine[]): ExtractedField<string> {
  // Each attempt returns the part of a line to read the date from, or null to skip the line.
  const attempts: ReadonlyArray<readonly [(line: TextLine) => string | null, number]> = [
    [
      (line) =>
        DATE_LABEL.test(line.text) && !/\b(?:due|expiry|valid)\b/i.test(line.text)
          ? line.text.slice(line.text.search(DATE_LABEL))
          : null,
      0.95,
    ],
    [(line) => (/\bticket\s*no\b/i.test(line.text) ? line.text : null), 0.9],
    [(line) => line.text, 0.6],
  ];
  for (const [readFrom, confidence] of attempts) {
    for (const line of lines) {
      const part = readFrom(line);
      const found = part === null ? undefined : findDates(part)[0];
      if (found) return field(found.iso, confidence, line.page);
    }
  }
  return field<string>(null, 0, null);
}

function readVendor(lines: readonly TextLine[]): ExtractedField<string> {
  // E-tickets print the operator shortly after the PNR, among help-desk boilerplate.
  const operatorAt = lines.findIndex((line) => /\bpnr\b/i.test(line.text));
  const operator =
    operatorAt < 0
      ? undefined
      : lines
          .slice(operatorAt + 1, operatorAt + 12)
          .find(
            (line) =>
              /^[A-Za-z][A-Za-z .&'-]{2,40}$/.test(line.text) && !NOT_A_VENDOR.test(line.text),
          );
  if (operator) return field(operator.text, 0.7, operator.page);
  const first = lines
    .slice(0, 8)
    .find(
      (line) =>
        /[A-Za-z]{3}/.test(line.text) && !NOT_A_VENDOR.test(line.text) && line.text.length <= 60,
    );
  return first
    ? field(first.text.replace(/[!.]+$/, ''), 0.7, first.page)
    : field<string>(null, 0, null);
}

function readPerson(lines: readonly TextLine[]): ExtractedField<string> {
  for (const line of lines) {
    const labelled = PERSON_LABEL.exec(line.text)?.[1]?.trim();
    if (labelled) return field(labelled, 0.9, line.page);
  }
  // E-tickets: "Passenger Details (Age, Gender)" then "Sushma, 30, Female".
  const detailsAt = lines.findIndex((line) => /passenger details/i.test(line.text));
  const details = detailsAt >= 0 ? lines[detailsAt + 1] : undefined;
  const passenger = details && /^([A-Za-z][A-Za-z .'-]*?)[\s,]+\d/.exec(details.text)?.[1];
  if (details && passenger) return field(passenger.trim(), 0.85, details.page);
  // Thermal receipts print the guest's name alone on the line after the date.
  const dateAt = lines.findIndex((line) => DATE_LABEL.test(line.text));
  const next = dateAt >= 0 ? lines[dateAt + 1] : undefined;
  if (
    next &&
    /^[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*){0,2}$/.test(next.text) &&
    !NOT_A_VENDOR.test(next.text)
  ) {
    return field(next.text, 0.5, next.page);
  }
  return field<string>(null, 0, null);
}

/**
 * Offline invoice reader: labelled fields, line items and totals from page text (and, for PDFs,
 * the position of every piece of text), each with a confidence and the page it came from. The
 * reading primitives live in reading/: numbers, dates and currencies by evidence, labels in seven
 * languages, labels paired with values by layout, the total chosen by consistency. It only reads;
 * checking the arithmetic and deciding are the engine's job. A document without any payable
 * amount is not an invoice.
 */

import type { Category, DocumentText, ExtractedField, InvoiceFields } from '../../domain/types.js';
import { ExtractionError } from '../provider.js';
import { fieldsFromEInvoice } from './einvoice/fields.js';
import type { EInvoice } from './einvoice/types.js';
import { labelledAmounts, lineItems, logicalLines, type TextLine } from './invoice-layout.js';
import { currencyReadingNote } from './reading/currency-choice.js';
import { type PreparedDocument, prepareDocument } from './reading/document.js';
import { chooseVendor, NOT_A_VENDOR } from './reading/header-vendor.js';
import type { LabelMatch } from './reading/labels.js';
import type { PageItems } from './reading/layout.js';
import { fold } from './reading/normalize.js';
import { readAmounts } from './reading/read-amounts.js';
import { readBookingReference, readDocumentNumber, readIssueDate } from './reading/read-fields.js';
import type { ChosenTotal } from './reading/totals.js';
import { INVOICE_CATEGORY_SIGNALS } from './vocabulary.js';

export interface InvoiceReadingContext {
  /** The policy currency: only to read amounts when the invoice prints no currency, never as its currency. */
  currency: string;
}

/**
 * A document as read, with the positioned text of its PDF pages when the reader kept it, and
 * the e-invoice XML it is or carries.
 */
export type ReadableDocument = DocumentText & {
  layout?: readonly PageItems[] | null;
  einvoice?: EInvoice | null;
};

const PERSON_LABEL =
  /\b(?:customer|guest|passenger|traveller|traveler|client|billed to|bill to)(?:\s*name)?\s*:\s*([A-Za-z][A-Za-z .'-]{0,60})$/i;
const DATE_LABEL =
  /\b(?:invoice|bill|receipt|journey|travel|booking|txn|transaction)?\s*date\s*(?:of\s+journey)?\s*[:-]/i;
/** OCR text carries misreadings the layout cannot reveal, so its fields are trusted less. */
const OCR_DISCOUNT = 0.85;

function field<T>(value: T | null, confidence: number, page: number | null): ExtractedField<T> {
  return { value, confidence: value === null ? 0 : confidence, page: value === null ? null : page };
}

export function extractInvoiceFields(
  document: ReadableDocument,
  context: InvoiceReadingContext,
): InvoiceFields {
  if (document.einvoice)
    return fieldsFromEInvoice(document.einvoice, pageReading(document, context));
  return readInvoice(document, context).fields;
}

/** The page's own reading of an e-invoice, to check the XML against; null when it reads none. */
export function pageReading(
  document: ReadableDocument,
  context: InvoiceReadingContext,
): InvoiceFields | null {
  try {
    return readInvoice(document, context).fields;
  } catch (error) {
    if (error instanceof ExtractionError) return null;
    throw error;
  }
}

/** What the reading found, for readers that say more than the v1 fields (invoice facts v2). */
export interface InvoiceReading {
  fields: InvoiceFields;
  doc: PreparedDocument;
  total: ChosenTotal | null;
  /** The factor OCR text's confidences were scaled by (1 for a text layer). */
  discount: number;
}

export function readInvoice(
  document: ReadableDocument,
  context: InvoiceReadingContext,
): InvoiceReading {
  const doc = prepareDocument({
    pages: document.pages,
    layout: document.layout,
    ocr: document.ocr,
  });
  const lines = logicalLines(document.pages);
  const currency = doc.currency?.code ?? null;
  const items = lineItems(lines, currency ?? context.currency);
  const itemsSum = items.reduce((sum, read) => sum + read.item.amount_minor, 0);
  const amounts = readAmounts(doc, items.length > 0 ? itemsSum : null);
  // Bill lines read without a printed total say more than the largest amount on the page.
  const total = amounts.unlabelled && items.length > 0 ? null : amounts.total;
  refuseNonInvoices(document, doc, {
    amount: total !== null || items.length > 0,
    evidence:
      !amounts.unlabelled ||
      items.length > 0 ||
      // A currency printed on the page, not one inferred from the country.
      (doc.currency !== null && doc.currency.evidence > 0) ||
      hasLabels(doc),
  });

  const taxRead = total?.tax
    ? { amount_minor: total.tax.minor, page: total.tax.page, confidence: 0.9 }
    : impliedTax(
        lines,
        currency ?? context.currency,
        total?.minor ?? itemsSum,
        total?.net?.minor ?? null,
      );
  const totalMinor = total?.minor ?? itemsSum + (taxRead?.amount_minor ?? 0);
  const discount = document.ocr ? OCR_DISCOUNT : 1;
  const scaled = <T>(read: ExtractedField<T>): ExtractedField<T> => ({
    ...read,
    confidence: Math.round(read.confidence * discount * 100) / 100,
  });
  const read = <T>(found: { value: T; confidence: number; page: number } | null) =>
    scaled(field(found?.value ?? null, found?.confidence ?? 0, found?.page ?? null));
  const category = readCategory(document.pages.join('\n'));
  // Only when printed: most documents belong to no booking.
  const booking = readBookingReference(doc);
  const fields: InvoiceFields = {
    vendor: scaled(chooseVendor(doc, lines)),
    invoice_number: read(readDocumentNumber(doc)),
    ...(booking ? { booking_reference: read(booking) } : {}),
    date: read(readIssueDate(doc)),
    currency: scaled(field(currency, 0.95 * (doc.currency?.certainty ?? 0), null)),
    category: scaled(field(category.value, category.confidence, 1)),
    person_name: scaled(readPerson(lines)),
    line_items: items.map((line) => line.item),
    subtotal_minor: scaled(field(total?.net?.minor ?? null, 0.9, total?.net?.page ?? null)),
    tax_minor: scaled(
      field(taxRead?.amount_minor ?? null, taxRead?.confidence ?? 0, taxRead?.page ?? null),
    ),
    total_minor: scaled(
      field(totalMinor, total?.confidence ?? 0.5, total?.page ?? items[0]?.page ?? null),
    ),
    extracted_by: 'offline',
  };
  // A currency the page does not print, or one read over evidence that disagrees, is left for a
  // person to confirm.
  const currencyNote = currencyReadingNote(doc.currency);
  if (currencyNote) fields.reading_notes = [currencyNote];
  return { fields, doc, total, discount };
}

/** Quote, estimate or order confirmation titles: documents that ask for no payment. */
function quoteTitle(doc: PreparedDocument): string | null {
  for (const [index, labels] of doc.labels.entries()) {
    const row = doc.rows[index];
    if (row?.page !== 1 || index > 12) break;
    // A title heads its own cell: on a positioned page "DEVIS" may share a row with the seller.
    for (const quote of labels.filter((label) => label.role === 'quote')) {
      const cell = row.cells.find((c) => quote.start >= c.start && quote.start < c.end);
      const text = cell ? row.text.slice(cell.start, cell.end) : row.text;
      const offset = quote.start - (cell?.start ?? 0);
      if (fold(text).text.split(' ').length <= 4 && offset <= 2) return quote.phrase;
    }
  }
  return null;
}

/**
 * A strong document-number label that is not the quote's own ("Devis n°", "Angebot Nr.", "Quote
 * no."): the number a quote prints is not an invoice's.
 */
function invoiceNumberLabel(labels: readonly LabelMatch[]): boolean {
  return labels.some(
    (label) =>
      label.role === 'number' &&
      !label.weak &&
      !labels.some(
        (quote) =>
          quote.role === 'quote' && quote.end <= label.start && label.start - quote.end <= 2,
      ),
  );
}

/** Any invoice label at all (number, date, tax…): the document speaks a language read here. */
function hasLabels(doc: PreparedDocument): boolean {
  return doc.labels.some((labels) =>
    labels.some((label) => !label.weak && ['number', 'date', 'tax', 'net'].includes(label.role)),
  );
}

function refuseNonInvoices(
  document: DocumentText,
  doc: PreparedDocument,
  found: { amount: boolean; evidence: boolean },
): void {
  const quote = quoteTitle(doc);
  if (quote && !doc.labels.some(invoiceNumberLabel))
    throw new ExtractionError(
      'not_an_invoice',
      `${document.name}: it is titled "${quote}", a document that asks for no payment, not an invoice or receipt.`,
    );
  // A page of prices with no invoice label, no currency and no bill lines is not a bill.
  if (!found.amount || !found.evidence) {
    throw new ExtractionError(
      'not_an_invoice',
      `${document.name}: no total or amount found, so this does not read as an invoice or receipt.`,
    );
  }
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

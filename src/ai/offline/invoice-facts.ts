/**
 * The offline reader's invoice facts v2: the v1 fields it reads (migrated the same pure way as
 * stored records), plus what the v2 contract adds and the reading already knows: the amount still
 * due after deposits, the tax total of each rate, the seller's tax id, the printed time, and a
 * negative total's kind (a credit). Nothing is computed from other facts: absent stays absent.
 */
import { absent, type Fact, type InvoiceFacts, type TaxTotal } from '../../domain/facts.js';
import { factsFromV1 } from '../../domain/facts-v1.js';
import { factsFromEInvoice } from './einvoice/facts.js';
import { fieldsFromEInvoice } from './einvoice/fields.js';
import {
  type InvoiceReadingContext,
  pageReading,
  type ReadableDocument,
  readInvoice,
} from './invoice-extractor.js';
import { readBillLines } from './reading/bill-lines.js';
import { readCategory } from './reading/categories.js';
import type { PreparedDocument } from './reading/document.js';
import { readExchange } from './reading/exchange.js';
import { lineKindOf } from './reading/line-kinds.js';
import { type AmountToken, signed, toMinor } from './reading/numbers.js';
import { readAttendees, readMealType, readPersons } from './reading/party.js';
import { readBillingPeriod } from './reading/periods.js';
import { readCity, readNights, readStayDates } from './reading/stays.js';
import { modeOf, readTravelClass } from './reading/travel.js';

export function extractInvoiceFacts(
  document: ReadableDocument,
  context: InvoiceReadingContext,
): InvoiceFacts {
  if (document.einvoice) {
    const fields = fieldsFromEInvoice(document.einvoice, pageReading(document, context));
    return factsFromEInvoice(document.einvoice, fields);
  }
  const { fields, doc, total, discount } = readInvoice(document, context);
  const scale = (confidence: number): number => Math.round(confidence * discount * 100) / 100;
  const due = total?.due;
  const read = factsFromV1(fields);
  const exchange = readExchange(doc, read.currency.value, read.total_minor.value);
  const v1 = exchange.total
    ? { ...read, total_minor: fact(exchange.total.minor, scale(0.6), exchange.total.page) }
    : read;
  const summary = summaryTotals(doc, v1);
  const taxes = taxRows(doc).map((row) => ({ ...row, confidence: scale(row.confidence) }));
  const category = categoryOf(doc, v1.category, scale);
  const { lines, inlineTax } = billLines(doc, v1, category.value, scale);
  const stay = readStayDates(doc);
  const mode = modeOf(category.value);
  return {
    ...v1,
    ...(summary && {
      net_minor: fact(summary.net, scale(0.85), summary.page),
      tax_minor: fact(summary.tax, scale(0.85), summary.page),
    }),
    ...(summary?.rate_bp && taxes.length === 0
      ? {
          taxes: [
            {
              rate_bp: summary.rate_bp,
              net_minor: summary.net,
              tax_minor: summary.tax,
              gross_minor: summary.net + summary.tax,
              confidence: scale(0.8),
              page: summary.page,
            },
          ],
        }
      : { taxes }),
    ...(inlineTax !== null && { tax_minor: fact(inlineTax, scale(0.8), v1.tax_minor.page) }),
    exchange_rate: scaled(exchange.rate, scale),
    converted_total: scaled(exchange.converted, scale),
    category,
    lines,
    nights: scaled(readNights(doc), scale),
    check_in: scaled(stay.in, scale),
    check_out: scaled(stay.out, scale),
    travel_class: scaled(readTravelClass(doc, category.value), scale),
    route: mode
      ? fact({ origin: null, destination: null, mode }, category.confidence, category.page)
      : absent(),
    persons: scaled(readPersons(doc), scale),
    attendees: scaled(readAttendees(doc), scale),
    meal_type: scaled(readMealType(doc), scale),
    city: scaled(readCity(doc), scale),
    billing_period: scaled(readBillingPeriod(doc), scale),
    document_kind: documentKind(fields.total_minor.value, scale, fields.total_minor.page),
    seller_tax_id: sellerTaxId(doc, scale),
    amount_due_minor: due ? fact(due.minor, scale(0.85), due.page) : absent(),
    printed_time: printedTime(doc, scale),
  };
}

function fact<T>(value: T, confidence: number, page: number | null): Fact<T> {
  return { value, confidence, page };
}

/**
 * A tax summary's total row ("Total 536.00 107.20 643.20"): net and tax that add up to the total
 * read, when the net and tax read beside it do not (they were one category's row of the table).
 */
function summaryTotals(
  doc: PreparedDocument,
  v1: InvoiceFacts,
): { net: number; tax: number; page: number; rate_bp: number | null } | null {
  const total = v1.total_minor.value;
  if (total === null) return null;
  if (v1.net_minor.value !== null && v1.tax_minor.value !== null)
    if (v1.net_minor.value + v1.tax_minor.value === total) return null;
  for (const [index, labels] of doc.labels.entries()) {
    if (!labels.some((label) => label.role === 'total')) continue;
    const values = (doc.amounts[index] ?? []).map(signed);
    if (values.length !== 3) continue;
    const [net, tax, gross] = values as [number, number, number];
    if (gross === total && net + tax === gross && tax > 0)
      return { net, tax, page: doc.rows[index]?.page ?? 1, rate_bp: headerRate(doc, index) };
  }
  return null;
}

/** The one rate printed in the header of the table a row closes ("Net £  VAT 20% £  Gross £"). */
function headerRate(doc: PreparedDocument, index: number): number | null {
  for (let at = index - 1; at >= Math.max(0, index - 8); at -= 1) {
    if (!(doc.labels[at] ?? []).some((label) => label.role === 'tax')) continue;
    const rates = doc.rates[at] ?? [];
    if ((doc.amounts[at] ?? []).length > 0 || rates.length !== 1) return null;
    return basisPoints(rates[0] as AmountToken);
  }
  return null;
}

function scaled<T>(read: Fact<T>, scale: (c: number) => number): Fact<T> {
  return read.value === null ? read : { ...read, confidence: scale(read.confidence) };
}

/**
 * The category by the general lexicon; the v1 reading stays when the lexicon finds nothing or
 * is less sure of what it found.
 */
function categoryOf(
  doc: PreparedDocument,
  v1: Fact<string>,
  scale: (c: number) => number,
): Fact<string> {
  const read = readCategory(doc.text);
  if (!read) return v1;
  const v1Known = v1.value !== null && v1.value !== 'other';
  if (v1Known && read.confidence < v1.confidence && !read.value.startsWith(`${v1.value}.`))
    return v1;
  return fact(read.value, scale(read.confidence), 1);
}

/**
 * Lines read by structure when they add up to a printed amount; else the v1 reader's lines with
 * their kinds named by the lexicon; else the structural lines at their low confidence.
 */
function billLines(
  doc: PreparedDocument,
  v1: InvoiceFacts,
  category: string | null,
  scale: (c: number) => number,
): { lines: InvoiceFacts['lines']; inlineTax: number | null } {
  const context = { category };
  const read = readBillLines(
    doc,
    { total: v1.total_minor.value, net: v1.net_minor.value, tax: v1.tax_minor.value },
    context,
  );
  const chosen =
    read.consistent || v1.lines.length === 0
      ? read.lines
      : v1.lines.map((line) => {
          const kind = lineKindOf(line.description, line.net_minor ?? 0, context);
          const keep =
            line.kind === 'alcohol' || line.kind === 'tobacco' || line.kind === 'discount';
          return { ...line, kind: keep ? line.kind : kind.kind };
        });
  return {
    lines: chosen.map((line) => ({ ...line, confidence: scale(line.confidence) })),
    inlineTax: read.consistent ? read.inline_tax : null,
  };
}

/** A rate printed as a percentage, in basis points ("19 %" → 1900, "5,5%" → 550). */
function basisPoints(token: AmountToken): number | null {
  return toMinor(token.digits, { decimal: null, minorDigits: 2 })?.minor ?? null;
}

/**
 * Tax rows: a tax label with its rate on the row and one or two amounts (tax, or base and tax),
 * each rate once. A row naming no rate is not a rate's row.
 */
export function taxRows(doc: PreparedDocument): TaxTotal[] {
  const rows = new Map<number, TaxTotal>();
  doc.labels.forEach((labels, index) => {
    if (!labels.some((label) => label.role === 'tax')) return;
    const rate = doc.rates[index]?.[0];
    const amounts = (doc.amounts[index] ?? []).filter(
      (token) => token.decimals > 0 || token.mark !== null || doc.minorDigits === 0,
    );
    const bp = rate ? basisPoints(rate) : null;
    if (bp === null || amounts.length === 0 || amounts.length > 3 || rows.has(bp)) return;
    const tax = amounts[amounts.length - 1] as AmountToken;
    // Base and tax, or base, tax and gross: the largest is gross only when it is their sum.
    const values = amounts.map(signed);
    const [base, taxValue, gross] =
      values.length === 3
        ? [values[0] ?? null, values[1] ?? 0, values[2] ?? null]
        : values.length === 2
          ? [values[0] ?? null, values[1] ?? 0, null]
          : [null, signed(tax), null];
    const consistent = gross === null || base === null || base + taxValue === gross;
    rows.set(bp, {
      rate_bp: bp,
      net_minor: consistent ? base : null,
      tax_minor: taxValue,
      gross_minor: consistent ? gross : null,
      confidence: consistent ? 0.85 : 0.5,
      page: doc.rows[index]?.page ?? null,
    });
  });
  return [...rows.values()];
}

/** A VAT / tax id printed under a tax-id label, above any buyer's (the seller prints first). */
function sellerTaxId(doc: PreparedDocument, scale: (c: number) => number): Fact<string> {
  for (const [index, labels] of doc.labels.entries()) {
    const label = labels.find((match) => match.role === 'tax_id');
    const row = doc.rows[index];
    if (!label || !row) continue;
    const id = /[A-Z]{0,3}[\s-]?[0-9A-Z][0-9A-Z .-]{6,20}[0-9A-Z]/.exec(row.text.slice(label.end));
    const value = id?.[0].replace(/\s+/g, ' ').trim();
    if (value && /\d{5}/.test(value.replace(/\D/g, ''))) return fact(value, scale(0.8), row.page);
  }
  return absent();
}

function printedTime(doc: PreparedDocument, scale: (c: number) => number): Fact<string> {
  for (const row of doc.rows) {
    const match = /(?<![\d:.])([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?(?![\d:])/.exec(row.text);
    if (match) return fact(`${match[1]?.padStart(2, '0')}:${match[2]}`, scale(0.7), row.page);
  }
  return absent();
}

/** A negative total is a credit (a correction or a credit note); otherwise the kind is unread. */
function documentKind(
  total: number | null,
  scale: (c: number) => number,
  page: number | null,
): InvoiceFacts['document_kind'] {
  return total !== null && total < 0 ? fact('credit_note', scale(0.6), page) : absent();
}

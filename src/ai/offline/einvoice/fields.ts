/**
 * An e-invoice's XML as the reader's fields: exact amounts, dates, number and seller from the XML,
 * compared with what the page says. Where the page's own reading disagrees with the XML about the
 * amount, the XML is kept (it is the invoice in e-invoicing law) but its confidence is lowered and
 * the invoice is flagged amount_inconsistent with both amounts, so a person looks: the
 * disagreement is shown, never hidden.
 */
import { formatMoney, minorDigits } from '../../../domain/money.js';
import type {
  ExtractedField,
  InvoiceFields,
  LineItem,
  ReadingNote,
} from '../../../domain/types.js';
import type { EInvoice } from './types.js';

/** Values stated in a structured XML element: as sure as reading gets. */
const XML_CONFIDENCE = 0.99;
/** The page's reading of the total disagrees with the XML. */
const DISPUTED_CONFIDENCE = 0.5;

function stated<T>(value: T | null, confidence = XML_CONFIDENCE): ExtractedField<T> {
  return { value, confidence: value === null ? 0 : confidence, page: value === null ? null : 1 };
}

/** How sure the page's own reading of a total must be to dispute the XML with it. */
const PAGE_CONFIDENCE = 0.7;

/**
 * The total the page prints when it is neither the XML's total nor what is due, whichever sign
 * the page prints a credit with; null when they agree or the page read none it is sure of. Amounts
 * are exact minor units on both sides, so the only rounding is a page printing whole units
 * ("Total 90 €" for 90.41), which is no disagreement.
 */
export function pageDisagreement(
  einvoice: EInvoice,
  page: InvoiceFields | null,
): { page_minor: number; xml_minor: number } | null {
  const read = page?.total_minor;
  const xml = einvoice.total_minor ?? einvoice.due_minor;
  if (!read || read.value === null || read.confidence < PAGE_CONFIDENCE || xml === null)
    return null;
  const printed = Math.abs(read.value);
  const unit = 10 ** minorDigits(einvoice.currency ?? 'XXX');
  const agrees = (amount: number | null) =>
    amount !== null &&
    (Math.abs(amount) === printed ||
      (unit > 1 && printed % unit === 0 && Math.abs(Math.abs(amount) - printed) * 2 < unit));
  if (agrees(einvoice.total_minor) || agrees(einvoice.due_minor)) return null;
  return { page_minor: read.value, xml_minor: xml };
}

/** The review note of a page and XML that disagree, with both amounts. */
function disagreementNote(
  einvoice: EInvoice,
  amounts: { page_minor: number; xml_minor: number },
): ReadingNote {
  const currency = einvoice.currency ?? 'XXX';
  const money = (minor: number) => formatMoney({ amount_minor: minor, currency });
  return {
    flag: 'amount_inconsistent',
    note: `the e-invoice XML embedded in the document states a total of ${money(amounts.xml_minor)} but its page prints ${money(amounts.page_minor)}; the XML's amount is kept`,
  };
}

function lineItems(einvoice: EInvoice): LineItem[] {
  return einvoice.lines.flatMap((line) =>
    line.net_minor === null
      ? []
      : [
          {
            description: line.description,
            amount_minor: line.net_minor,
            quantity: line.quantity,
            alcohol: false,
            tobacco: false,
          },
        ],
  );
}

/**
 * Fields from the XML. The page's reading (when there is one) gives what XML does not state:
 * the category, and the person named; and it is the check of the amount.
 */
export function fieldsFromEInvoice(einvoice: EInvoice, page: InvoiceFields | null): InvoiceFields {
  const total = einvoice.total_minor ?? einvoice.due_minor;
  const disagreement = pageDisagreement(einvoice, page);
  const lines = lineItems(einvoice);
  // Line items only when they make the net the XML states (allowances and charges may not).
  const linesSum = lines.reduce((sum, line) => sum + line.amount_minor, 0);
  return {
    vendor: stated(einvoice.seller.name),
    invoice_number: stated(einvoice.number),
    date: stated(einvoice.issue_date),
    currency: stated(einvoice.currency),
    category: page?.category ?? { value: 'other', confidence: 0.3, page: null },
    person_name: page?.person_name ?? stated<string>(null),
    line_items: linesSum === einvoice.net_minor ? lines : [],
    subtotal_minor: stated(einvoice.net_minor),
    tax_minor: stated(einvoice.tax_minor),
    total_minor: stated(total, disagreement ? DISPUTED_CONFIDENCE : XML_CONFIDENCE),
    extracted_by: 'offline',
    ...(disagreement ? { reading_notes: [disagreementNote(einvoice, disagreement)] } : {}),
  };
}

/**
 * The XML as readable text, for an e-invoice uploaded as a bare XML file: what a person (and the
 * checks that look for the total in the text) would see on its page.
 */
export function einvoiceText(einvoice: EInvoice): string {
  const currency = einvoice.currency ?? 'XXX';
  const money = (minor: number | null) =>
    minor === null ? '' : formatMoney({ amount_minor: minor, currency }, { symbol: false });
  const rows = [
    `${einvoice.type_code === '381' ? 'Credit note' : 'Invoice'} ${einvoice.number ?? ''}`.trim(),
    `Date: ${einvoice.issue_date ?? ''}`,
    `Seller: ${einvoice.seller.name ?? ''}`,
    einvoice.seller.tax_id ? `VAT ID: ${einvoice.seller.tax_id}` : '',
    `Buyer: ${einvoice.buyer.name ?? ''}`,
    ...einvoice.lines.map((line) =>
      `${line.quantity ?? ''} ${line.description}  ${money(line.net_minor)}`.trim(),
    ),
    `Net: ${money(einvoice.net_minor)}`,
    `Tax: ${money(einvoice.tax_minor)}`,
    `Total: ${money(einvoice.total_minor)}`,
    einvoice.due_minor !== null && einvoice.due_minor !== einvoice.total_minor
      ? `Amount due: ${money(einvoice.due_minor)}`
      : '',
  ];
  return rows.filter((row) => row !== '').join('\n');
}

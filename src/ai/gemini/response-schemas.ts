/**
 * The shape Gemini answers an invoice in (responseJsonSchema). Deliberately model-friendly rather
 * than our record shape: amounts as the decimal printed on the page in major units (a model copies
 * "1100.40" reliably; multiplying by 100 is where it slips), one {value, confidence, page} object
 * per field. invoice-fields.ts turns it into InvoiceFields exactly. No additionalProperties:
 * Gemini rejects it.
 */
import type { Category } from '../../domain/types.js';

/** What invoice-fields.ts receives; every part is checked again there, the model is not trusted. */
export interface InvoiceAnswer {
  is_invoice: boolean;
  not_invoice_reason: string | null;
  vendor: AnswerField<string>;
  invoice_number: AnswerField<string>;
  /** Absent in answers to schemas sent before it was asked for (cached replays, old fakes). */
  booking_reference?: AnswerField<string>;
  date: AnswerField<string>;
  currency: AnswerField<string>;
  category: AnswerField<string>;
  person_name: AnswerField<string>;
  line_items: AnswerLine[];
  subtotal: AnswerField<string | number>;
  tax: AnswerField<string | number>;
  total: AnswerField<string | number>;
  /** The model's own doubts. Absent in answers to schemas sent before it was asked for. */
  reading_notes?: AnswerNote[];
}

/**
 * The doubts a model may raise, in words it understands; invoice-fields.ts maps each onto the
 * flag the domain knows (ReadingFlag). An enum, so the model cannot invent a kind.
 */
export const ANSWER_NOTE_KINDS = [
  'currency_inferred',
  'amounts_do_not_add_up',
  'unreadable',
] as const;
export type AnswerNoteKind = (typeof ANSWER_NOTE_KINDS)[number];

export interface AnswerNote {
  kind: string;
  note: string;
}

/** Most doubts asked for: a reviewer reads them all, and a long list is noise. */
export const MAX_ANSWER_NOTES = 5;

export interface AnswerField<T> {
  value: T | null;
  confidence: number;
  page: number | null;
}

export interface AnswerLine {
  description: string;
  amount: string | number;
  quantity: number | null;
  alcohol: boolean;
  tobacco: boolean;
}

const AMOUNT_FORMAT =
  'Decimal in major units exactly as printed, digits and one dot only, no symbol or separators: "1100.40", "88", "2000.00".';

function field(value: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      value,
      confidence: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        description: 'How sure you are of the value, 0..1. Below 0.5 when guessed or hard to read.',
      },
      page: {
        type: ['integer', 'null'],
        minimum: 1,
        description: '1-based page the value was read on; null when unknown.',
      },
    },
    required: ['value', 'confidence', 'page'],
  };
}

const nullableString = (description: string) => ({ type: ['string', 'null'], description });

export function invoiceAnswerSchema(categories: readonly Category[]): Record<string, unknown> {
  const properties = {
    is_invoice: {
      type: 'boolean',
      description: 'false when the document is not an invoice, bill, receipt or ticket.',
    },
    not_invoice_reason: nullableString('When is_invoice is false: what the document is instead.'),
    vendor: field(nullableString('Business that issued the invoice.')),
    invoice_number: field(
      nullableString('Invoice, bill, receipt or ticket number / PNR, as printed.'),
    ),
    booking_reference: field(
      nullableString(
        'The booking this document belongs to, printed beside its own number: booking or reservation reference, PNR, dossier or order number that the ticket and the invoice of one purchase both print. Not the invoice number itself; null when the document prints none.',
      ),
    ),
    date: field(
      nullableString(
        'Date of the expense as YYYY-MM-DD. Indian invoices print the day first: 03/12/2024 is 2024-12-03.',
      ),
    ),
    currency: field(nullableString('ISO 4217 code: ₹ and Rs are INR.')),
    category: field({
      anyOf: [{ type: 'string', enum: [...categories] }, { type: 'null' }],
      description: 'The expense category that fits best.',
    }),
    person_name: field(
      nullableString('Person named on the invoice: passenger, guest or customer; null when none.'),
    ),
    line_items: {
      type: 'array',
      description: 'Every purchased line, in order. Not tax, subtotal or total lines.',
      items: {
        type: 'object',
        properties: {
          description: { type: 'string' },
          amount: { type: 'string', description: `Line total before tax. ${AMOUNT_FORMAT}` },
          quantity: { type: ['number', 'null'] },
          alcohol: {
            type: 'boolean',
            description: 'true for beer, wine, spirits, cocktails and other alcoholic drinks.',
          },
          tobacco: {
            type: 'boolean',
            description: 'true for cigarettes, cigars, hookah and other tobacco.',
          },
        },
        required: ['description', 'amount', 'quantity', 'alcohol', 'tobacco'],
      },
    },
    subtotal: field(nullableString(`Total before tax. ${AMOUNT_FORMAT}`)),
    tax: field(nullableString(`All taxes together (GST, CGST + SGST, VAT). ${AMOUNT_FORMAT}`)),
    total: field(nullableString(`Grand total payable. ${AMOUNT_FORMAT}`)),
    // Last, after the fields: a doubt is about what was just read.
    reading_notes: {
      type: 'array',
      maxItems: MAX_ANSWER_NOTES,
      description:
        'Your doubts about this reading, for a person to check; empty when there are none. Only what the document shows, never a guess at what it should say.',
      items: {
        type: 'object',
        properties: {
          kind: {
            type: 'string',
            enum: [...ANSWER_NOTE_KINDS],
            description:
              'currency_inferred: no currency is printed and you chose one from other evidence (country, language, tax id). amounts_do_not_add_up: the printed lines, tax and total disagree. unreadable: part of the document that matters (an amount, the date, a page) is cut off, blurred or illegible.',
          },
          note: {
            type: 'string',
            description:
              'One short sentence with the evidence: what is printed, what disagrees or what could not be read. At most 200 characters.',
          },
        },
        required: ['kind', 'note'],
      },
    },
  };
  // Every property is required: a field the model cannot read is null, never left out.
  return { type: 'object', properties, required: Object.keys(properties) };
}

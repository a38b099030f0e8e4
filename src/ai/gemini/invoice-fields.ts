/**
 * Gemini's invoice answer → InvoiceFields. The answer is checked field by field: a value that is
 * not what the schema promised becomes null with confidence 0 (flagged for review downstream),
 * and amounts become minor units by decimal string arithmetic, never through a float product.
 */
import { minorDigits, parseAmount } from '../../domain/money.js';
import { isIsoDate, parseDate } from '../../domain/text.js';
import type {
  Category,
  ExtractedField,
  InvoiceFields,
  LineItem,
  ReadingFlag,
  ReadingNote,
} from '../../domain/types.js';
import { ModelOutputError } from './errors.js';
import { type AnswerNoteKind, type InvoiceAnswer, MAX_ANSWER_NOTES } from './response-schemas.js';

export interface MappingContext {
  categories: readonly Category[];
  /** Used for amounts when the invoice names no currency. */
  currency: string;
  page_count: number;
}

/** Confidence kept for a value we had to reinterpret (a date not in ISO form). */
const REINTERPRETED_CONFIDENCE = 0.5;

export function isInvoiceAnswer(raw: unknown): raw is InvoiceAnswer {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    typeof (raw as { is_invoice?: unknown }).is_invoice === 'boolean'
  );
}

export function toInvoiceFields(raw: unknown, context: MappingContext): InvoiceFields {
  if (!isInvoiceAnswer(raw))
    throw new ModelOutputError('The invoice answer does not have the requested shape.');
  const currency = readField(raw.currency, context, (value) =>
    typeof value === 'string' && /^[A-Za-z]{3}$/.test(value.trim())
      ? value.trim().toUpperCase()
      : null,
  );
  const amountCurrency = currency.value ?? context.currency;
  const amount = (value: unknown) => toMinorUnits(value, amountCurrency);
  // Kept only when read, as the offline reader does: most documents belong to no booking, and an
  // unread reference is no doubt about the invoice worth a review.
  const booking = readField(raw.booking_reference, context, text);
  const notes = readNotes(raw.reading_notes);
  return {
    vendor: readField(raw.vendor, context, text),
    invoice_number: readField(raw.invoice_number, context, text),
    ...(booking.value !== null ? { booking_reference: booking } : {}),
    date: readDate(raw.date, context),
    currency,
    category: readField(raw.category, context, (value) =>
      (context.categories as readonly unknown[]).includes(value) ? (value as Category) : null,
    ),
    person_name: readField(raw.person_name, context, text),
    line_items: Array.isArray(raw.line_items)
      ? raw.line_items.flatMap((line) => readLine(line, amountCurrency))
      : [],
    subtotal_minor: readField(raw.subtotal, context, amount),
    tax_minor: readField(raw.tax, context, amount),
    total_minor: readField(raw.total, context, amount),
    extracted_by: 'gemini',
    ...(notes.length > 0 ? { reading_notes: notes } : {}),
  };
}

/** Each kind of doubt the schema offers, as the flag the decision carries for it. */
const NOTE_FLAGS: Readonly<Record<AnswerNoteKind, ReadingFlag>> = {
  currency_inferred: 'currency_inferred',
  amounts_do_not_add_up: 'amount_inconsistent',
  unreadable: 'low_confidence',
};
/** Longest note kept: the schema asks for 200 characters, a model may not keep to it. */
const MAX_NOTE_CHARS = 240;

/**
 * The model's doubts as reading notes. Whatever the array holds, the invoice is still read: an
 * entry without words is dropped (nothing to show a reviewer), and a kind outside the enum is
 * still a doubt the model raised, so it is kept as low_confidence rather than lost.
 */
export function readNotes(raw: unknown): ReadingNote[] {
  if (!Array.isArray(raw)) return [];
  const notes: ReadingNote[] = [];
  for (const entry of raw) {
    if (notes.length === MAX_ANSWER_NOTES) break;
    if (typeof entry !== 'object' || entry === null) continue;
    const { kind, note } = entry as { kind?: unknown; note?: unknown };
    const words = typeof note === 'string' ? note.replace(/\s+/g, ' ').trim() : '';
    if (words === '') continue;
    const flag = Object.hasOwn(NOTE_FLAGS, kind as string)
      ? NOTE_FLAGS[kind as AnswerNoteKind]
      : 'low_confidence';
    const clipped =
      words.length > MAX_NOTE_CHARS ? `${words.slice(0, MAX_NOTE_CHARS - 1)}…` : words;
    notes.push({ flag, note: `the model notes: ${clipped}` });
  }
  return notes;
}

/**
 * "1100.40" → 110040 for INR; numbers are read through their shortest decimal form (1100.4 →
 * "1100.4"), which is exactly what the model wrote. Printed forms ("₹1,100.40") go through the
 * domain parser. A value with more decimals than the currency has is refused, not rounded.
 */
export function toMinorUnits(value: unknown, currency: string): number | null {
  const decimal =
    typeof value === 'number'
      ? Number.isFinite(value)
        ? String(value)
        : ''
      : typeof value === 'string'
        ? value.trim()
        : '';
  const digits = minorDigits(currency);
  const plain = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!plain) return decimal === '' ? null : (parseAmount(decimal, currency)?.amount_minor ?? null);
  const [, sign = '', units = '', fraction = ''] = plain;
  if (fraction.length > digits && !/^0*$/.test(fraction.slice(digits))) return null;
  const minor =
    Number(units) * 10 ** digits + Number(fraction.slice(0, digits).padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return null;
  return sign === '-' ? -minor : minor;
}

function readField<T>(
  raw: unknown,
  context: MappingContext,
  convert: (value: unknown) => T | null,
): ExtractedField<T> {
  const field = (typeof raw === 'object' && raw !== null ? raw : {}) as {
    value?: unknown;
    confidence?: unknown;
    page?: unknown;
  };
  const value = field.value === null || field.value === undefined ? null : convert(field.value);
  const confidence =
    typeof field.confidence === 'number' && Number.isFinite(field.confidence)
      ? Math.min(1, Math.max(0, field.confidence))
      : 0;
  const page =
    Number.isInteger(field.page) &&
    (field.page as number) >= 1 &&
    (field.page as number) <= context.page_count
      ? (field.page as number)
      : null;
  // A value that failed its check is unknown, however sure the model said it was.
  const rejected = value === null && field.value !== null && field.value !== undefined;
  return { value, confidence: rejected ? 0 : confidence, page };
}

function readDate(raw: unknown, context: MappingContext): ExtractedField<string> {
  const field = readField(raw, context, text);
  if (field.value === null || isIsoDate(field.value)) return field;
  const reinterpreted = parseDate(field.value);
  return reinterpreted
    ? {
        ...field,
        value: reinterpreted,
        confidence: Math.min(field.confidence, REINTERPRETED_CONFIDENCE),
      }
    : { ...field, value: null, confidence: 0 };
}

function readLine(raw: unknown, currency: string): LineItem[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const line = raw as Partial<Record<keyof LineItem | 'amount', unknown>>;
  const amount = toMinorUnits(line.amount, currency);
  const description = text(line.description);
  if (amount === null || description === null) return [];
  const quantity =
    typeof line.quantity === 'number' && Number.isFinite(line.quantity) && line.quantity > 0
      ? line.quantity
      : null;
  return [
    {
      description,
      amount_minor: amount,
      quantity,
      alcohol: line.alcohol === true,
      tobacco: line.tobacco === true,
    },
  ];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

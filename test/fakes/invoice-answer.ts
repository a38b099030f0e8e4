/**
 * The JSON the model answers an invoice extraction with, as the v2 schema asks for it: the
 * printed values a test gives, every other field null with no confidence.
 */
import { invoiceAnswerSchema } from '../../src/ai/gemini/response-schemas.js';
import type { ScriptedReply } from './gemini-server.js';

export interface PrintedInvoice {
  vendor?: string | null;
  invoice_number?: string | null;
  booking_reference?: string | null;
  date?: string | null;
  currency?: string | null;
  category?: string | null;
  person_name?: string | null;
  subtotal?: string | null;
  tax?: string | null;
  total?: string | null;
}

type Schema = { properties: Record<string, { properties?: Record<string, unknown> }> };

/** The schema's value-with-confidence fields, so the answer follows the schema as it grows. */
const FIELDS = Object.entries((invoiceAnswerSchema([]) as Schema).properties)
  .filter(([, property]) => property.properties?.value !== undefined)
  .map(([name]) => name as keyof PrintedInvoice);

export interface AnswerOptions {
  /** The confidence of every printed value (default 0.95). */
  confidence?: number;
  /** The model's doubts, as it would send them (default none; anything goes, to test parsing). */
  readingNotes?: unknown;
}

export function invoiceAnswer(printed: PrintedInvoice, options: AnswerOptions = {}): ScriptedReply {
  const confidence = options.confidence ?? 0.95;
  const fields = Object.fromEntries(
    FIELDS.map((name) => {
      const value = printed[name] ?? null;
      return [
        name,
        { value, confidence: value === null ? 0 : confidence, page: value === null ? null : 1 },
      ];
    }),
  );
  return {
    json: {
      is_invoice: true,
      not_invoice_reason: null,
      ...fields,
      line_items: [],
      reading_notes: options.readingNotes ?? [],
    },
  };
}

/**
 * Fields checked against the document they were read from. A reader (a model especially) can
 * report a total the document never prints; such a total is not trusted, and the lowered
 * confidence makes the decision carry low_confidence for a person to check.
 */
import { parseAmount } from './money.js';
import type { InvoiceFields } from './types.js';

const NUMBER_TOKEN = /\d[\d,.]*\d|\d/g;

/** True when the text prints this amount in any usual way ("1100.4", "1,100.40", "₹ 1100"). */
export function amountAppearsInText(amountMinor: number, currency: string, text: string): boolean {
  for (const match of text.matchAll(NUMBER_TOKEN)) {
    if (parseAmount(match[0], currency)?.amount_minor === amountMinor) return true;
  }
  return false;
}

/** Below any sensible low-confidence threshold: the value stays visible, the doubt is explicit. */
export const UNPRINTED_TOTAL_CONFIDENCE = 0.2;

/**
 * Lowers the confidence of a total that the document's text does not print. Documents without a
 * text layer (a photo read natively by a model) cannot be checked and are returned unchanged.
 */
export function checkFieldsAgainstText(
  fields: InvoiceFields,
  pages: readonly string[],
  currency: string,
): InvoiceFields {
  const text = pages.join('\n');
  const total = fields.total_minor.value;
  if (
    total === null ||
    !/\d/.test(text) ||
    amountAppearsInText(total, fields.currency.value ?? currency, text)
  )
    return fields;
  return {
    ...fields,
    total_minor: {
      ...fields.total_minor,
      confidence: Math.min(fields.total_minor.confidence, UNPRINTED_TOTAL_CONFIDENCE),
    },
  };
}

/**
 * Stored records keep the v1 invoice fields they were read with; this pure migration gives the
 * v2 engine the same invoice as facts v2. It adds nothing v1 did not read: every v2-only fact is
 * absent, and the only judgement made is the one the v1 engine made itself (a line is alcohol,
 * tobacco, a room night or a discount by the same words and signs), so decisions do not move.
 */
import { looksAlcoholic, looksTobacco } from './exclusions.js';
import {
  absent,
  emptyFacts,
  type Fact,
  type FactLine,
  type InvoiceFacts,
  type LineKind,
} from './facts.js';
import type { ExpenseCategory } from './taxonomy.js';
import type { Category, ExtractedField, InvoiceFields, LineItem } from './types.js';

export const V1_CATEGORY_TO_V2: Readonly<Record<Category, ExpenseCategory>> = {
  meal: 'meal',
  travel: 'travel',
  cab: 'taxi',
  accommodation: 'lodging',
  other: 'other',
};

/** The v1 category a v2 category falls under, for records and filters that still speak v1. */
export function v1CategoryOf(category: ExpenseCategory | null): Category {
  if (category === null) return 'other';
  for (const [v1, v2] of Object.entries(V1_CATEGORY_TO_V2) as Array<[Category, string]>) {
    if (category === v2 || category.startsWith(`${v2}.`)) return v1;
  }
  if (category.startsWith('travel.') || category === 'car_rental') return 'travel';
  return 'other';
}

// The words the v1 engine counted nights by; kept identical so per-night caps give the same units.
const V1_ROOM_WORDS = /\b(night|nights|room|rooms|stay|lodging|accommodation)\b/i;

function v1LineKind(line: LineItem): LineKind {
  if (line.alcohol || looksAlcoholic(line.description)) return 'alcohol';
  if (line.tobacco || looksTobacco(line.description)) return 'tobacco';
  if (line.amount_minor < 0) return 'discount';
  if (V1_ROOM_WORDS.test(line.description)) return 'room';
  return 'other';
}

function copy<T>(field: ExtractedField<T>): Fact<T> {
  return field.value === null ? absent() : { ...field };
}

/**
 * v1 lines carry no confidence of their own: they were read with the total, so they take its
 * confidence and page rather than a certainty nobody measured.
 */
function v1Line(line: LineItem, total: ExtractedField<number>): FactLine {
  return {
    description: line.description,
    kind: v1LineKind(line),
    quantity: line.quantity,
    unit_price_minor: null,
    // v1 line amounts were always before tax.
    net_minor: line.amount_minor,
    tax_minor: null,
    gross_minor: null,
    tax_rate_bp: null,
    date: null,
    confidence: total.confidence,
    page: total.page,
  };
}

export function factsFromV1(fields: InvoiceFields): InvoiceFacts {
  const category = fields.category;
  return {
    ...emptyFacts(fields.extracted_by),
    vendor: copy(fields.vendor),
    invoice_number: copy(fields.invoice_number),
    date: copy(fields.date),
    currency: copy(fields.currency),
    category:
      category.value === null
        ? absent()
        : {
            value: V1_CATEGORY_TO_V2[category.value],
            confidence: category.confidence,
            page: category.page,
          },
    person_name: copy(fields.person_name),
    lines: fields.line_items.map((line) => v1Line(line, fields.total_minor)),
    net_minor: copy(fields.subtotal_minor),
    tax_minor: copy(fields.tax_minor),
    total_minor: copy(fields.total_minor),
  };
}

/**
 * Invoice facts v2: THE CONTRACT between the readers (offline heuristics, Gemini structured
 * output, e-invoice XML) and the decision engine (rules v2). Readers write these facts and nothing
 * else; the engine reads these facts and never the document text, so a sentence printed on an
 * invoice can never instruct it.
 *
 * Conventions every reader must keep:
 * - Every fact is a `Fact<T>`: the value as printed (or null), a confidence 0..1 and the 1-based
 *   page it was read on. A value that is not printed stays null with confidence 0 and page null;
 *   it is never invented, defaulted or computed from another fact (the engine derives, readers do
 *   not). A line of a bill is read as a unit and carries one confidence and one page.
 * - Money is integer minor units in the invoice currency (`currency`), e.g. ¥5,800 → 5800,
 *   £12.50 → 1250, KWD 1.250 → 1250. Never a float.
 * - Tax rates are integer basis points (20% → 2000, 5.5% → 550, 8.1% → 810). Exchange rates are
 *   decimal strings as printed ("0.8543", "152.37"); arithmetic on them is exact (see decimal.ts).
 * - Dates are ISO "YYYY-MM-DD", times 24-hour "HH:MM", countries ISO 3166-1 alpha-2 ("GB").
 *
 * Pure: no I/O, imports only types.
 */

import type { ExpenseCategory } from './taxonomy.js';
import type { ExtractedField, Money } from './types.js';

export type { ExpenseCategory } from './taxonomy.js';

/** A value read from a document: value or null, how sure the reader is (0..1), 1-based page. */
export type Fact<T> = ExtractedField<T>;

/** Integer basis points: 1 bp = 0.01%, so 20% is 2000. */
export type BasisPoints = number;

/** An exact decimal as printed, with "." as the decimal mark and no grouping: "0.8543". */
export type DecimalString = string;

export type LineKind =
  | 'food'
  | 'beverage'
  | 'alcohol'
  | 'tobacco'
  | 'tip'
  | 'service_charge'
  | 'room'
  | 'room_tax'
  | 'tourist_tax'
  | 'fee'
  | 'minibar'
  | 'breakfast'
  | 'spa'
  | 'laundry'
  | 'fuel'
  | 'parking'
  | 'fare'
  | 'telecom'
  | 'goods'
  | 'fine'
  | 'discount'
  | 'deposit'
  | 'other';

export const LINE_KINDS: readonly LineKind[] = [
  'food',
  'beverage',
  'alcohol',
  'tobacco',
  'tip',
  'service_charge',
  'room',
  'room_tax',
  'tourist_tax',
  'fee',
  'minibar',
  'breakfast',
  'spa',
  'laundry',
  'fuel',
  'parking',
  'fare',
  'telecom',
  'goods',
  'fine',
  'discount',
  'deposit',
  'other',
];

/** Air classes, then rail classes (rail first/second are distinct from air first). */
export type TravelClass =
  | 'economy'
  | 'premium_economy'
  | 'business'
  | 'first'
  | 'rail_first'
  | 'rail_second';
export const TRAVEL_CLASSES: readonly TravelClass[] = [
  'economy',
  'premium_economy',
  'business',
  'first',
  'rail_first',
  'rail_second',
];

export type TransportMode = 'air' | 'rail' | 'bus' | 'taxi' | 'ferry' | 'car' | 'other';
export const TRANSPORT_MODES: readonly TransportMode[] = [
  'air',
  'rail',
  'bus',
  'taxi',
  'ferry',
  'car',
  'other',
];

export type MealType = 'breakfast' | 'lunch' | 'dinner';
export const MEAL_TYPES: readonly MealType[] = ['breakfast', 'lunch', 'dinner'];

export type DocumentKind =
  | 'invoice'
  | 'receipt'
  | 'hotel_folio'
  | 'ticket'
  | 'card_slip'
  | 'statement'
  | 'credit_note'
  | 'other';
export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'invoice',
  'receipt',
  'hotel_folio',
  'ticket',
  'card_slip',
  'statement',
  'credit_note',
  'other',
];

/** One printed line of the bill. Amounts the document does not print for the line stay null. */
export interface FactLine {
  description: string;
  kind: LineKind;
  /** Units as printed (nights, covers, litres); null when not printed. Not money: may be 42.5. */
  quantity: number | null;
  unit_price_minor: number | null;
  net_minor: number | null;
  tax_minor: number | null;
  gross_minor: number | null;
  tax_rate_bp: BasisPoints | null;
  /** ISO date printed on the line (hotel folios date each night); null when not printed. */
  date: string | null;
  confidence: number;
  page: number | null;
}

/** One row of the tax summary ("VAT 20%: net 150.00, tax 30.00"). */
export interface TaxTotal {
  rate_bp: BasisPoints | null;
  net_minor: number | null;
  tax_minor: number;
  gross_minor: number | null;
  confidence: number;
  page: number | null;
}

export interface Route {
  origin: string | null;
  destination: string | null;
  mode: TransportMode | null;
}

export interface BillingPeriod {
  /** ISO dates, inclusive. */
  start: string;
  end: string;
}

/** "1 USD = 0.7854 GBP": one `from` unit is worth `rate` units of `to`. */
export interface PrintedExchangeRate {
  from: string;
  to: string;
  rate: DecimalString;
}

export interface InvoiceFacts {
  facts_version: 2;
  document_kind: Fact<DocumentKind>;
  vendor: Fact<string>;
  /** VAT / GST / tax id of the seller as printed. */
  seller_tax_id: Fact<string>;
  /** Invoice, bill or ticket number / PNR. */
  invoice_number: Fact<string>;
  date: Fact<string>;
  /** ISO 4217 code of every amount below, from a symbol or code on the page; null if none. */
  currency: Fact<string>;
  category: Fact<ExpenseCategory>;
  /** Person named on the invoice (passenger, guest, customer). */
  person_name: Fact<string>;
  lines: FactLine[];
  /**
   * Totals as printed: before tax, tax, the total charged by this document, and what was still
   * due after deposits. On a statement (phone bill) the total is the current charges: previous
   * balances and payments received are not charges of this document.
   */
  net_minor: Fact<number>;
  tax_minor: Fact<number>;
  total_minor: Fact<number>;
  amount_due_minor: Fact<number>;
  taxes: TaxTotal[];
  nights: Fact<number>;
  /** Price of one night as printed (with or without tax, as the folio prints it). */
  room_rate_minor: Fact<number>;
  check_in: Fact<string>;
  check_out: Fact<string>;
  travel_class: Fact<TravelClass>;
  route: Fact<Route>;
  /** Persons or covers served. */
  persons: Fact<number>;
  /** Time printed on the receipt, "HH:MM" (24 h). */
  printed_time: Fact<string>;
  /** Meal named in words on the document ("Dinner", "Mittagessen"); the engine also uses the time. */
  meal_type: Fact<MealType>;
  city: Fact<string>;
  country: Fact<string>;
  billing_period: Fact<BillingPeriod>;
  exchange_rate: Fact<PrintedExchangeRate>;
  /** The amount converted on the document itself (card slip: "GBP 78.54"), with its currency. */
  converted_total: Fact<Money>;
  /** Names of the attendees as listed; null when none are listed. */
  attendees: Fact<string[]>;
  extracted_by: 'offline' | 'gemini' | 'e_invoice';
}

/** A fact that was not printed. */
export function absent<T>(): Fact<T> {
  return { value: null, confidence: 0, page: null };
}

/** A fact read with a confidence on a page. */
export function fact<T>(value: T, confidence: number, page: number | null = null): Fact<T> {
  return { value, confidence, page };
}

/** Facts with nothing read: every reader starts here and fills in what the document prints. */
export function emptyFacts(extractedBy: InvoiceFacts['extracted_by']): InvoiceFacts {
  return {
    facts_version: 2,
    document_kind: absent(),
    vendor: absent(),
    seller_tax_id: absent(),
    invoice_number: absent(),
    date: absent(),
    currency: absent(),
    category: absent(),
    person_name: absent(),
    lines: [],
    net_minor: absent(),
    tax_minor: absent(),
    total_minor: absent(),
    amount_due_minor: absent(),
    taxes: [],
    nights: absent(),
    room_rate_minor: absent(),
    check_in: absent(),
    check_out: absent(),
    travel_class: absent(),
    route: absent(),
    persons: absent(),
    printed_time: absent(),
    meal_type: absent(),
    city: absent(),
    country: absent(),
    billing_period: absent(),
    exchange_rate: absent(),
    converted_total: absent(),
    attendees: absent(),
    extracted_by: extractedBy,
  };
}

/** A printed line with the amounts the document gives; the rest stay null. */
export function factLine(
  description: string,
  kind: LineKind,
  amounts: Partial<Omit<FactLine, 'description' | 'kind'>> = {},
): FactLine {
  return {
    description,
    kind,
    quantity: null,
    unit_price_minor: null,
    net_minor: null,
    tax_minor: null,
    gross_minor: null,
    tax_rate_bp: null,
    date: null,
    confidence: 1,
    page: null,
    ...amounts,
  };
}

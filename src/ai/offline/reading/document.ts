/**
 * A document prepared for reading: rows per page (by position when the PDF gave positions),
 * labels and amounts found on each row, and the document-wide evidence every reading needs
 * first: which mark is the decimal one, which currency, which country, which date order.
 */
import { minorDigits } from '../../../domain/money.js';
import type { ReadingNote } from '../../../domain/types.js';
import { type CountryVotes, countryVotes, leadingCountry } from './country.js';
import {
  type CurrencyMark,
  isWordLikeCode,
  labelledCurrencies,
  markerAfter,
  markerBefore,
  namedCurrencies,
  type ResolvedCurrency,
  resolveMark,
} from './currencies.js';
import { type DateHit, type DateOrder, findDates, pageDateOrders } from './dates.js';
import { ISO_4217 } from './iso4217.js';
import { type LabelMatch, matchLabels } from './labels.js';
import { type PageItems, type Row, rowsFromItems, rowsFromText } from './layout.js';
import { readable } from './normalize.js';
import {
  type AmountToken,
  type DecimalMark,
  decideDecimalMark,
  decimalEvidence,
  findAmounts,
} from './numbers.js';

export interface ReadingInput {
  pages: readonly string[];
  /** Positioned text per page, when the PDF reader kept it. */
  layout?: readonly PageItems[] | null;
  /** Read by OCR: symbols that look alike may have been confused. */
  ocr?: boolean;
}

export interface PreparedDocument {
  rows: Row[];
  labels: LabelMatch[][];
  /** Amounts of each row, percentages excluded. */
  amounts: AmountToken[][];
  /** Percentages of each row ("19 %"), for tax rates. */
  rates: AmountToken[][];
  decimal: DecimalMark | null;
  /** Minor digits of the currency amounts were read in (2 when there is none). */
  minorDigits: number;
  /**
   * The currency and how much printed evidence it has; `evidence` 0 with `country` when none is
   * printed and the country's money is inferred. Null when neither says one.
   */
  currency: (ResolvedCurrency & { evidence: number; country?: string }) | null;
  countries: CountryVotes;
  /** Date order of each page (index 0 is page 1). */
  dateOrders: DateOrder[];
  /** Height of each page in pt when its text came with positions, else null. */
  pageHeights: Array<number | null>;
  /** Dates of each row, read in its page's order. */
  dates: DateHit[][];
  /** The whole text, readable. */
  text: string;
  /** Read by OCR: a photo or scan, whose rows carry misreadings and no positions. */
  ocr: boolean;
}

function rowsOf(input: ReadingInput): Row[] {
  return input.pages.flatMap((page, index) => {
    const positioned = input.layout?.find((layout) => layout.page === index + 1);
    return positioned?.items.some((item) => item.str.trim())
      ? rowsFromItems({
          ...positioned,
          items: positioned.items.map((item) => ({ ...item, str: readable(item.str) })),
        })
      : rowsFromText(readable(page), index + 1);
  });
}

/** Evidence for each currency: marks beside amounts, labelled codes, symbols anywhere. */
function currencyEvidence(text: string): Map<CurrencyMark, number> {
  const scores = new Map<CurrencyMark, number>();
  const add = (mark: CurrencyMark, weight: number): void => {
    scores.set(mark, (scores.get(mark) ?? 0) + weight);
  };
  for (const match of text.matchAll(/\d[\d.,'\u00a0 ]*/g)) {
    const end = match.index + match[0].trimEnd().length;
    const before = markerBefore(text, match.index);
    const after = markerAfter(text, end);
    const decimals = /[.,]\d{1,3}\s*$/.test(match[0]);
    for (const found of [before, after]) {
      if (!found) continue;
      if (isWordLikeCode(found.mark) && !decimals) continue;
      add(found.mark, 1);
    }
  }
  for (const code of labelledCurrencies(text)) add(code, 3);
  // "All prices are in US dollars": the document says which dollar its "$" is.
  for (const code of namedCurrencies(text)) add(code, 2);
  for (const match of text.matchAll(/(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])/g)) {
    const code = match[1] ?? '';
    if (ISO_4217.has(code) && !isWordLikeCode(code)) add(code, 0.5);
  }
  for (const [symbol, mark] of [
    ['€', 'EUR'],
    ['£', 'GBP'],
    ['₹', 'INR'],
    ['円', 'JPY'],
    ['¥', 'YEN'],
  ] as const) {
    if (text.includes(symbol)) add(mark, 0.5);
  }
  return scores;
}

const EUROZONE: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'CY',
  'DE',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PT',
  'SI',
  'SK',
]);

/**
 * OCR tells "€" and "£" apart badly on faded print. A pound read only from its symbol on a page
 * from a euro country is a euro, and the reverse, with less certainty; a printed code is believed.
 */
function misreadSymbol(
  currency: PreparedDocument['currency'],
  text: string,
  countries: CountryVotes,
): PreparedDocument['currency'] {
  if (!currency || !['EUR', 'GBP'].includes(currency.code)) return currency;
  if (new RegExp(`\\b${currency.code}\\b`).test(text)) return currency;
  const country = leadingCountry(countries);
  if (currency.code === 'GBP' && country && EUROZONE.has(country))
    return { ...currency, code: 'EUR', certainty: 0.7 };
  if (currency.code === 'EUR' && country === 'GB')
    return { ...currency, code: 'GBP', certainty: 0.7 };
  return currency;
}

/** The currency of each country the country evidence recognises (euro countries in EUROZONE). */
const NATIONAL: Readonly<Record<string, string>> = {
  AU: 'AUD',
  CA: 'CAD',
  CH: 'CHF',
  CN: 'CNY',
  CZ: 'CZK',
  DK: 'DKK',
  GB: 'GBP',
  HK: 'HKD',
  HU: 'HUF',
  IN: 'INR',
  IS: 'ISK',
  JP: 'JPY',
  LK: 'LKR',
  MX: 'MXN',
  MY: 'MYR',
  NO: 'NOK',
  NP: 'NPR',
  NZ: 'NZD',
  PK: 'PKR',
  PL: 'PLN',
  SE: 'SEK',
  SG: 'SGD',
  US: 'USD',
};

/**
 * A page that prints no currency at all, but whose address, phone and tax ids name a country, is
 * in that country's money, with half the certainty of a printed one: the confidence says it was
 * inferred. No country, no currency: the policy's is never assumed here.
 */
function countryCurrency(countries: CountryVotes): PreparedDocument['currency'] {
  const country = leadingCountry(countries);
  if (!country) return null;
  const code = EUROZONE.has(country) ? 'EUR' : NATIONAL[country];
  return code ? { code, certainty: 0.5, evidence: 0, country } : null;
}

/**
 * The review note of a currency the document does not print: inferred from its country (or not
 * found at all, which the engine notes itself, since only it knows what it decides in). The
 * country's evidence may name the buyer's country as well as the seller's, so a person confirms.
 */
export function currencyReadingNote(doc: PreparedDocument): ReadingNote | null {
  if (!doc.currency?.country || doc.currency.evidence > 0) return null;
  return {
    flag: 'currency_inferred',
    note: `no currency is printed on the invoice; ${doc.currency.code} is inferred from the country its addresses, phone numbers or tax ids name (${doc.currency.country})`,
  };
}

export function prepareDocument(input: ReadingInput): PreparedDocument {
  const rows = rowsOf(input);
  const text = rows.map((row) => row.text).join('\n');
  const decimal = decideDecimalMark(decimalEvidence(text));
  const countries = countryVotes(text);
  const scores = [...currencyEvidence(text).entries()].sort((a, b) => b[1] - a[1]);
  const codes = scores.map(([mark]) => mark).filter((mark) => ISO_4217.has(mark));
  const top = scores[0];
  const resolved = top ? { ...resolveMark(top[0], countries, codes), evidence: top[1] } : null;
  const printed = input.ocr ? misreadSymbol(resolved, text, countries) : resolved;
  const currency = printed ?? countryCurrency(countries);
  const digits = minorDigits(currency?.code ?? 'XXX');
  const tokens = rows.map((row) => findAmounts(row.text, { decimal, minorDigits: digits }));
  const country = leadingCountry(countries);
  const hint: DateOrder | null =
    country === 'US' || (country === null && currency?.code === 'USD') ? 'mdy' : null;
  const pageTexts = input.pages.map((_, index) =>
    rows
      .filter((row) => row.page === index + 1)
      .map((row) => row.text)
      .join('\n'),
  );
  const dateOrders = pageDateOrders(pageTexts, hint);
  return {
    rows,
    labels: rows.map((row) => matchLabels(row.text)),
    amounts: tokens.map((row) => row.filter((token) => !token.percent)),
    rates: tokens.map((row) => row.filter((token) => token.percent)),
    decimal,
    minorDigits: digits,
    currency,
    countries,
    dateOrders,
    dates: rows.map((row) => findDates(row.text, dateOrders[row.page - 1] ?? 'dmy')),
    pageHeights: input.pages.map(
      (_, index) => input.layout?.find((layout) => layout.page === index + 1)?.height ?? null,
    ),
    text,
    ocr: input.ocr ?? false,
  };
}

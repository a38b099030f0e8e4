/**
 * A document prepared for reading: rows per page (by position when the PDF gave positions),
 * labels and amounts found on each row, and the document-wide evidence every reading needs
 * first: which mark is the decimal one, which currency, which country, which date order.
 */
import { minorDigits } from '../../../domain/money.js';
import { type CountryVotes, countryEvidence, leadingCountry, votesOf } from './country.js';
import { type ChosenCurrency, chooseCurrency, languageEvidence } from './currency-choice.js';
import { type DateHit, type DateOrder, findDates, pageDateOrders } from './dates.js';
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
  currency: ChosenCurrency | null;
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

export function prepareDocument(input: ReadingInput): PreparedDocument {
  const rows = rowsOf(input);
  const text = rows.map((row) => row.text).join('\n');
  const decimal = decideDecimalMark(decimalEvidence(text));
  const evidence = countryEvidence(text);
  const countries = votesOf(evidence);
  const labels = rows.map((row) => matchLabels(row.text));
  const currency = chooseCurrency({
    text,
    countries,
    evidence: [...evidence, ...languageEvidence(labels)],
    ocr: input.ocr ?? false,
  });
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
    labels,
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

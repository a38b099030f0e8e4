/**
 * Currencies by evidence: symbols and ISO 4217 codes printed beside amounts, or after a currency
 * label. A symbol several countries share ("$", "kr", "Rs", "¥") is resolved by the document's
 * country when it has one. A document printing no currency has none: the caller flags it, and
 * nothing here falls back to a policy's currency.
 */
import { type CountryVotes, leadingCountry } from './country.js';
import { ISO_4217, WORD_LIKE_CODES } from './iso4217.js';

/** A marker several currencies share, resolved by country. */
export type SharedMarker = 'DOLLAR' | 'YEN' | 'RUPEE' | 'KRONE';
export type CurrencyMark = string | SharedMarker;

/**
 * Symbols and words, longest first so "US$" is not read as "$" nor "S$". Letters are matched
 * case-sensitively where the lower-case form is a common word ("Fr." Friday, "R" a letter).
 */
const MARKERS: ReadonlyArray<readonly [string, CurrencyMark]> = [
  ['US$', 'USD'],
  ['U$S', 'USD'],
  ['AU$', 'AUD'],
  ['CA$', 'CAD'],
  ['NZ$', 'NZD'],
  ['HK$', 'HKD'],
  ['SG$', 'SGD'],
  ['MX$', 'MXN'],
  ['NT$', 'TWD'],
  ['S$', 'SGD'],
  ['A$', 'AUD'],
  ['C$', 'CAD'],
  ['R$', 'BRL'],
  ['$', 'DOLLAR'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'YEN'],
  ['円', 'JPY'],
  ['元', 'CNY'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₫', 'VND'],
  ['₺', 'TRY'],
  ['₽', 'RUB'],
  ['₱', 'PHP'],
  ['₪', 'ILS'],
  ['฿', 'THB'],
  ['₴', 'UAH'],
  ['₦', 'NGN'],
  ['₸', 'KZT'],
  ['zł', 'PLN'],
  ['Kč', 'CZK'],
  ['SFr.', 'CHF'],
  ['Fr.', 'CHF'],
  ['Rs.', 'RUPEE'],
  ['Rs', 'RUPEE'],
  ['RM', 'MYR'],
  ['RMB', 'CNY'],
  ['kr.', 'KRONE'],
  ['kr', 'KRONE'],
  ['Kr.', 'KRONE'],
  ['Kr', 'KRONE'],
  ['Ft', 'HUF'],
  ['lei', 'RON'],
];

/** The mark a symbol or code stands for ("€" → EUR, "$" → DOLLAR), or null when it is none. */
export function markOf(symbol: string): CurrencyMark | null {
  const found = MARKERS.find(([text]) => text === symbol)?.[1];
  if (found) return found;
  return /^[A-Z]{3}$/.test(symbol) && ISO_4217.has(symbol) ? symbol : null;
}

/**
 * Symbols OCR reads one for the other, each pair read both ways. Tesseract's English model, which
 * leads by default, knows "£" far better than "€": on faded thermal print the euro's round body
 * crossed by two bars comes out as the pound's, and now and then the reverse. A symbol of a pair
 * proves only that one of the two was printed.
 */
export const CONFUSABLE_SYMBOLS: ReadonlyArray<readonly [string, string]> = [['£', '€']];

/** The symbols OCR may have read in place of `symbol`, by the given pairs. */
export function confusedWith(
  symbol: string,
  pairs: ReadonlyArray<readonly [string, string]> = CONFUSABLE_SYMBOLS,
): string[] {
  return pairs.flatMap(([a, b]) => (a === symbol ? [b] : b === symbol ? [a] : []));
}

/** Words naming a currency in running text ("20 Euro", "Rupees Two Thousand"). */
const WORDS: ReadonlyArray<readonly [RegExp, CurrencyMark]> = [
  [/^euros?$/i, 'EUR'],
  [/^rupees?$/i, 'RUPEE'],
  [/^dollars?$/i, 'DOLLAR'],
  [/^yen$/i, 'YEN'],
];

function isLetter(char: string | undefined): boolean {
  return char !== undefined && /\p{L}/u.test(char);
}

/**
 * The currency marker that ends at `end` (for a prefix) or starts at `start` (for a suffix),
 * with at most one space between it and the amount. ISO codes count when they are real codes.
 */
export function markerBefore(
  text: string,
  end: number,
): { mark: CurrencyMark; start: number } | null {
  let stop = end;
  if (text[stop - 1] === ' ' || text[stop - 1] === '\u00a0') stop -= 1;
  for (const [symbol, mark] of MARKERS) {
    const start = stop - symbol.length;
    if (start < 0 || text.slice(start, stop) !== symbol) continue;
    if (isLetter(symbol[0]) && isLetter(text[start - 1])) continue;
    return { mark, start };
  }
  const code = /([A-Za-z]{3,7})\.?$/.exec(text.slice(Math.max(0, stop - 8), stop));
  if (code) {
    const start = stop - code[0].length;
    if (isLetter(text[start - 1])) return null;
    const word = code[1] ?? '';
    if (word.length === 3 && word === word.toUpperCase() && ISO_4217.has(word))
      return { mark: word, start };
    const named = WORDS.find(([pattern]) => pattern.test(word));
    if (named) return { mark: named[1], start };
  }
  return null;
}

export function markerAfter(
  text: string,
  start: number,
): { mark: CurrencyMark; end: number } | null {
  let from = start;
  if (text[from] === ' ' || text[from] === '\u00a0') from += 1;
  for (const [symbol, mark] of MARKERS) {
    const end = from + symbol.length;
    if (text.slice(from, end) !== symbol) continue;
    if (isLetter(symbol[symbol.length - 1]) && isLetter(text[end])) continue;
    return { mark, end };
  }
  const code = /^([A-Za-z]{3,7})/.exec(text.slice(from, from + 8));
  if (code) {
    const word = code[1] ?? '';
    if (word.length === 3 && word === word.toUpperCase() && ISO_4217.has(word))
      return { mark: word, end: from + 3 };
    const named = WORDS.find(([pattern]) => pattern.test(word));
    if (named) return { mark: named[1], end: from + word.length };
  }
  return null;
}

export function isWordLikeCode(mark: CurrencyMark): boolean {
  return WORD_LIKE_CODES.has(mark);
}

/** Each shared symbol's usual currency, how often it is that one, and the others by country. */
const SHARED: Readonly<
  Record<SharedMarker, readonly [string, number, Readonly<Record<string, string>>]>
> = {
  DOLLAR: [
    'USD',
    0.7,
    { US: 'USD', CA: 'CAD', AU: 'AUD', NZ: 'NZD', SG: 'SGD', HK: 'HKD', MX: 'MXN' },
  ],
  YEN: ['JPY', 0.85, { JP: 'JPY', CN: 'CNY' }],
  RUPEE: ['INR', 0.85, { IN: 'INR', PK: 'PKR', LK: 'LKR', NP: 'NPR' }],
  KRONE: ['SEK', 0.4, { SE: 'SEK', DK: 'DKK', NO: 'NOK', IS: 'ISK' }],
};

export interface ResolvedCurrency {
  code: string;
  /** 0..1: 1 for a symbol or code of one currency; less for a shared symbol read by custom. */
  certainty: number;
}

/**
 * An ISO code for a marker. A shared symbol takes a code the document prints that can be written
 * with it ("$" on an invoice saying "USD"), else its country's currency, else its usual one.
 */
export function resolveMark(
  mark: CurrencyMark,
  countries: CountryVotes,
  printedCodes: readonly string[] = [],
): ResolvedCurrency {
  const shared = SHARED[mark as SharedMarker];
  if (!shared) return { code: mark, certainty: 1 };
  const [usual, odds, byCountry] = shared;
  const printed = printedCodes.find((code) => Object.values(byCountry).includes(code));
  if (printed) return { code: printed, certainty: 1 };
  const country = leadingCountry(countries, Object.keys(byCountry));
  const code = country ? byCountry[country] : undefined;
  return code ? { code, certainty: 1 } : { code: usual, certainty: odds };
}

const CURRENCY_LABEL =
  /\b(?:currency|w[äa]hrung|devise|monnaie|valuta|moneda|divisa)\b\s*[:.]?\s*([A-Z]{3})\b|通貨\s*[:：]?\s*([A-Z]{3})/gi;

/** ISO codes printed after a currency label ("Currency: EUR", "Währung EUR", "Devise : EUR"). */
export function labelledCurrencies(text: string): string[] {
  const codes: string[] = [];
  for (const match of text.matchAll(CURRENCY_LABEL)) {
    const code = (match[1] ?? match[2] ?? '').toUpperCase();
    if (ISO_4217.has(code)) codes.push(code);
  }
  return codes;
}

/** Who issues a dollar, franc, crown or rupee, as invoices name it in words. */
const ISSUERS: ReadonlyArray<readonly [string, string]> = [
  ['us', 'USD'],
  ['u s', 'USD'],
  ['american', 'USD'],
  ['united states', 'USD'],
  ['australian', 'AUD'],
  ['canadian', 'CAD'],
  ['new zealand', 'NZD'],
  ['singapore', 'SGD'],
  ['singaporean', 'SGD'],
  ['hong kong', 'HKD'],
  ['swiss', 'CHF'],
  ['indian', 'INR'],
  ['japanese', 'JPY'],
  ['swedish', 'SEK'],
  ['danish', 'DKK'],
  ['norwegian', 'NOK'],
  ['mexican', 'MXN'],
  ['pakistani', 'PKR'],
  ['sri lankan', 'LKR'],
];
const NAMED_UNITS = 'dollars?|francs?|krona|kronor|krone|kroner|rupees?|yen|pesos?';
const NAMED = new RegExp(
  `\\b(${ISSUERS.map(([name]) => name.replace(/ /g, '\\s')).join('|')})\\s(?:${NAMED_UNITS})\\b`,
  'g',
);

/**
 * Currencies named in words ("All prices are in US dollars", "Australian dollars", "pounds
 * sterling", "in euros"): an issuer and a unit, or a unit only one issuer has.
 */
export function namedCurrencies(text: string): string[] {
  const folded = text.toLowerCase().replace(/[.]/g, ' ').replace(/\s+/g, ' ');
  const codes: string[] = [];
  for (const match of folded.matchAll(NAMED)) {
    const issuer = (match[1] ?? '').replace(/\s/g, ' ');
    const code = ISSUERS.find(([name]) => name === issuer)?.[1];
    if (code) codes.push(code);
  }
  if (/\bpounds? sterling\b|\bsterling\b/.test(folded)) codes.push('GBP');
  if (/\b(?:in|en|im) euros?\b/.test(folded)) codes.push('EUR');
  return codes;
}

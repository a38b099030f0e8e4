/**
 * The currency of a document, weighed from everything it prints: symbols and codes beside its
 * amounts, codes after a currency label, currencies named in words, and, where OCR may have
 * misread a symbol, the country its VAT ids, IBANs, phones, addresses and language point to. A
 * page printing none is in its country's money, inferred; with no country it has none, and the
 * policy's is never assumed here. Whenever evidence disagrees and one side is chosen, the choice
 * comes with a note for a reviewer.
 */
import type { ReadingNote } from '../../../domain/types.js';
import { type CountryEvidence, type CountryVotes, IDENTIFYING, leadingCountry } from './country.js';
import {
  type CurrencyMark,
  confusedWith,
  isWordLikeCode,
  labelledCurrencies,
  markerAfter,
  markerBefore,
  markOf,
  namedCurrencies,
  type ResolvedCurrency,
  resolveMark,
} from './currencies.js';
import { ISO_4217 } from './iso4217.js';
import type { Language } from './label-tables.js';
import type { LabelMatch } from './labels.js';
import { currencyOfCountry, LANGUAGE_COUNTRIES } from './national-currencies.js';

export type ChosenCurrency = ResolvedCurrency & {
  /** How much printed evidence it has: 0 when it is inferred from the country. */
  evidence: number;
  /** The country a currency the page does not print was inferred from. */
  country?: string;
  /** Evidence that disagreed with the choice, and why it was overruled, for a reviewer. */
  conflict?: string;
};

interface MarkEvidence {
  score: number;
  /** Weight of the mark written in letters: an ISO code, a labelled code, a name in words. */
  letters: number;
  /** The symbols it was read from ("£", "US$"). */
  symbols: Set<string>;
}

/** A code or a currency's name is three letters or more; "Rs", "kr" and "zł" are symbols. */
const IN_LETTERS = /^\p{L}{3,}\.?$/u;

/** Evidence for each currency: marks beside amounts, labelled codes, symbols anywhere. */
function currencyEvidence(text: string): Map<CurrencyMark, MarkEvidence> {
  const marks = new Map<CurrencyMark, MarkEvidence>();
  const add = (mark: CurrencyMark, weight: number, written: string): void => {
    const entry = marks.get(mark) ?? { score: 0, letters: 0, symbols: new Set<string>() };
    entry.score += weight;
    if (IN_LETTERS.test(written)) entry.letters += weight;
    else entry.symbols.add(written);
    marks.set(mark, entry);
  };
  for (const match of text.matchAll(/\d[\d.,'\u00a0 ]*/g)) {
    const end = match.index + match[0].trimEnd().length;
    const before = markerBefore(text, match.index);
    const after = markerAfter(text, end);
    const decimals = /[.,]\d{1,3}\s*$/.test(match[0]);
    const found = [
      before && { mark: before.mark, written: text.slice(before.start, match.index).trim() },
      after && { mark: after.mark, written: text.slice(end, after.end).trim() },
    ];
    for (const marker of found) {
      if (!marker) continue;
      if (isWordLikeCode(marker.mark) && !decimals) continue;
      add(marker.mark, 1, marker.written);
    }
  }
  for (const code of labelledCurrencies(text)) add(code, 3, code);
  // "All prices are in US dollars": the document says which dollar its "$" is.
  for (const code of namedCurrencies(text)) add(code, 2, code);
  for (const match of text.matchAll(/(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])/g)) {
    const code = match[1] ?? '';
    if (ISO_4217.has(code) && !isWordLikeCode(code)) add(code, 0.5, code);
  }
  for (const symbol of ['€', '£', '₹', '円', '¥']) {
    const mark = markOf(symbol);
    if (mark && text.includes(symbol)) add(mark, 0.5, symbol);
  }
  return marks;
}

const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  nl: 'Dutch',
  es: 'Spanish',
  it: 'Italian',
  ja: 'Japanese',
};

/**
 * The languages a document's labels are written in, as evidence for the countries writing them:
 * two labels of a language or more, and at least half as many as the most used one. Labels
 * English shares say nothing.
 */
export function languageEvidence(labels: readonly (readonly LabelMatch[])[]): CountryEvidence[] {
  const counts = new Map<Language, number>();
  for (const match of labels.flat()) {
    if (match.weak || match.languages.length > 2 || match.languages.includes('en')) continue;
    for (const language of match.languages) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  const most = Math.max(0, ...counts.values());
  return [...counts.entries()].flatMap(([language, count]) => {
    const countries = LANGUAGE_COUNTRIES[language];
    if (!countries || count < 2 || count * 2 < most) return [];
    return [{ kind: 'language', countries, weight: 1, seen: `${LANGUAGE_NAMES[language]} labels` }];
  });
}

/** Evidence for `code` that rules `against` out: a VAT id of a euro country speaks against £. */
function support(
  code: string,
  against: string,
  evidence: readonly CountryEvidence[],
): CountryEvidence[] {
  return evidence.filter((item) => {
    const currencies = item.countries.map(currencyOfCountry);
    return currencies.includes(code) && !currencies.includes(against);
  });
}

/** The seller's own registration, or two independent kinds of evidence agreeing. */
function strong(items: readonly CountryEvidence[]): boolean {
  return (
    items.some((item) => IDENTIFYING.has(item.kind)) ||
    new Set(items.map((item) => item.kind)).size >= 2
  );
}

function listed(items: readonly CountryEvidence[]): string {
  return [...new Set(items.map((item) => item.seen))].slice(0, 4).join(', ');
}

export interface CurrencyInput {
  text: string;
  countries: CountryVotes;
  /** Country evidence of every kind, the language of the labels included. */
  evidence: readonly CountryEvidence[];
  /** Read by OCR: only then may a symbol be second-guessed. */
  ocr: boolean;
  /** Pairs of symbols OCR confuses; the known ones unless a caller says otherwise. */
  confusable?: ReadonlyArray<readonly [string, string]>;
}

/**
 * A currency OCR read from a symbol alone, checked against the symbol it is confused with: the
 * other's code printed in letters wins; strong country evidence for the other's money, where
 * nothing as strong speaks for this one, wins; where OCR read both symbols on the page, any
 * country evidence decides. Whatever is chosen over evidence for the other is noted.
 */
function secondGuess(
  read: ChosenCurrency,
  mark: MarkEvidence,
  marks: ReadonlyMap<CurrencyMark, MarkEvidence>,
  input: CurrencyInput,
): ChosenCurrency {
  if (mark.letters > 0) return read;
  const [symbol] = [...mark.symbols];
  const other = symbol ? confusedWith(symbol, input.confusable)[0] : undefined;
  const otherMark = other ? markOf(other) : null;
  if (!symbol || !other || !otherMark || mark.symbols.size > 1) return read;
  const codes = [...marks.keys()].filter((code) => ISO_4217.has(code));
  const alternative = resolveMark(otherMark, input.countries, codes).code;
  if (alternative === read.code) return read;
  const misread = `OCR read "${symbol}" (${read.code}), a symbol it confuses with "${other}"`;
  if ((marks.get(alternative)?.letters ?? 0) > 0) {
    return {
      ...read,
      code: alternative,
      certainty: 0.8,
      conflict: `${misread}; the invoice prints ${alternative} in letters, so ${alternative} is read`,
    };
  }
  const forOther = support(alternative, read.code, input.evidence);
  const forThis = support(read.code, alternative, input.evidence);
  // Both symbols read on one page: OCR confuses them here, so they cancel and the country decides.
  const bothRead = marks.get(otherMark)?.symbols.has(other) ?? false;
  const weight = (items: readonly CountryEvidence[]) =>
    items.reduce((sum, item) => sum + item.weight, 0);
  const overrule = bothRead
    ? weight(forOther) > weight(forThis)
    : strong(forOther) && !strong(forThis);
  if (forOther.length === 0 && !bothRead) return read;
  const against = [bothRead ? `"${other}" read on the page too` : '', listed(forOther)]
    .filter(Boolean)
    .join(', ');
  const evidence = `the evidence for ${alternative} (${against})`;
  if (overrule) {
    return {
      ...read,
      code: alternative,
      certainty: 0.7,
      conflict: `${misread}; ${evidence} outweighs it, so ${alternative} is read`,
    };
  }
  return {
    ...read,
    certainty: Math.min(read.certainty, 0.8),
    conflict: `${misread}; ${evidence} is not enough to overrule it, so ${read.code} is kept`,
  };
}

/**
 * A page that prints no currency at all, but whose address, phone and tax ids name a country, is
 * in that country's money, with half the certainty of a printed one: the confidence says it was
 * inferred.
 */
function countryCurrency(countries: CountryVotes): ChosenCurrency | null {
  const country = leadingCountry(countries);
  const code = country ? currencyOfCountry(country) : null;
  return country && code ? { code, certainty: 0.5, evidence: 0, country } : null;
}

export function chooseCurrency(input: CurrencyInput): ChosenCurrency | null {
  const marks = currencyEvidence(input.text);
  // On equal evidence, a code spelled in letters wins over a symbol: one glyph is easier to misread.
  const ranked = [...marks.entries()].sort(
    (a, b) => b[1].score - a[1].score || b[1].letters - a[1].letters,
  );
  const top = ranked[0];
  if (!top) return countryCurrency(input.countries);
  const codes = ranked.map(([mark]) => mark).filter((mark) => ISO_4217.has(mark));
  const read = { ...resolveMark(top[0], input.countries, codes), evidence: top[1].score };
  return input.ocr ? secondGuess(read, top[1], marks, input) : read;
}

/**
 * The review note of a currency the document does not print, inferred from its country (the
 * country evidence may name the buyer's country as well as the seller's), or chosen over evidence
 * that disagreed. A currency not found at all the engine notes itself, since only it knows what
 * it decides in.
 */
export function currencyReadingNote(currency: ChosenCurrency | null): ReadingNote | null {
  if (currency?.conflict) return { flag: 'currency_inferred', note: currency.conflict };
  if (!currency?.country || currency.evidence > 0) return null;
  return {
    flag: 'currency_inferred',
    note: `no currency is printed on the invoice; ${currency.code} is inferred from the country its addresses, phone numbers or tax ids name (${currency.country})`,
  };
}

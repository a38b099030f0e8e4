/**
 * The country a document comes from, by evidence that has one meaning: telephone country codes,
 * VAT number formats, IBANs, web and mail domains, postal code shapes, tax regimes with national
 * names. Used to resolve what a symbol leaves open ("$", "kr", "Rs", "¥"), the order of a numeric
 * date and a symbol OCR may have misread; the seller's and the buyer's countries both count,
 * which is why it is a hint.
 */

import { KNOWN_COUNTRIES } from './national-currencies.js';

export type CountryVotes = ReadonlyMap<string, number>;

/** Calling codes of the countries whose symbol or date order needs them, longest first. */
const CALLING_CODES: ReadonlyArray<readonly [string, string]> = [
  ['852', 'HK'],
  ['977', 'NP'],
  ['354', 'IS'],
  ['420', 'CZ'],
  ['1', 'US'],
  ['44', 'GB'],
  ['49', 'DE'],
  ['33', 'FR'],
  ['31', 'NL'],
  ['32', 'BE'],
  ['41', 'CH'],
  ['43', 'AT'],
  ['39', 'IT'],
  ['34', 'ES'],
  ['81', 'JP'],
  ['86', 'CN'],
  ['91', 'IN'],
  ['92', 'PK'],
  ['94', 'LK'],
  ['60', 'MY'],
  ['65', 'SG'],
  ['61', 'AU'],
  ['64', 'NZ'],
  ['52', 'MX'],
  ['45', 'DK'],
  ['46', 'SE'],
  ['47', 'NO'],
  ['48', 'PL'],
  ['36', 'HU'],
];

/** Top-level domains (and second-level ones under them) that name a country. */
const DOMAINS: Readonly<Record<string, string>> = {
  de: 'DE',
  fr: 'FR',
  nl: 'NL',
  be: 'BE',
  at: 'AT',
  ch: 'CH',
  it: 'IT',
  es: 'ES',
  uk: 'GB',
  au: 'AU',
  ca: 'CA',
  sg: 'SG',
  nz: 'NZ',
  hk: 'HK',
  jp: 'JP',
  in: 'IN',
  cn: 'CN',
  mx: 'MX',
  dk: 'DK',
  se: 'SE',
  no: 'NO',
  pl: 'PL',
  my: 'MY',
  pk: 'PK',
  lk: 'LK',
  us: 'US',
};

/** VAT / tax number shapes that only one country issues. */
const TAX_IDS: ReadonlyArray<readonly [RegExp, string]> = [
  // Printed whole or in groups of three ("DE 123 456 789").
  [/\bDE\s?\d{3}\s?\d{3}\s?\d{3}\b/, 'DE'],
  [/\bFR\s?[0-9A-Z]{2}\s?\d{3}\s?\d{3}\s?\d{3}\b/, 'FR'],
  // SIRET / SIREN: the French business register number, printed on every French invoice.
  [/\b(?:SIRE[TN]|Siret)\b/, 'FR'],
  [/\bGB\s?(?:\d{3}\s?\d{4}\s?\d{2}|\d{12})\b/, 'GB'],
  [/\bNL\s?\d{9}\s?B\s?\d{2}\b/, 'NL'],
  [/\bATU\s?\d{8}\b/, 'AT'],
  [/\bBE\s?0?\d{9,10}\b/, 'BE'],
  [/\bIT\s?\d{11}\b/, 'IT'],
  [/\bES\s?[0-9A-Z]\d{7}[0-9A-Z]\b/, 'ES'],
  [/\bCHE[-\s]?\d{3}\.\d{3}\.\d{3}\b/, 'CH'],
  [/\bDK\s?\d{8}\b/, 'DK'],
  [/\bSE\s?\d{12}\b/, 'SE'],
  [/\bABN\b/, 'AU'],
  [/\bGSTIN\b|\b[CS]GST\b|\bIGST\b/, 'IN'],
  [/\bGST\s*\/\s*HST\b|\bHST\b|\bQST\b|\bTVQ\b/, 'CA'],
  [/\bNTN\b/, 'PK'],
  [/登録番号\s*T\d{13}|消費税/, 'JP'],
  [/增值税|发票|人民币/, 'CN'],
  [/\bSST\b/, 'MY'],
];

const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC';
const POSTAL: ReadonlyArray<readonly [RegExp, string]> = [
  [new RegExp(`\\b(?:${US_STATES}),?\\s+\\d{5}(?:-\\d{4})?\\b`), 'US'],
  [/\b(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d\b/, 'CA'],
  [/\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/, 'GB'],
];

/**
 * Address shapes several countries share: five digits before the town ("10115 Berlin", "75018
 * Paris", "28013 Madrid"). They name no one country, but rule out those writing postcodes
 * otherwise (a British one, a Canadian one); a US house number can look the same.
 */
const SHARED_POSTAL: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [
    /(?<![\d.,])\d{5}\s+\p{Lu}\p{Ll}{2,}/u,
    ['DE', 'FR', 'IT', 'ES', 'FI', 'EE', 'HR', 'MX', 'MY', 'US'],
  ],
];

/** Country names in the languages read here, and in English; folded (no accents) on both sides. */
const NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:usa|united states|u\.s\.a\.)\b/i, 'US'],
  [/\b(?:deutschland|germany|allemagne)\b/i, 'DE'],
  [/\b(?:france|frankreich)\b/i, 'FR'],
  [/\b(?:nederland|netherlands|pays-bas|niederlande)\b/i, 'NL'],
  [/\b(?:united kingdom|great britain|england|royaume-uni)\b/i, 'GB'],
  [/\b(?:canada|kanada)\b/i, 'CA'],
  [/\b(?:australia|australien)\b/i, 'AU'],
  [/\b(?:new zealand)\b/i, 'NZ'],
  [/\b(?:singapore|singapur)\b/i, 'SG'],
  [/\b(?:hong kong)\b/i, 'HK'],
  [/\b(?:malaysia)\b/i, 'MY'],
  [/\b(?:india|indien)\b/i, 'IN'],
  [/\b(?:pakistan)\b/i, 'PK'],
  [/\b(?:sri lanka)\b/i, 'LK'],
  [/\b(?:mexico|méxico)\b/i, 'MX'],
  [/\b(?:japan|japon|日本)\b/i, 'JP'],
  [/\b(?:danmark|denmark)\b/i, 'DK'],
  [/\b(?:sverige|sweden)\b/i, 'SE'],
  [/\b(?:norge|norway)\b/i, 'NO'],
  [/\b(?:schweiz|suisse|svizzera|switzerland)\b/i, 'CH'],
  [/\b(?:österreich|austria)\b/i, 'AT'],
  [/\b(?:españa|spain)\b/i, 'ES'],
  [/\b(?:italia|italy)\b/i, 'IT'],
  [/\b(?:belgique|belgië|belgium)\b/i, 'BE'],
];

/** How a country is known: kinds are independent of each other, a seller's own ids identify it. */
export type EvidenceKind = 'phone' | 'domain' | 'tax_id' | 'iban' | 'postal' | 'name' | 'language';

export interface CountryEvidence {
  kind: EvidenceKind;
  /** The countries it can mean: one for a VAT id, several for a language. */
  countries: readonly string[];
  weight: number;
  /** What was read, for a reviewer's note. */
  seen: string;
}

/** A VAT id or a bank account is the seller's own registration, not a passing mention. */
export const IDENTIFYING: ReadonlySet<EvidenceKind> = new Set(['tax_id', 'iban']);

/**
 * ISO 7064 mod 97: an IBAN's check digits, so a number that merely starts with two capitals is
 * not taken for one.
 */
function ibanValid(iban: string): boolean {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const char of moved) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

/**
 * The country of an IBAN: after an "IBAN" label, its first two letters (OCR may blur a digit);
 * unlabelled, only when its check digits hold.
 */
function ibanCountries(text: string): { found: CountryEvidence[]; rest: string } {
  const found: CountryEvidence[] = [];
  let rest = text;
  for (const match of text.matchAll(
    /\b(IBAN\b[\s:.]*)?([A-Z]{2})(\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?)\b/g,
  )) {
    const country = match[2] ?? '';
    const compact = `${country}${match[3] ?? ''}`.replace(/\s/g, '');
    if (!KNOWN_COUNTRIES.has(country)) continue;
    if (!match[1] && !ibanValid(compact)) continue;
    // Its digits are no phone number ("… 0044 0532 …" is not +44).
    rest =
      rest.slice(0, match.index) +
      ' '.repeat(match[0].length) +
      rest.slice(match.index + match[0].length);
    found.push({
      kind: 'iban',
      countries: [country],
      weight: 2,
      seen: `IBAN ${compact.slice(0, 4)}…`,
    });
  }
  return { found, rest };
}

/** Every piece of country evidence on the page, single-country and shared. */
export function countryEvidence(page: string): CountryEvidence[] {
  const { found, rest: text } = ibanCountries(page);
  const add = (kind: EvidenceKind, country: string, weight: number, seen: string): void => {
    found.push({ kind, countries: [country], weight, seen });
  };
  // "+49 30…", or "0049 30…" with a break after the country code, then a subscriber's six
  // digits or more: a till's article number ("0010545") or a signed amount ("+1.50") is no call.
  const phone = /(?:\+(\d{1,3})[\s(./-]*|\b00(\d{1,3})[\s(./-]+)(?=(?:\d[\s()./-]?){6})\d/g;
  for (const match of text.matchAll(phone)) {
    const digits = match[1] ?? match[2] ?? '';
    const entry = CALLING_CODES.find(([code]) => digits.startsWith(code));
    if (entry) add('phone', entry[1], 2, `phone +${entry[0]}`);
  }
  for (const match of text.matchAll(/\b[\w.-]+\.(?:(?:co|com|org|net|gov|ac)\.)?([a-z]{2})\b/gi)) {
    const whole = match[0].toLowerCase();
    // Only web and mail addresses: "www.x.de", "info@x.fr", "x.co.uk"; not "z.B." or "S.A.".
    if (!/www\.|@|\.(?:com?|org|net)\.[a-z]{2}$|^[a-z0-9-]{3,}\.[a-z]{2}$/.test(whole)) continue;
    const country = DOMAINS[(match[1] ?? '').toLowerCase()];
    if (country) add('domain', country, 1, `domain .${(match[1] ?? '').toLowerCase()}`);
  }
  for (const [pattern, country] of TAX_IDS) {
    const seen = pattern.exec(text)?.[0];
    if (seen) add('tax_id', country, 2, `tax id ${seen}`);
  }
  for (const [pattern, country] of POSTAL) {
    const seen = pattern.exec(text)?.[0];
    if (seen) add('postal', country, 2, `postcode ${seen}`);
  }
  for (const [pattern, countries] of SHARED_POSTAL) {
    const seen = pattern.exec(text)?.[0];
    if (seen) found.push({ kind: 'postal', countries, weight: 1, seen: `postcode ${seen}` });
  }
  for (const [pattern, country] of NAMES) {
    const seen = pattern.exec(text)?.[0];
    if (seen) add('name', country, 1, seen);
  }
  return found;
}

/** Evidence for each country, weighted by how specific it is. */
export function countryVotes(text: string): CountryVotes {
  return votesOf(countryEvidence(text));
}

/** The votes of the evidence that names one country (a language names several). */
export function votesOf(evidence: readonly CountryEvidence[]): CountryVotes {
  const votes = new Map<string, number>();
  for (const item of evidence) {
    const [country] = item.countries;
    if (item.countries.length === 1 && country)
      votes.set(country, (votes.get(country) ?? 0) + item.weight);
  }
  return votes;
}

/** The country with the most evidence, when one leads; null on a tie or without evidence. */
export function leadingCountry(votes: CountryVotes, among?: readonly string[]): string | null {
  const ranked = [...votes.entries()]
    .filter(([country]) => !among || among.includes(country))
    .sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || (second && second[1] === first[1])) return null;
  return first[0];
}

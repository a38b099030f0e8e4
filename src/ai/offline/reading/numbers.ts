/**
 * Amounts as printed, read to exact minor units. Which mark is the decimal one ("1.234,56" or
 * "1,234.56") is decided once per document from the numbers that can only be read one way, and
 * applied to the ones that could be read either way ("1.234"). Integer arithmetic only.
 *
 * Works on `readable()` text: full-width digits and the several no-break spaces are unified.
 */
import { type CurrencyMark, isWordLikeCode, markerAfter, markerBefore } from './currencies.js';

export type DecimalMark = '.' | ',';

export interface DecimalEvidence {
  /** Numbers that can only be read with a decimal comma ("12,50", "1.234,56", "1.234.567"). */
  comma: number;
  dot: number;
}

export interface AmountToken {
  /** Span of the whole amount in the text, sign and currency marker included. */
  index: number;
  end: number;
  /** The digits with their separators, as printed. */
  digits: string;
  minor: number;
  negative: boolean;
  /** Digits printed after the decimal mark (0 for "1.234" read as thousands). */
  decimals: number;
  /** Printed with a currency marker beside it; shared symbols are not resolved here. */
  mark: CurrencyMark | null;
  /** Followed by "%": a rate, not money. */
  percent: boolean;
}

export interface ReadOptions {
  /** The document's decimal mark; null when its numbers never said. */
  decimal: DecimalMark | null;
  /** Minor digits of the document's currency (2 when unknown; 0 for JPY; 3 for KWD). */
  minorDigits: number;
}

/**
 * Digits with group separators ("1.234.567,89", "1 234,56", "1'234.56", Indian "1,00,000.00"), or
 * plain digits with an optional fraction. Spaces group only 3-digit groups, and only before a
 * fraction, so "2 100,00" after a quantity is the one reading that stays ambiguous.
 */
const NUMBER_CORE =
  /\d{1,3}(?:[.,'](?:\d{2},)*\d{3})+(?:[.,]\d+)?|\d{1,3}(?:[\u00a0](?:\d{3}))+(?:[.,]\d+)?|\d{1,3}(?: \d{3})+[.,]\d{1,3}(?!\d)|\d+(?:[.,]\d+)?/g;

/** Part of a longer numeric structure: a date, a time, a phone or account number, an id. */
function embedded(text: string, index: number, end: number): boolean {
  const before = text.slice(Math.max(0, index - 2), index);
  const after = text.slice(end, end + 2);
  if (/[\d][./:-]$/.test(before) || /^[./:-]\d/.test(after)) return true;
  if (/^[.,]\d/.test(after)) return true;
  // An id such as "INV-2023" or "R0005532486": letters run straight into the digits.
  if (/[\p{L}_]$/u.test(before) || /^[\p{L}_]/u.test(after)) return true;
  if (/[\p{L}\d]-$/u.test(before)) return true;
  // A masked card or account number ("****1188"), a number sign ("#12").
  if (/[*#]$/.test(before)) return true;
  return false;
}

/** Which mark a number uses as its decimal, when it can only be read one way; else null. */
export function unambiguousMark(digits: string): DecimalMark | null {
  const marks = digits.replace(/[\d'\u00a0 ]/g, '');
  if (marks.length === 0) return null;
  const last = marks[marks.length - 1] as DecimalMark;
  const other: DecimalMark = last === '.' ? ',' : '.';
  if (new Set(marks).size === 2) return validGrouping(digits, last) ? last : null;
  // "1.234.567": the repeated mark groups, so the other one is the decimal.
  if (marks.length > 1) return validGrouping(digits, other) ? other : null;
  // A lone mark before anything but three digits cannot group thousands: "12,50", "1,5".
  const tail = digits.slice(digits.lastIndexOf(last) + 1);
  return tail.length !== 3 ? last : null;
}

function validGrouping(digits: string, decimal: DecimalMark): boolean {
  const integer = digits.split(decimal)[0] ?? '';
  const groups = integer.split(/[.,'\u00a0 ]/);
  const [first = '', ...rest] = groups;
  if (!/^\d{1,3}$/.test(first) && groups.length > 1) return false;
  if (groups.length === 1) return /^\d+$/.test(first);
  // Indian grouping: twos before the last three ("1,00,000").
  return rest.every(
    (group, index) => /^\d{3}$/.test(group) || (index < rest.length - 1 && /^\d{2}$/.test(group)),
  );
}

/** Counts the numbers of a text that can only be read one way. */
export function decimalEvidence(text: string): DecimalEvidence {
  const evidence = { comma: 0, dot: 0 };
  for (const match of text.matchAll(NUMBER_CORE)) {
    const digits = match[0];
    if (embedded(text, match.index, match.index + digits.length)) continue;
    const marks = digits.replace(/[\d'\u00a0 ]/g, '');
    // "1,2345" may be an id or a rate: money prints one or two decimals after a lone mark.
    if (marks.length === 1 && digits.length - digits.search(/[.,]/) - 1 > 3) continue;
    const mark = unambiguousMark(digits);
    if (mark === ',') evidence.comma += 1;
    if (mark === '.') evidence.dot += 1;
  }
  return evidence;
}

export function decideDecimalMark(evidence: DecimalEvidence): DecimalMark | null {
  if (evidence.comma > evidence.dot) return ',';
  if (evidence.dot > evidence.comma) return '.';
  return null;
}

/** Minor units of a number as printed, or null when it cannot be money in this reading. */
export function toMinor(
  digits: string,
  options: ReadOptions,
): { minor: number; decimals: number } | null {
  // "021", "0042": a code or a number with its zeros, never money ("0,50" is).
  if (/^0\d/.test(digits)) return null;
  const marks = digits.replace(/[\d'\u00a0 ]/g, '');
  let decimal: DecimalMark | null = unambiguousMark(digits);
  if (decimal === null && marks.length === 1) {
    const tail = digits.slice(digits.search(/[.,]/) + 1);
    const lone = marks as DecimalMark;
    if (tail.length !== 3) decimal = lone;
    else if (options.decimal !== null) decimal = options.decimal === lone ? lone : null;
    // Undecided, "1.234" groups thousands unless the currency has three decimals.
    else decimal = options.minorDigits === 3 && lone === '.' ? '.' : null;
  }
  if (decimal !== null && !validGrouping(digits, decimal)) return null;
  if (decimal === null && marks.length > 0 && !validGrouping(digits, marks[0] === '.' ? ',' : '.'))
    return null;
  const cut = decimal === null ? -1 : digits.lastIndexOf(decimal);
  const [integerPart, fractionPart] =
    cut < 0 ? [digits, ''] : [digits.slice(0, cut), digits.slice(cut + 1)];
  const integer = integerPart.replace(/[^\d]/g, '');
  let fraction = fractionPart;
  const places = options.minorDigits;
  if (fraction.length > places) {
    if (!/^0+$/.test(fraction.slice(places))) return null;
    fraction = fraction.slice(0, places);
  }
  const minor =
    BigInt(integer || '0') * 10n ** BigInt(places) + BigInt(fraction.padEnd(places, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { minor: Number(minor), decimals: fractionPart.length };
}

/**
 * Every amount in a line of text, in order. Percentages are returned too (flagged), so a caller
 * can read a tax rate; numbers inside dates, times and ids are not amounts at all.
 */
export function findAmounts(text: string, options: ReadOptions): AmountToken[] {
  const found: AmountToken[] = [];
  for (const match of text.matchAll(NUMBER_CORE)) {
    const digits = match[0];
    let index = match.index;
    let end = index + digits.length;
    // A marker right after another word or number belongs to it ("12,50€ 3,00"), not to this one.
    // "€ -12,50", "$-5.00": the sign between the symbol and the digits.
    const innerSign = /[\s:]-$|[^\s\d]-$/.test(text.slice(Math.max(0, index - 2), index));
    const before = markerBefore(text, innerSign ? index - 1 : index);
    const previous = found[found.length - 1];
    const prefix =
      before &&
      !/[\p{L}\d]/u.test(text[before.start - 1] ?? '') &&
      !(previous && previous.end > before.start)
        ? before
        : null;
    const suffix = markerAfter(text, end);
    // A currency code glued to the digits ("EUR12.50") is a marker, not part of an id.
    const glued = (prefix && prefix.start + 3 >= index) || (suffix && suffix.end - 3 <= end);
    if (!glued && embedded(text, index, end)) continue;
    const read = toMinor(digits, options);
    if (!read) continue;
    const mark = prefix?.mark ?? suffix?.mark ?? null;
    if (mark && isWordLikeCode(mark) && read.decimals === 0) continue;
    // One marker per amount: "£9.99 US$5.00" prints each before, "10 kr 10 zł" each after.
    if (prefix) index = prefix.start;
    else if (suffix) end = suffix.end;
    const percent = /^\s?%/.test(text.slice(end, end + 2));
    let negative = false;
    const head = text.slice(0, index);
    // "-12,50" and "( - 12,50": a sign; "Total - 12,50": a dash between label and amount.
    const leadingSign = /(^|[\s(:=])-$/.exec(head) ?? /(^|\s{2}|[(=])-\s$/.exec(head);
    if (leadingSign) {
      negative = true;
      index -= leadingSign[0].length - (leadingSign[1]?.length ?? 0);
    } else if (/\(\s?$/.test(head) && /^\s?\)/.test(text.slice(end))) {
      negative = true;
    }
    if (!negative && prefix && innerSign) negative = true;
    // A trailing minus is a sign ("12,50-"), except after a yen amount, where "-" closes it.
    if (text[end] === '-' && !/^-\d/.test(text.slice(end, end + 2))) {
      const yen = prefix?.mark === 'YEN' || prefix?.mark === 'JPY' || options.minorDigits === 0;
      if (!yen) negative = true;
      end += 1;
    }
    found.push({
      index,
      end,
      digits,
      minor: read.minor,
      negative,
      decimals: read.decimals,
      mark,
      percent,
    });
  }
  return found;
}

/** The signed minor units of a token. */
export function signed(token: AmountToken): number {
  return token.negative ? -token.minor : token.minor;
}

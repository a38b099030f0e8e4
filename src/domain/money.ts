/**
 * Money as integer minor units: parsing what invoices and policies print, formatting for reasons,
 * and splitting an amount in proportion without losing or inventing a single minor unit.
 */
import type { Money } from './types.js';

/**
 * ISO 4217 currencies whose minor unit is not the hundredth (list 1 of the standard): amounts in
 * minor units mean thousandths of a dinar and whole francs, yen or guaraní.
 */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

/** Symbols and words printed on invoices, longest first so "US$" wins over "$". */
const CURRENCY_MARKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/US\$/i, 'USD'],
  [/₹|\bRs\.?(?=\s|\d|$)|\bRupees?\b|\bINR\b/i, 'INR'],
  [/€|\bEUR\b|\bEuros?\b/i, 'EUR'],
  [/£|\bGBP\b/i, 'GBP'],
  [/¥|\bJPY\b/i, 'JPY'],
  [/\$|\bUSD\b|\bdollars?\b/i, 'USD'],
];

/** The currency an amount or a document names, or null when it names none. */
export function detectCurrency(text: string): string | null {
  for (const [mark, code] of CURRENCY_MARKS) if (mark.test(text)) return code;
  const code = /\b([A-Z]{3})\s*\d/.exec(text);
  return code?.[1] ?? null;
}

export interface ParsedAmount {
  amount_minor: number;
  /** The currency printed with the amount; null when only digits were printed. */
  currency: string | null;
}

const NUMBER_PATTERN = /\d[\d.,' \u00a0]*/;

/**
 * Reads "₹2,000", "Rs. 1,100.40", "INR 770", "$ 12.5", "1.234,56 EUR" or "1,00,000" as minor units.
 * Returns null when the number is missing or its separators are ambiguous ("1.234" could be either).
 */
export function parseAmount(text: string, fallbackCurrency?: string): ParsedAmount | null {
  const currency = detectCurrency(text);
  const number = NUMBER_PATTERN.exec(text.replace(/US\$|Rs\.?/gi, ' '))?.[0].trim();
  if (!number) return null;
  const negative = /[-−]\s*(?:[^\d\s]{0,4}\s*)?\d/.test(text) || /^\(.*\)$/.test(text.trim());
  const digits = minorDigits(currency ?? fallbackCurrency ?? 'XXX');
  const minor = decimalToMinor(number, digits);
  if (minor === null) return null;
  return { amount_minor: negative ? -minor : minor, currency };
}

/** Groups after the first are 3 digits (1,234,567) or, before the last, 2 digits (Indian 1,00,000). */
function isDigitGrouping(groups: readonly string[]): boolean {
  const [first = '', ...rest] = groups;
  return (
    /^\d{1,3}$/.test(first) &&
    rest.every(
      (group, index) => /^\d{3}$/.test(group) || (index < rest.length - 1 && /^\d{2}$/.test(group)),
    )
  );
}

function decimalToMinor(raw: string, digits: number): number | null {
  const compact = raw.replace(/[' \u00a0]/g, '').replace(/[.,]$/, '');
  const marks = [...new Set(compact.replace(/\d/g, ''))];
  let integerGroups: string[];
  let fraction = '';
  if (marks.length === 0) {
    integerGroups = [compact];
  } else if (marks.length === 2) {
    const decimalMark = compact.lastIndexOf('.') > compact.lastIndexOf(',') ? '.' : ',';
    const [integerText = '', fractionText = '', ...extra] = compact.split(decimalMark);
    if (extra.length > 0) return null;
    integerGroups = integerText.split(decimalMark === '.' ? ',' : '.');
    if (!isDigitGrouping(integerGroups)) return null;
    fraction = fractionText;
  } else {
    const groups = compact.split(marks[0] ?? '');
    const tail = groups[groups.length - 1] ?? '';
    // Three digits after a lone mark cannot be decimals of a two-decimal currency, so they group thousands.
    if (groups.length > 2 || (tail.length === 3 && digits !== 3)) {
      if (!isDigitGrouping(groups)) return null;
      integerGroups = groups;
    } else if (tail.length === 3 && marks[0] === ',') {
      return null; // "1,234" in a three-decimal currency: grouping or decimals, guessing would misread money.
    } else {
      integerGroups = [groups[0] ?? ''];
      fraction = tail;
    }
  }
  if (fraction.length > digits) {
    if (!/^0+$/.test(fraction.slice(digits))) return null;
    fraction = fraction.slice(0, digits);
  }
  const integerText = integerGroups.join('');
  if (!/^\d+$/.test(integerText) || !/^\d*$/.test(fraction)) return null;
  const minor = Number(integerText) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

const SYMBOLS: Readonly<Record<string, string>> = {
  INR: '₹',
  USD: '$',
  EUR: '€',
  GBP: '£',
  JPY: '¥',
};

/** "₹2,000.00" (symbol: true, the default, for currencies with a well-known symbol) or "INR 2,000.00". */
export function formatMoney(money: Money, opts: { symbol?: boolean } = {}): string {
  const digits = minorDigits(money.currency);
  const scale = 10 ** digits;
  const absolute = Math.abs(money.amount_minor);
  const units = Math.floor(absolute / scale)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits > 0 ? `.${String(absolute % scale).padStart(digits, '0')}` : '';
  const sign = money.amount_minor < 0 ? '-' : '';
  const symbol = (opts.symbol ?? true) ? SYMBOLS[money.currency] : undefined;
  return symbol
    ? `${sign}${symbol}${units}${fraction}`
    : `${sign}${money.currency} ${units}${fraction}`;
}

/**
 * Splits `total` in proportion to `weights` (largest remainder method): the parts always sum to
 * `total` exactly, and ties go to the earlier weight so the split is reproducible.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError('allocate: total must be an integer');
  if (weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0)) {
    throw new RangeError('allocate: weights must be non-negative integers');
  }
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  if (weights.length === 0) return [];
  if (weightSum === 0)
    return allocate(
      total,
      weights.map(() => 1),
    );
  if (total < 0) return allocate(-total, weights).map((part) => -part || 0);
  const big = BigInt(total);
  const bigSum = BigInt(weightSum);
  const parts = weights.map((weight) => Number((big * BigInt(weight)) / bigSum));
  const remainders = weights.map((weight, index) => ({
    index,
    remainder: (big * BigInt(weight)) % bigSum,
  }));
  let left = total - parts.reduce((sum, part) => sum + part, 0);
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const { index } of remainders) {
    if (left === 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

/** amount × numerator / denominator, rounded half away from zero, in exact integer arithmetic. */
export function scale(amount: number, numerator: number, denominator: number): number {
  if (denominator === 0) throw new RangeError('scale: denominator is zero');
  let product = BigInt(amount) * BigInt(numerator);
  let divisor = BigInt(denominator);
  if (divisor < 0n) {
    product = -product;
    divisor = -divisor;
  }
  const magnitude = ((product < 0n ? -product : product) * 2n + divisor) / (2n * divisor);
  return Number(product < 0n ? -magnitude : magnitude);
}

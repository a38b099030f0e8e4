/**
 * Exact arithmetic for the rates and percentages of rules and facts v2: decimal strings and basis
 * points become integer fractions (BigInt), and a result is rounded to minor units once, the way
 * the policy says. No float ever touches an amount.
 */
import { minorDigits } from './money.js';
import type { RoundingMode } from './rules/types.js';

/** A non-negative exact fraction. */
export interface Ratio {
  numerator: bigint;
  denominator: bigint;
}

const DECIMAL = /^\d+(\.\d+)?$/;

export function isDecimalString(text: string): boolean {
  return DECIMAL.test(text);
}

/** "152.48" → 15248/100. Throws on anything but plain digits with an optional "." decimal mark. */
export function parseDecimal(text: string): Ratio {
  if (!DECIMAL.test(text)) throw new RangeError(`not a decimal string: "${text}"`);
  const [units = '0', fraction = ''] = text.split('.');
  return { numerator: BigInt(units + fraction), denominator: 10n ** BigInt(fraction.length) };
}

export function ratio(numerator: number | bigint, denominator: number | bigint): Ratio {
  const num = BigInt(numerator);
  const den = BigInt(denominator);
  if (den === 0n) throw new RangeError('ratio: denominator is zero');
  return den < 0n ? { numerator: -num, denominator: -den } : { numerator: num, denominator: den };
}

export function invert(value: Ratio): Ratio {
  return ratio(value.denominator, value.numerator);
}

export function basisPoints(bp: number): Ratio {
  return ratio(bp, 10_000);
}

/** numerator / denominator rounded to an integer: half away from zero, toward zero, or away. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): number {
  if (denominator === 0n) throw new RangeError('divideRounded: denominator is zero');
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const num = numerator < 0n ? -numerator : numerator;
  const den = denominator < 0n ? -denominator : denominator;
  const quotient = num / den;
  const remainder = num % den;
  let magnitude = quotient;
  if (remainder !== 0n) {
    if (mode === 'up') magnitude += 1n;
    else if (mode === 'half_up' && remainder * 2n >= den) magnitude += 1n;
  }
  const result = Number(negative ? -magnitude : magnitude);
  if (!Number.isSafeInteger(result)) throw new RangeError('divideRounded: result out of range');
  return result;
}

/** amountMinor × factor, rounded to minor units. */
export function applyRatio(amountMinor: number, factor: Ratio, mode: RoundingMode): number {
  return divideRounded(BigInt(amountMinor) * factor.numerator, factor.denominator, mode);
}

/** part / whole of amountMinor, rounded: the share of a tax that follows part of a base. */
export function proportion(
  amountMinor: number,
  part: number,
  whole: number,
  mode: RoundingMode,
): number {
  if (whole === 0) return 0;
  return applyRatio(amountMinor, ratio(part, whole), mode);
}

/**
 * The factor from minor units of `from` to minor units of `to` at a printed rate (one `from`
 * unit is worth `rate` units of `to`): KWD → JPY at "432.5" turns fils into yen exactly.
 */
export function conversionFactor(from: string, to: string, rate: string): Ratio {
  const parsed = parseDecimal(rate);
  if (parsed.numerator === 0n) throw new RangeError('conversionFactor: rate is zero');
  const shift = minorDigits(to) - minorDigits(from);
  return shift >= 0
    ? ratio(parsed.numerator * 10n ** BigInt(shift), parsed.denominator)
    : ratio(parsed.numerator, parsed.denominator * 10n ** BigInt(-shift));
}

/** "12.5%" for 1250 basis points. */
export function formatPercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const fraction = String(Math.abs(bp % 100))
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}%`;
}

export const ROUNDING_WORDS: Readonly<Record<RoundingMode, string>> = {
  half_up: 'rounded to the nearest minor unit',
  down: 'rounded down',
  up: 'rounded up',
};

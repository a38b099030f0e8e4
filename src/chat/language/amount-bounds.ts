/**
 * Amounts a question bounds the claimed total by ("over ₹500", "between 100 and 500", "at most
 * Rs 2k"), as inclusive bounds in minor units: the store's amount filter. Read before dates take
 * their numbers, so an amount pattern must itself refuse what starts a date or a duration.
 */

import { parseAmount } from '../../domain/money.js';
import type { QuestionScanner } from './scanner.js';

export interface AmountBounds {
  amount_min_minor?: number;
  amount_max_minor?: number;
}

const CURRENCY = '(?:₹|rs\\.?|inr|rupees?)';
/** A number that is an amount, not the start of a date or a duration ("15 Dec", "30 days"). */
const AMOUNT = `(${CURRENCY}?\\s*\\d[\\d,]*(?:\\.\\d{1,2})?(?:\\s*(?:k|lakhs?|lacs?)\\b)?(?:\\s*${CURRENCY})?)(?!\\d|[,.]\\d|\\s*(?:days?|weeks?|months?|years?|times|invoices|bills|receipts|claims|st|nd|rd|th|of|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\\b)`;
const BETWEEN = new RegExp(`\\b(?:between|from)\\s+${AMOUNT}\\s+(?:and|to|-)\\s+${AMOUNT}`);
const COMPARISONS: ReadonlyArray<
  readonly [RegExp, 'above' | 'at_least' | 'below' | 'at_most' | 'exactly']
> = [
  [
    new RegExp(
      `(?:\\b(?:over|above|more than|greater than|higher than|exceeding|in excess of)|>)\\s*${AMOUNT}`,
    ),
    'above',
  ],
  [
    new RegExp(`(?:\\b(?:at least|minimum(?: of)?|no less than|not less than)|>=)\\s*${AMOUNT}`),
    'at_least',
  ],
  [new RegExp(`(?:\\b(?:under|below|less than|lower than|cheaper than)|<)\\s*${AMOUNT}`), 'below'],
  [
    new RegExp(
      `(?:\\b(?:at most|up to|maximum(?: of)?|no more than|not more than|max)|<=)\\s*${AMOUNT}`,
    ),
    'at_most',
  ],
  [new RegExp(`(?:\\b(?:exactly|equal to)|=)\\s*${AMOUNT}`), 'exactly'],
];

/** "2k" is 2,000 and "1.5 lakh" 150,000 (the Indian hundred thousand). */
const MULTIPLIERS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\s*k\b/, 1_000],
  [/\s*(?:lakhs?|lacs?)\b/, 100_000],
];

function amountMinor(text: string | undefined, currency: string): number | null {
  if (!text) return null;
  const [suffix, multiplier] = MULTIPLIERS.find(([pattern]) => pattern.test(text)) ?? [/$^/, 1];
  const parsed = parseAmount(text.replace(suffix, ''), currency);
  if (!parsed || parsed.amount_minor < 0) return null;
  return parsed.amount_minor * multiplier;
}

export function takeAmountBounds(scanner: QuestionScanner, currency: string): AmountBounds | null {
  const bounds: AmountBounds = {};
  for (const match of scanner.take(
    BETWEEN,
    (found) => amountMinor(found[1], currency) !== null && amountMinor(found[2], currency) !== null,
  )) {
    const [low, high] = [
      amountMinor(match[1], currency) ?? 0,
      amountMinor(match[2], currency) ?? 0,
    ].sort((a, b) => a - b);
    bounds.amount_min_minor = low;
    bounds.amount_max_minor = high;
  }
  for (const [pattern, comparison] of COMPARISONS) {
    for (const match of scanner.take(
      pattern,
      (found) => amountMinor(found[1], currency) !== null,
    )) {
      const amount = amountMinor(match[1], currency) ?? 0;
      // Bounds are inclusive integers, so "over ₹500" starts one minor unit above 500.
      if (comparison === 'above' || comparison === 'at_least' || comparison === 'exactly')
        bounds.amount_min_minor = comparison === 'above' ? amount + 1 : amount;
      if (comparison === 'below' || comparison === 'at_most' || comparison === 'exactly')
        bounds.amount_max_minor = comparison === 'below' ? Math.max(0, amount - 1) : amount;
    }
  }
  return Object.keys(bounds).length > 0 ? bounds : null;
}

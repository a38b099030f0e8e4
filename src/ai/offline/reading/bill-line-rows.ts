/**
 * One row of a bill read as a possible line: its description, amounts, quantity, date and tax
 * rate, or nothing when the row is a total, a payment or a reference. Whether the row is kept is
 * decided in bill-lines.ts, from the rows around it and what they add up to.
 */
import type { PreparedDocument } from './document.js';
import { type LabelRole, SETTLEMENT_ROLES } from './label-tables.js';
import type { LabelMatch } from './labels.js';
import { conceptHits } from './lexicon.js';
import type { AmountToken } from './numbers.js';

/** Rows with these labels are totals, taxes, payments or references, never lines. */
const NOT_LINES: ReadonlySet<LabelRole> = new Set([
  ...SETTLEMENT_ROLES,
  'number',
  'other_number',
  'tax_id',
  'date',
  'other_date',
  'order_date',
  'checkout_date',
]);

export interface LineCandidate {
  row: number;
  description: string;
  amounts: AmountToken[];
  quantity: number | null;
  date: string | null;
  rate: number | null;
  page: number;
}

/** Amounts of a row that are money, not counts or sizes. */
export function moneyTokens(doc: PreparedDocument, index: number): AmountToken[] {
  const text = doc.rows[index]?.text ?? '';
  return (doc.amounts[index] ?? []).filter((token) =>
    // "×2 ¥1,100": a count after a multiplication sign, whatever marker follows it.
    /[x×*]\s*$/.test(text.slice(Math.max(0, token.index - 2), token.index))
      ? false
      : doc.minorDigits === 0
        ? // Without a minor unit every number could be money: a marker, grouping or size says so.
          token.mark !== null || /[.,'\u00a0 ]/.test(token.digits) || token.minor >= 100
        : token.decimals > 0 || token.mark !== null,
  );
}

const QUANTITY_BEFORE = /^(\d{1,3})\s*(?:[x×*]\s*)?(?=\p{L})/u;
const QUANTITY_MARK = /(?:^|\s)(?:[x×*]\s*(\d{1,3})|(\d{1,3})\s*[x×*])(?=\s|$)/u;

export function lineCandidateAt(doc: PreparedDocument, index: number): LineCandidate | null {
  const row = doc.rows[index];
  if (!row) return null;
  const labels = leadingLabels(doc, index);
  const charge = labels.every((label) => label.role === 'tax') && chargeTax(row.text);
  if (!charge && labels.some((label) => NOT_LINES.has(label.role) && !label.weak)) return null;
  const amounts = moneyTokens(doc, index);
  const first = amounts[0];
  const last = amounts.at(-1);
  if (!first || !last) return null;
  // A line's amount closes its row ("Room 812 Single" names a room); a masked card is a payment.
  if (/\p{L}{4,}/u.test(row.text.slice(last.end)) || /[*xX•]{3,}\d{2,4}/.test(row.text))
    return null;
  let text = row.text.slice(0, first.index);
  const date = (doc.dates[index] ?? []).find((hit) => hit.index < first.index) ?? null;
  if (date) text = text.slice(0, date.index) + text.slice(date.end);
  text = text.replace(/\d+(?:[.,]\d+)?\s*%/g, ' ');
  let quantity: number | null = null;
  const marked = QUANTITY_MARK.exec(text);
  const leading = QUANTITY_BEFORE.exec(text.trim());
  if (marked) quantity = Number(marked[1] ?? marked[2]);
  else if (leading) quantity = Number(leading[1]);
  else {
    // A quantity column: a whole number printed right before the prices.
    const counted = (doc.amounts[index] ?? []).filter(
      (token) => token.index < first.index && !token.percent && /^\d{1,3}$/.test(token.digits),
    );
    const column = counted.at(-1);
    if (column && !/\p{L}/u.test(row.text.slice(column.end, first.index)))
      quantity = Number(column.digits);
  }
  const description = (marked ? text.replace(marked[0], ' ') : text)
    .replace(leading && !marked ? QUANTITY_BEFORE : /$^/, '')
    .replace(/[\s\d.,:;'"·|€£$¥￥円-]+$/u, '')
    .replace(/^[\s·|:-]+/u, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/\p{L}.*\p{L}/su.test(description)) return null;
  const rates = doc.rates[index] ?? [];
  const rate = rates.length === 1 ? ratePoints(rates[0] as AmountToken) : null;
  return {
    row: index,
    description,
    amounts,
    quantity,
    date: date?.iso ?? null,
    rate,
    page: row.page,
  };
}

/**
 * Labels that head their row (after a date at most): a label word inside a description ("Lobby
 * Bar - 2 x Gin") does not make the row a total or a payment.
 */
export function leadingLabels(doc: PreparedDocument, index: number): LabelMatch[] {
  const row = doc.rows[index];
  if (!row) return [];
  const dates = doc.dates[index] ?? [];
  return (doc.labels[index] ?? []).filter((label) => {
    let before = row.text.slice(0, label.start);
    for (const date of dates.filter((hit) => hit.end <= label.start))
      before = before.replace(row.text.slice(date.index, date.end), ' ');
    // A label heads its row, or closes the description ("City sales tax 10% 18.53").
    return !/\p{L}{2}/u.test(before) || !/\p{L}{2}/u.test(row.text.slice(label.end));
  });
}

/** A tax charged as a line of its own (a city tax), not the tax summary of the bill. */
export function chargeTax(text: string): boolean {
  return (
    conceptHits(text, (concept) => concept.line === 'tourist_tax' || concept.line === 'room_tax')
      .length > 0
  );
}

/** "10 %" → 1000 basis points, "5,5 %" → 550. */
function ratePoints(token: AmountToken): number | null {
  const value = Number(token.digits.replace(',', '.'));
  return Number.isFinite(value) && value > 0 && value < 100 ? Math.round(value * 100) : null;
}

/**
 * Invoice text as logical lines. PDF text extraction often prints a totals block as a column of
 * amounts followed by a column of labels ("700.00 35.00 35.00 770.00" then "Sub Total: CGST: 5%
 * SGST: 5% Total:"); the two columns are zipped back into "Sub Total: 700.00" lines here.
 */
import { looksAlcoholic, looksTobacco } from '../../domain/exclusions.js';
import { parseAmount } from '../../domain/money.js';
import type { LineItem } from '../../domain/types.js';

export interface TextLine {
  text: string;
  /** 1-based page. */
  page: number;
}

const BARE_AMOUNT = /^(?:₹|Rs\.?|INR|\$|€|£)?\s*-?\d[\d,]*(?:\.\d{1,2})?$/i;
const COLUMN_LABEL = /^[A-Za-z][A-Za-z .()/&-]{0,30}:\s*(?:\d+(?:\.\d+)?\s*%)?$/;

export function logicalLines(pages: readonly string[]): TextLine[] {
  const raw: TextLine[] = pages.flatMap((text, index) =>
    text
      .split(/\r?\n/)
      .map((line) => ({ text: line.replace(/[\t\u00a0 ]+/g, ' ').trim(), page: index + 1 }))
      .filter((line) => line.text.length > 0),
  );
  const lines: TextLine[] = [];
  for (let index = 0; index < raw.length; ) {
    const amounts = runLength(raw, index, (line) => BARE_AMOUNT.test(line.text));
    const labels =
      amounts >= 2 ? runLength(raw, index + amounts, (line) => COLUMN_LABEL.test(line.text)) : 0;
    if (amounts >= 2 && labels === amounts) {
      for (let offset = 0; offset < amounts; offset += 1) {
        const label = raw[index + amounts + offset] as TextLine;
        const amount = raw[index + offset] as TextLine;
        lines.push({ text: `${label.text} ${amount.text}`, page: amount.page });
      }
      index += amounts * 2;
      continue;
    }
    lines.push(raw[index] as TextLine);
    index += 1;
  }
  return lines;
}

function runLength(
  lines: readonly TextLine[],
  start: number,
  test: (line: TextLine) => boolean,
): number {
  let length = 0;
  while (start + length < lines.length && test(lines[start + length] as TextLine)) length += 1;
  return length;
}

const AMOUNT_TOKEN = /(?:₹|Rs\.?|INR|US\$|\$|€|£)?\s*-?\d[\d,]*(?:\.\d{1,2})?(?!\s*%)(?![\d.,])/gi;

/** The last amount on a line, ignoring percentages ("CGST: 2.5% ₹ 26.2" → 26.20). */
export function lastAmount(text: string, currency: string): number | null {
  const withoutRates = text.replace(/\d+(?:\.\d+)?\s*%/g, ' ');
  const tokens = [...withoutRates.matchAll(AMOUNT_TOKEN)].map((match) => match[0].trim());
  const last = tokens[tokens.length - 1];
  return last ? (parseAmount(last, currency)?.amount_minor ?? null) : null;
}

export interface LabelledAmount {
  amount_minor: number;
  line: TextLine;
  /** Index of the label in the list given: lower is preferred. */
  rank: number;
}

/** Amounts on lines whose label matches one of the patterns (in order of preference). */
export function labelledAmounts(
  lines: readonly TextLine[],
  labels: readonly RegExp[],
  currency: string,
  exclude?: RegExp,
): LabelledAmount[] {
  const found: LabelledAmount[] = [];
  for (const line of lines) {
    if (exclude?.test(line.text)) continue;
    const rank = labels.findIndex((label) => label.test(line.text));
    if (rank < 0) continue;
    const amount = lastAmount(line.text.slice(line.text.search(labels[rank] as RegExp)), currency);
    if (amount !== null) found.push({ amount_minor: amount, line, rank });
  }
  return found;
}

const ITEM_HEADER = /\b(qty|quantity|item|items|description|particulars)\b/i;
const ITEMS_END = /\b(sub\s*-?total|total|cgst|sgst|igst|gst|vat|tax|discount|round)\b/i;
const AMT = '(?:₹|Rs\\.?|INR|\\$)?\\s*(\\d[\\d,]*(?:\\.\\d{1,2})?)';
const QTY_FIRST = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s+(.+?)\\s+${AMT}\\s+${AMT}$`, 'i');
const QTY_AFTER = new RegExp(`^(.+?)\\s+(\\d+(?:\\.\\d+)?)\\s+${AMT}\\s+${AMT}$`, 'i');

export interface ReadLineItem {
  item: LineItem;
  page: number;
  /** quantity × price equals the amount printed. */
  arithmetic_ok: boolean;
}

/** Line items between an items header ("QTY Item Price Amount") and the first totals line. */
export function lineItems(lines: readonly TextLine[], currency: string): ReadLineItem[] {
  const start = lines.findIndex((line) => ITEM_HEADER.test(line.text) && !/\d{2,}/.test(line.text));
  if (start < 0) return [];
  const items: ReadLineItem[] = [];
  for (const line of lines.slice(start + 1)) {
    if (ITEMS_END.test(line.text) || BARE_AMOUNT.test(line.text)) break;
    const qtyFirst = QTY_FIRST.exec(line.text);
    const match = qtyFirst ?? QTY_AFTER.exec(line.text);
    if (!match) continue;
    const [quantityText, description] = qtyFirst ? [match[1], match[2]] : [match[2], match[1]];
    const quantity = Number(quantityText);
    const price = parseAmount(match[3] ?? '', currency)?.amount_minor;
    const amount = parseAmount(match[4] ?? '', currency)?.amount_minor;
    if (amount === undefined || price === undefined || !description) continue;
    const cleaned = description.replace(/\s+/g, ' ').trim();
    items.push({
      item: {
        description: cleaned,
        amount_minor: amount,
        quantity,
        alcohol: looksAlcoholic(cleaned),
        tobacco: looksTobacco(cleaned),
      },
      page: line.page,
      arithmetic_ok: Math.abs(Math.round(quantity * price) - amount) <= 1,
    });
  }
  return items;
}

/**
 * The issue date and the document number of a prepared document, by their labels in any of the
 * languages read, paired with their value on the row or in the column below. Dates labelled as
 * something else (due, delivery, order, period) and numbers labelled as something else
 * (customer, order, tax ids) are never taken for them.
 */

import type { DateHit } from './dates.js';
import type { PreparedDocument } from './document.js';
import { pairLabels, type ValueHit } from './label-pairing.js';
import type { LabelMatch } from './labels.js';

export interface Read<T> {
  value: T;
  confidence: number;
  page: number;
}

function datesOf(doc: PreparedDocument): Array<Array<ValueHit<DateHit>>> {
  return doc.rows.map((row, index) => {
    const hits = doc.dates[index] ?? [];
    // The two ends of a period ("01/01/24 - 01/31/24", "vom 1.3. bis 31.3.2024") are not issue dates.
    const ranged = new Set<DateHit>();
    hits.forEach((hit, i) => {
      const next = hits[i + 1];
      const between = next ? row.text.slice(hit.end, next.index) : '';
      if (next && /^\s*(?:-|–|—|to|bis|au|al|tot|a|~|〜|～)\s*$/i.test(between)) {
        ranged.add(hit);
        ranged.add(next);
      }
    });
    return hits
      .filter((hit) => !ranged.has(hit))
      .map((hit) => ({ value: hit, start: hit.index, end: hit.end }));
  });
}

/** "München, den 01.11.2024", "Paris, le 3 août 2024", "Madrid, 3 de mayo de 2024". */
const LETTER_DATE = /^[\p{L}][\p{L} .'-]{1,40},\s*(?:den|le|el|il|am|op)?\s*$/u;

/** A row of running text ("Credits will expire on 28 Jan 2016."), not a field. */
function prose(text: string): boolean {
  return text.split(/\s+/).filter((word) => /^\p{Ll}{2,}/u.test(word)).length >= 5;
}

interface DateCandidate {
  hit: DateHit;
  row: number;
  /** Lower is better. */
  rank: number;
  confidence: number;
}

/**
 * The issue date: a date under an issue-date label; else a letter's date ("München, den …");
 * else a labelled date in the page footer (often when it was printed); else the order date;
 * else a departure (check-out) date; else a travel date; else the first date in a field, then in running text. Due, delivery and
 * period dates never.
 */
export function readIssueDate(doc: PreparedDocument): Read<string> | null {
  const values = datesOf(doc);
  const pairs = pairLabels({ rows: doc.rows, labels: doc.labels, values }, (label: LabelMatch) =>
    ['date', 'other_date', 'order_date', 'travel_date', 'checkout_date'].includes(label.role),
  );
  const claimed = new Set(
    pairs.filter((pair) => pair.label.role === 'other_date').map((pair) => pair.value.value),
  );
  const otherRows = new Set(
    doc.labels.flatMap((labels, index) =>
      labels.some((label) => label.role === 'other_date') ? [index] : [],
    ),
  );
  const candidates: DateCandidate[] = [];
  for (const pair of pairs) {
    const hit = pair.value.value;
    if (claimed.has(hit) || pair.label.role === 'other_date') continue;
    // Under a table's "Date" column a date is a line's (a folio's nights), not the document's.
    if (pair.relation === 'column') continue;
    const footer = inFooter(doc, pair.valueRow);
    // A ticket is issued before the journey: its travel date only stands in when nothing else
    // dates it, after an order date and before any unlabelled date.
    // A folio is issued when the guest leaves: the departure stands in before order dates.
    const [rank, confidence] =
      pair.label.role === 'travel_date'
        ? [4.5, 0.6]
        : pair.label.role === 'checkout_date'
          ? [3.5, 0.75]
          : pair.label.role === 'order_date'
            ? [4, 0.7]
            : pair.label.weak
              ? [3, 0.85]
              : footer
                ? [3, 0.75]
                : [1, 0.95];
    candidates.push({ hit, row: pair.valueRow, rank, confidence });
  }
  values.forEach((hits, index) => {
    const row = doc.rows[index];
    if (!row || otherRows.has(index)) return;
    for (const { value: hit } of hits) {
      if (claimed.has(hit)) continue;
      // The place may sit in the cell before the date's own ("München, den" | "01.11.2024").
      const at = row.cells.findIndex((c) => hit.index >= c.start && hit.index < c.end);
      const cell = row.cells[at];
      const opensCell = cell !== undefined && row.text.slice(cell.start, hit.index).trim() === '';
      const from = opensCell && at > 0 ? row.cells[at - 1] : cell;
      const before = row.text.slice(from?.start ?? 0, hit.index).trim();
      if (LETTER_DATE.test(before)) candidates.push({ hit, row: index, rank: 2, confidence: 0.85 });
      else candidates.push({ hit, row: index, rank: prose(row.text) ? 6 : 5, confidence: 0.6 });
    }
  });
  const best = candidates.sort((a, b) => a.rank - b.rank || a.row - b.row)[0];
  if (!best) return null;
  return { value: best.hit.iso, confidence: best.confidence, page: doc.rows[best.row]?.page ?? 1 };
}

/** The last tenth of a positioned page: footers carry print dates and legal small print. */
function inFooter(doc: PreparedDocument, index: number): boolean {
  const row = doc.rows[index];
  const height = row ? (doc.pageHeights[row.page - 1] ?? null) : null;
  return row?.geometry === true && height !== null && row.y > height * 0.9;
}

/**
 * A document number: letters, digits and the marks numbers are written with ("RE-2024/001",
 * "INV_0042", "#12345"), holding at least one digit. Dates and decimal amounts are not numbers.
 */
const ID_TOKEN = /#?\s?([A-Za-z0-9][A-Za-z0-9_/.-]*[A-Za-z0-9]|\d)/g;

function idsOf(doc: PreparedDocument, index: number): Array<ValueHit<string>> {
  const row = doc.rows[index];
  if (!row) return [];
  const dates = doc.dates[index] ?? [];
  const hits: Array<ValueHit<string>> = [];
  for (const match of row.text.matchAll(ID_TOKEN)) {
    const value = match[1] ?? '';
    const start = match.index + match[0].length - value.length;
    const end = start + value.length;
    if (!/\d/.test(value)) continue;
    if (dates.some((date) => start < date.end && end > date.index)) continue;
    // "12,50" or "1.234,56" is an amount; "2014-03" and "R0005532486" are numbers.
    if (/^\d{1,3}(?:[.,]\d{3})*[.,]\d{2}$/.test(value)) continue;
    hits.push({ value, start, end });
  }
  return hits;
}

export function readDocumentNumber(doc: PreparedDocument): Read<string> | null {
  const values = doc.rows.map((_, index) => idsOf(doc, index));
  const pairs = pairLabels(
    { rows: doc.rows, labels: doc.labels, values },
    (label: LabelMatch) => label.role === 'number',
  );
  const chosen = pairs
    .filter((pair) => pair.place === 0)
    // Weak labels ("Invoice 2024-001", "No. 7") need a value that looks like a number.
    .filter((pair) => !pair.label.weak || /\d{3,}|\d.*[A-Za-z]|[A-Za-z].*\d/.test(pair.value.value))
    .sort((a, b) => Number(a.label.weak) - Number(b.label.weak) || a.labelRow - b.labelRow)[0];
  if (!chosen) return null;
  return {
    value: chosen.value.value,
    confidence: chosen.label.weak ? 0.7 : 0.9,
    page: doc.rows[chosen.valueRow]?.page ?? 1,
  };
}

/** English document-number labels that name a booking: a ticket's PNR is its number and its booking. */
const BOOKING_NUMBER_LABELS: ReadonlySet<string> = new Set([
  'booking reference',
  'booking no',
  'booking id',
  'pnr',
  'pnr no',
]);

/**
 * A booking reference: letters and digits, at least five, holding a digit or all capitals (a PNR
 * is six letters). Words of a sentence are not references.
 */
const BOOKING_TOKEN =
  /(?<![\p{L}\p{N}])([A-Za-z0-9][A-Za-z0-9/-]{3,22}[A-Za-z0-9])(?![\p{L}\p{N}])/gu;

function bookingTokensOf(doc: PreparedDocument, index: number): Array<ValueHit<string>> {
  const row = doc.rows[index];
  if (!row) return [];
  const dates = doc.dates[index] ?? [];
  const hits: Array<ValueHit<string>> = [];
  for (const match of row.text.matchAll(BOOKING_TOKEN)) {
    const value = match[1] ?? '';
    const start = match.index;
    const end = start + value.length;
    if (!/\d/.test(value) && !/^[A-Z]{5,}$/.test(value)) continue;
    if (dates.some((date) => start < date.end && end > date.index)) continue;
    hits.push({ value, start, end });
  }
  return hits;
}

/**
 * The booking reference (PNR, dossier, Buchungsnummer) under its label: the ticket and the invoice
 * of one purchase both print it, where their own numbers differ.
 */
export function readBookingReference(doc: PreparedDocument): Read<string> | null {
  const values = doc.rows.map((_, index) => bookingTokensOf(doc, index));
  const chosen = pairLabels(
    { rows: doc.rows, labels: doc.labels, values },
    (label: LabelMatch) =>
      label.role === 'booking' ||
      (label.role === 'number' && BOOKING_NUMBER_LABELS.has(label.phrase)),
  )
    .filter((pair) => pair.place === 0)
    .sort((a, b) => a.labelRow - b.labelRow)[0];
  if (!chosen) return null;
  return { value: chosen.value.value, confidence: 0.8, page: doc.rows[chosen.valueRow]?.page ?? 1 };
}

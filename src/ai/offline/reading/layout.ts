/**
 * Rows of a page and the pairing of labels with their values. A PDF page comes with the position
 * of every piece of text (pdf.js), so rows are rebuilt by where the text sits, not by the order
 * it was written in, and a label finds its value on the same row to its right or in the same
 * column below. Photos (OCR) and PDFs read without positions give plain lines: a label pairs on
 * its line, with the next line, or across a block of labels followed by a block of values.
 */
import type { LabelMatch } from './labels.js';

/** One piece of text as pdf.js places it: x from the left, y the baseline from the top (pt). */
export interface PositionedItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PageItems {
  /** 1-based. */
  page: number;
  width: number;
  height: number;
  items: PositionedItem[];
}

export interface Cell {
  text: string;
  /** Offsets of the cell in its row's text. */
  start: number;
  end: number;
  x0: number;
  x1: number;
}

export interface Row {
  page: number;
  /** Cells joined by two spaces. */
  text: string;
  cells: Cell[];
  /** Baseline from the top of the page and text height, in pt; a plain line counts lines. */
  y: number;
  height: number;
  /** False for plain text lines: x is then a character offset, not a position. */
  geometry: boolean;
}

const CELL_JOIN = '  ';

function rowOf(
  page: number,
  y: number,
  height: number,
  parts: Omit<Cell, 'start' | 'end'>[],
  geometry: boolean,
): Row {
  let text = '';
  const cells: Cell[] = [];
  for (const part of parts) {
    if (text) text += CELL_JOIN;
    cells.push({ ...part, start: text.length, end: text.length + part.text.length });
    text += part.text;
  }
  return { page, text, cells, y, height, geometry };
}

/** Rows of a positioned page, top to bottom, cells left to right. */
export function rowsFromItems(page: PageItems): Row[] {
  const items = page.items
    .filter((item) => item.str.trim().length > 0)
    .sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: PositionedItem[][] = [];
  for (const item of items) {
    const group = groups.find((candidate) => {
      const first = candidate[0] as PositionedItem;
      const tolerance = 0.45 * Math.max(first.height, item.height, 1);
      return Math.abs(first.y - item.y) <= tolerance;
    });
    if (group) group.push(item);
    else groups.push([item]);
  }
  const rows = groups.map((group) => {
    group.sort((a, b) => a.x - b.x);
    const height = Math.max(...group.map((item) => item.height), 1);
    const parts: Array<Omit<Cell, 'start' | 'end'>> = [];
    for (const item of group) {
      const last = parts[parts.length - 1];
      const gap = last ? item.x - last.x1 : Number.POSITIVE_INFINITY;
      if (last && gap <= 0.8 * height) {
        const spaced = gap > 0.15 * height && !/\s$/.test(last.text) && !/^\s/.test(item.str);
        last.text = `${last.text}${spaced ? ' ' : ''}${item.str}`.replace(/\s+/g, ' ');
        last.x1 = Math.max(last.x1, item.x + item.width);
      } else {
        parts.push({
          text: item.str.trim().replace(/\s+/g, ' '),
          x0: item.x,
          x1: item.x + item.width,
        });
      }
    }
    for (const part of parts) part.text = part.text.trim();
    const y = group.reduce((sum, item) => sum + item.y, 0) / group.length;
    return rowOf(page.page, y, height, parts, true);
  });
  return rows.sort((a, b) => a.y - b.y);
}

/** Rows of plain text: one per line, cells split at tabs and runs of spaces. */
export function rowsFromText(text: string, page: number): Row[] {
  const rows: Row[] = [];
  let lineNumber = 0;
  for (const line of text.split(/\r?\n/)) {
    lineNumber += 1;
    const parts: Array<Omit<Cell, 'start' | 'end'>> = [];
    const push = (from: number, to: number): void => {
      const cell = line
        .slice(from, to)
        .trim()
        .replace(/[ \u00a0]+/g, (run) => (run.includes('\u00a0') ? '\u00a0' : ' '));
      if (cell) parts.push({ text: cell, x0: from, x1: to });
    };
    let from = 0;
    for (const separator of line.matchAll(/\t| {2,}/g)) {
      push(from, separator.index);
      from = separator.index + separator[0].length;
    }
    push(from, line.length);
    if (parts.length > 0) rows.push(rowOf(page, lineNumber, 1, parts, false));
  }
  return rows;
}

export interface ValueHit<T> {
  value: T;
  start: number;
  end: number;
}

/** `column`: below a header over a column of several values, the header of a table. */
export type Relation = 'right' | 'below' | 'column' | 'next' | 'block';

export interface Pairing<T> {
  label: LabelMatch;
  labelRow: number;
  value: ValueHit<T>;
  valueRow: number;
  relation: Relation;
  /** Values sharing the label (a summary row "Total : 255.00 16.30" has two); 0-based place. */
  siblings: number;
  place: number;
}

export interface PairingInput<T> {
  rows: readonly Row[];
  labels: readonly (readonly LabelMatch[])[];
  values: readonly (readonly ValueHit<T>[])[];
}

function cellAt(row: Row, offset: number): Cell | undefined {
  return row.cells.find((cell) => offset >= cell.start && offset < cell.end) ?? row.cells.at(-1);
}

/** Where a stretch of the row's text sits across the page, interpolated inside its cell. */
function xRange(row: Row, start: number, end: number): [number, number] {
  const cell = cellAt(row, start);
  if (!cell) return [0, 0];
  const unit = (cell.x1 - cell.x0) / Math.max(1, cell.end - cell.start);
  const x0 = cell.x0 + unit * (start - cell.start);
  return [x0, Math.max(x0 + unit, cell.x0 + unit * (Math.min(end, cell.end) - cell.start))];
}

/**
 * Each wanted label with its values: first those after it on its row (up to the next label),
 * then, positioned, the nearest value in the same column below; in plain lines, a value alone
 * on the next line, or a block of values following (or followed by) as many lone labels.
 */
export function pairLabels<T>(
  input: PairingInput<T>,
  wanted: (label: LabelMatch) => boolean,
): Array<Pairing<T>> {
  const { rows, values } = input;
  const labels = rows.map((row, r) => runs(row, input.labels[r] ?? [], values[r] ?? []));
  input = { rows, labels, values };
  const zipped = blocks(input);
  const inBlocks = new Set(zipped.flatMap((pair) => [pair.labelRow, pair.valueRow]));
  const pairs: Array<Pairing<T>> = zipped.filter((pair) => wanted(pair.label));
  rows.forEach((row, r) => {
    if (inBlocks.has(r)) return;
    const rowLabels = labels[r] ?? [];
    rowLabels.forEach((label, k) => {
      if (!wanted(label)) return;
      const stop = rowLabels[k + 1]?.start ?? row.text.length;
      const inline = (values[r] ?? []).filter((hit) => hit.start >= label.end && hit.start < stop);
      if (inline.length > 0) {
        inline.forEach((value, place) => {
          pairs.push({
            label,
            labelRow: r,
            value,
            valueRow: r,
            relation: 'right',
            siblings: inline.length,
            place,
          });
        });
        return;
      }
      const below = row.geometry ? columnBelow(input, r, label) : nextLine(input, r);
      if (below) pairs.push({ label, labelRow: r, ...below, siblings: 1, place: 0 });
    });
  });
  return pairs;
}

const QUALIFIERS: ReadonlySet<string> = new Set(['excluding', 'including']);

/**
 * Labels printed together in one cell, close and with no value between, are one label, read as
 * its first (strong) label that is not a qualifier: "Total Sales (Incl. GST)" is a total,
 * "inkl. 19 % MwSt" a tax; a total said to be without tax ("Summe ohne USt") is a net amount.
 */
function runs<T>(
  row: Row,
  labels: readonly LabelMatch[],
  values: readonly ValueHit<T>[],
): LabelMatch[] {
  const groups: LabelMatch[][] = [];
  for (const label of labels) {
    const group = groups[groups.length - 1];
    const last = group?.[group.length - 1];
    const sameCell = last !== undefined && cellAt(row, last.start) === cellAt(row, label.start);
    const between = last ? row.text.slice(last.end, label.start) : '';
    // Only qualifiers between them ("(Incl. ", " inkl. 19 % "), not other words of the row.
    const close = between.length <= 16 && between.split(/\s+/).filter(Boolean).length <= 3;
    const valueBetween = values.some(
      (hit) => hit.start >= (last?.end ?? 0) && hit.start < label.start,
    );
    if (group && last && sameCell && close && !valueBetween) group.push(label);
    else groups.push([label]);
  }
  return groups.map((group) => {
    const first = group[0] as LabelMatch;
    const last = group[group.length - 1] as LabelMatch;
    const meaningful = group.filter((label) => !QUALIFIERS.has(label.role));
    const lead = meaningful.find((label) => !label.weak) ?? meaningful[0] ?? first;
    const excluding = group.some((label) => label.role === 'excluding');
    const role = excluding && (lead.role === 'total' || lead.role === 'due') ? 'net' : lead.role;
    return { ...lead, role, start: first.start, end: last.end };
  });
}

function columnBelow<T>(
  input: PairingInput<T>,
  r: number,
  label: LabelMatch,
): Pick<Pairing<T>, 'value' | 'valueRow' | 'relation'> | null {
  const { rows, labels, values } = input;
  const row = rows[r] as Row;
  const [lx0, lx1] = xRange(row, label.start, label.end);
  const width = Math.max(lx1 - lx0, 10);
  const centre = (lx0 + lx1) / 2;
  for (let next = r + 1; next < rows.length && next <= r + 6; next += 1) {
    const below = rows[next] as Row;
    if (below.page !== row.page || below.y - row.y > 6 * row.height) break;
    const near = (start: number, end: number): number | null => {
      const [x0, x1] = xRange(below, start, end);
      if (x1 < lx0 - width * 0.6 || x0 > lx1 + width * 0.6) return null;
      return Math.abs((x0 + x1) / 2 - centre);
    };
    const header = (labels[next] ?? []).some((other) => near(other.start, other.end) !== null);
    const candidates = (values[next] ?? [])
      .map((value) => ({ value, distance: near(value.start, value.end) }))
      .filter((candidate) => candidate.distance !== null)
      .sort((a, b) => (a.distance ?? 0) - (b.distance ?? 0));
    const best = candidates[0];
    if (best) {
      // More values right under it: the label heads a table column, it totals nothing.
      const after = rows[next + 1];
      const table =
        after?.page === row.page &&
        (values[next + 1] ?? []).some((value) => {
          const [x0, x1] = xRange(after, value.start, value.end);
          return !(x1 < lx0 - width * 0.6 || x0 > lx1 + width * 0.6);
        });
      return { value: best.value, valueRow: next, relation: table ? 'column' : 'below' };
    }
    if (header) break;
  }
  return null;
}

function nextLine<T>(
  input: PairingInput<T>,
  r: number,
): Pick<Pairing<T>, 'value' | 'valueRow' | 'relation'> | null {
  const { rows, labels, values } = input;
  const next = rows[r + 1];
  const hits = values[r + 1] ?? [];
  if (!next || next.page !== rows[r]?.page || (labels[r + 1] ?? []).length > 0) return null;
  const first = hits[0];
  // Only a line that is its value: "Total" then "12,50 €", not a line of item text.
  if (
    !first ||
    hits.length !== 1 ||
    next.text.replace(/[\s:]/g, '').length > first.end - first.start + 4
  )
    return null;
  return { value: first, valueRow: r + 1, relation: 'next' };
}

/** Plain text that printed a column of labels and then a column of values (or the reverse). */
function blocks<T>(input: PairingInput<T>): Array<Pairing<T>> {
  const { rows, labels, values } = input;
  const labelOnly = (r: number): boolean =>
    !rows[r]?.geometry && (labels[r] ?? []).length === 1 && (values[r] ?? []).length === 0;
  const valueOnly = (r: number): boolean => {
    const hit = values[r]?.[0];
    return (
      !rows[r]?.geometry &&
      (labels[r] ?? []).length === 0 &&
      (values[r] ?? []).length === 1 &&
      hit !== undefined &&
      (rows[r]?.text.length ?? 0) <= hit.end - hit.start + 4
    );
  };
  const run = (test: (index: number) => boolean, from: number): number => {
    let length = 0;
    while (from + length < rows.length && test(from + length)) length += 1;
    return length;
  };
  const pairs: Array<Pairing<T>> = [];
  for (let r = 0; r < rows.length; ) {
    const labelRun = run(labelOnly, r);
    const valueRun = run(valueOnly, r);
    const labelsFirst = labelRun >= 2;
    const length = labelsFirst ? labelRun : valueRun;
    const matched = length >= 2 && run(labelsFirst ? valueOnly : labelOnly, r + length) >= length;
    if (!matched) {
      r += 1;
      continue;
    }
    for (let i = 0; i < length; i += 1) {
      const labelRow = labelsFirst ? r + i : r + length + i;
      const valueRow = labelsFirst ? r + length + i : r + i;
      const label = labels[labelRow]?.[0] as LabelMatch;
      const value = values[valueRow]?.[0] as ValueHit<T>;
      pairs.push({ label, labelRow, value, valueRow, relation: 'block', siblings: 1, place: 0 });
    }
    r += length * 2;
  }
  return pairs;
}

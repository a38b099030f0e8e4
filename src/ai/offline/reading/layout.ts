/**
 * Rows of a page. A PDF page comes with the position of every piece of text (pdf.js), so rows are
 * rebuilt by where the text sits, not by the order it was written in. Photos (OCR) and PDFs read
 * without positions give plain lines, split into cells at wide gaps. Both come out as the same
 * rows of cells, so the readers after this one never ask where a row came from.
 */
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

/** The cell holding an offset of the row's text; an offset in no cell (a gap) falls to the last. */
export function cellAt(row: Row, offset: number): Cell | undefined {
  return row.cells.find((cell) => offset >= cell.start && offset < cell.end) ?? row.cells.at(-1);
}

/** Where a stretch of the row's text sits across the page, interpolated inside its cell. */
export function xRange(row: Row, start: number, end: number): [number, number] {
  const cell = cellAt(row, start);
  if (!cell) return [0, 0];
  const unit = (cell.x1 - cell.x0) / Math.max(1, cell.end - cell.start);
  const x0 = cell.x0 + unit * (start - cell.start);
  return [x0, Math.max(x0 + unit, cell.x0 + unit * (Math.min(end, cell.end) - cell.start))];
}

/**
 * The pairing of labels with their values. A positioned label finds its value on the same row to
 * its right or in the same column below. Plain lines (OCR, PDFs read without positions) have no
 * columns to follow: a label pairs on its line, with the next line, or across a block of labels
 * followed by a block of values.
 */
import { joinLabelRuns } from './label-runs.js';
import type { LabelMatch } from './labels.js';
import { type Row, xRange } from './layout.js';

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
  const labels = rows.map((row, r) => joinLabelRuns(row, input.labels[r] ?? [], values[r] ?? []));
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

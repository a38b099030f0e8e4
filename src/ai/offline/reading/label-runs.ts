/**
 * Labels that are one label. A summary row often prints a label with its qualifiers in one cell
 * ("Total Sales (Incl. GST)", "inkl. 19 % MwSt"), and the label table knows each of its words:
 * read one by one, the value would go to the word right before it, a total read as a tax.
 */
import type { ValueHit } from './label-pairing.js';
import type { LabelMatch } from './labels.js';
import { cellAt, type Row } from './layout.js';

const QUALIFIERS: ReadonlySet<string> = new Set(['excluding', 'including']);

/**
 * Labels printed together in one cell, close and with no value between, are one label, read as
 * its first (strong) label that is not a qualifier: "Total Sales (Incl. GST)" is a total,
 * "inkl. 19 % MwSt" a tax; a total said to be without tax ("Summe ohne USt") is a net amount.
 */
export function joinLabelRuns<T>(
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

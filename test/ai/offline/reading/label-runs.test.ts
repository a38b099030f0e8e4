import t from 'tap';
import { joinLabelRuns } from '../../../../src/ai/offline/reading/label-runs.js';
import { matchLabels } from '../../../../src/ai/offline/reading/labels.js';
import { rowsFromText } from '../../../../src/ai/offline/reading/layout.js';
import { findAmounts } from '../../../../src/ai/offline/reading/numbers.js';

/** The labels of one plain line after joining, as [role, text of the label]. */
function joined(line: string): Array<[string, string]> {
  const row = rowsFromText(line, 1)[0];
  if (!row) throw new Error('no row');
  const values = findAmounts(row.text, { decimal: null, minorDigits: 2 })
    .filter((token) => !token.percent)
    .map((token) => ({ value: token.minor, start: token.index, end: token.end }));
  return joinLabelRuns(row, matchLabels(row.text), values).map((label) => [
    label.role,
    row.text.slice(label.start, label.end),
  ]);
}

t.test('a label and its qualifiers in one cell are one label, read as the label', async (t) => {
  const [only, ...rest] = joined('Total Sales (Incl. GST)  12.50');
  t.same(rest, []);
  t.equal(only?.[0], 'total');
  t.match(only?.[1], /^Total.*GST$/);
});

t.test('a total said to be without tax is a net amount', async (t) => {
  t.same(
    joined('Summe ohne USt  40.00').map(([role]) => role),
    ['net'],
  );
});

t.test('labels with a value between them stay apart', async (t) => {
  t.same(
    joined('Subtotal 40.00 VAT 8.00').map(([role]) => role),
    ['net', 'tax'],
  );
});

t.test('labels in separate cells stay apart', async (t) => {
  t.same(
    joined('Subtotal    VAT').map(([role]) => role),
    ['net', 'tax'],
  );
});

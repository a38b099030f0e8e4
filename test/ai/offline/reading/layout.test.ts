import t from 'tap';
import { extractInvoiceFields } from '../../../../src/ai/offline/invoice-extractor.js';
import { pairLabels } from '../../../../src/ai/offline/reading/label-pairing.js';
import { matchLabels } from '../../../../src/ai/offline/reading/labels.js';
import {
  type PositionedItem,
  type Row,
  rowsFromItems,
  rowsFromText,
} from '../../../../src/ai/offline/reading/layout.js';
import { findAmounts } from '../../../../src/ai/offline/reading/numbers.js';
import { asDocument, positionedPdf, readPdf } from './positioned-pdf.js';

const item = (str: string, x: number, y: number, width = str.length * 5): PositionedItem => ({
  str,
  x,
  y,
  width,
  height: 10,
});

/** Label phrase → the amount (minor units) paired with it. */
function pairsOf(rows: Row[]): Array<[string, number]> {
  const labels = rows.map((row) => matchLabels(row.text));
  const values = rows.map((row) =>
    findAmounts(row.text, { decimal: null, minorDigits: 2 })
      .filter((token) => !token.percent)
      .map((token) => ({ value: token.minor, start: token.index, end: token.end })),
  );
  return pairLabels({ rows, labels, values }, () => true).map((pair) => [
    pair.label.phrase,
    pair.value.value,
  ]);
}

t.test('rows are rebuilt from positions, whatever order the text was written in', async (t) => {
  const rows = rowsFromItems({
    page: 1,
    width: 595,
    height: 842,
    items: [
      item('29.99', 400, 330),
      item('5.00', 400, 315),
      item('24.99', 400, 300),
      item('Sous-total', 250, 300),
      item('TVA 20 %', 250, 315.5),
      item('Total facture', 250, 330),
    ],
  });
  t.same(
    rows.map((row) => row.text),
    ['Sous-total  24.99', 'TVA 20 %  5.00', 'Total facture  29.99'],
  );
  t.same(pairsOf(rows), [
    ['sous total', 2499],
    ['tva', 500],
    ['total facture', 2999],
  ]);
});

t.test('words of one cell are joined, columns stay apart', async (t) => {
  const [row] = rowsFromItems({
    page: 1,
    width: 595,
    height: 842,
    items: [
      item('Rech', 50, 100, 20),
      item('nung', 70.5, 100, 20),
      item('Nr.', 93, 100, 12),
      item('RE-1', 300, 100),
    ],
  });
  t.same(
    row?.cells.map((cell) => cell.text),
    ['Rechnung Nr.', 'RE-1'],
  );
});

t.test('a header row pairs each label with the value below it', async (t) => {
  const rows = rowsFromItems({
    page: 1,
    width: 595,
    height: 842,
    items: [
      item('TOTAL HT', 250, 500, 45),
      item('TOTAL TVA', 350, 500, 50),
      item('TOTAL TTC', 450, 500, 50),
      item('100,00', 258, 514, 30),
      item('20,00', 362, 514, 25),
      item('120,00', 460, 514, 30),
    ],
  });
  t.same(pairsOf(rows), [
    ['total ht', 10000],
    ['total tva', 2000],
    ['total ttc', 12000],
  ]);
});

t.test('plain lines: on the line, on the next line, and blocks of labels and values', async (t) => {
  t.same(pairsOf(rowsFromText('Total: 12,50 €\nMwSt 19 % 2,00', 1)), [
    ['total', 1250],
    ['mwst', 200],
  ]);
  t.same(pairsOf(rowsFromText('SUMME\n12,50\nGegeben\n20,00', 1)), [
    ['summe', 1250],
    ['gegeben', 2000],
  ]);
  t.same(
    pairsOf(rowsFromText('700.00\n35.00\n770.00\nSub Total:\nCGST: 5%\nTotal:', 1)),
    [
      ['sub total', 70000],
      ['cgst', 3500],
      ['total', 77000],
    ],
    'values first, then their labels',
  );
  t.same(pairsOf(rowsFromText('Net\nVAT\nTotal\n10.00\n2.00\n12.00', 1)), [
    ['net', 1000],
    ['vat', 200],
    ['total', 1200],
  ]);
  t.same(
    pairsOf(rowsFromText('Total : 255.00 16.30', 1)).length,
    2,
    'a summary row pairs both of its values, for the total chooser to judge',
  );
});

t.test('a PDF printing its totals before their labels is read by position', async (t) => {
  const pdf = await positionedPdf([
    [
      { text: 'Boulangerie Dupont SARL', x: 50, y: 50, size: 14 },
      { text: 'Facture n° F-2024-0042', x: 50, y: 90 },
      { text: 'Date : 3 août 2024', x: 350, y: 90 },
      { text: 'Pain de campagne', x: 50, y: 200 },
      { text: '24,99', x: 450, y: 200 },
      // The totals block: amounts first, labels after, as some generators write them.
      { text: '29,99 €', x: 450, y: 330 },
      { text: '5,00 €', x: 450, y: 315 },
      { text: '24,99 €', x: 450, y: 300 },
      { text: 'Total HT', x: 300, y: 300 },
      { text: 'TVA 20 %', x: 300, y: 315 },
      { text: 'Total facture', x: 300, y: 330 },
    ],
  ]);
  const read = await readPdf(pdf);
  t.match(read.pages[0], /29,99[\s\S]*Total facture/, 'the text came out values first');
  const fields = extractInvoiceFields(asDocument(read), { currency: 'XXX' });
  t.same(
    [fields.total_minor.value, fields.subtotal_minor.value, fields.tax_minor.value],
    [2999, 2499, 500],
  );
  t.ok(fields.total_minor.confidence >= 0.9, 'net + tax = total confirms it');
  t.same(
    [fields.currency.value, fields.date.value, fields.invoice_number.value, fields.vendor.value],
    ['EUR', '2024-08-03', 'F-2024-0042', 'Boulangerie Dupont SARL'],
  );
});

t.test('column headers over values in a PDF', async (t) => {
  const pdf = await positionedPdf([
    [
      { text: 'Stahlbau Meier GmbH', x: 50, y: 50, size: 14 },
      { text: 'Rechnungsnr.', x: 50, y: 120 },
      { text: 'Datum', x: 200, y: 120 },
      { text: 'Kundennr.', x: 350, y: 120 },
      { text: 'RE_2024/17', x: 50, y: 135 },
      { text: '05.03.2024', x: 200, y: 135 },
      { text: '40012', x: 350, y: 135 },
      { text: 'Netto', x: 250, y: 500 },
      { text: 'MwSt 19 %', x: 350, y: 500 },
      { text: 'Brutto', x: 450, y: 500 },
      { text: '1.000,00', x: 250, y: 515 },
      { text: '190,00', x: 350, y: 515 },
      { text: '1.190,00 EUR', x: 450, y: 515 },
    ],
  ]);
  const fields = extractInvoiceFields(asDocument(await readPdf(pdf)), { currency: 'XXX' });
  t.same(
    [
      fields.invoice_number.value,
      fields.date.value,
      fields.total_minor.value,
      fields.subtotal_minor.value,
      fields.tax_minor.value,
      fields.currency.value,
      fields.vendor.value,
    ],
    ['RE_2024/17', '2024-03-05', 119000, 100000, 19000, 'EUR', 'Stahlbau Meier GmbH'],
  );
});

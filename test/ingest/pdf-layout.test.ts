import t from 'tap';
import { positionedPdf, readPdf } from '../ai/offline/reading/positioned-pdf.js';

t.test('the PDF reader keeps every piece of text with its place on the page', async (t) => {
  const pdf = await positionedPdf([
    [
      { text: '24,99', x: 450, y: 300 },
      { text: 'Total', x: 300, y: 300 },
      { text: 'Header', x: 50, y: 40, size: 16 },
    ],
    [{ text: 'Second page', x: 100, y: 700 }],
  ]);
  const read = await readPdf(pdf);
  t.equal(read.pages.length, 2, 'the page texts are still there');
  t.match(read.pages[0], /24,99/);
  t.ok(read.layout, 'positions are kept');
  const [first, second] = read.layout ?? [];
  t.same(
    [first?.page, Math.round(first?.width ?? 0), Math.round(first?.height ?? 0)],
    [1, 595, 842],
  );
  t.same(
    first?.items.map((item) => item.str),
    ['24,99', 'Total', 'Header'],
    'in the order they were written',
  );
  const [value, label, header] = first?.items ?? [];
  t.ok(label && value && label.x < value.x, 'the label sits left of its value');
  t.ok(label && value && Math.abs(label.y - value.y) < 1, 'on the same baseline');
  t.ok(header && label && header.y < label.y, 'y grows down the page');
  t.ok(value && value.width > 15 && value.width < 40, 'with its width');
  t.ok(header && value && header.height > value.height, 'and its size');
  t.same(
    second?.items.map((item) => [item.str, Math.round(item.x)]),
    [['Second page', 100]],
  );
  t.ok((second?.items[0]?.y ?? 0) > 700, 'the baseline is below the top of the text');
});

import { deflateSync } from 'node:zlib';
import t from 'tap';
import { checkPdfInflation } from '../../src/pipeline/ingest/pdf-inflate-guard.js';
import { createPdfTextReader } from '../../src/pipeline/ingest/pdf-text.js';
import { contentBomb, deflateRepeated, pdfWithStreams, textContent } from './hostile-fixtures.js';
import { makePdf, tempDir, writeFixture } from './ingest-fixtures.js';

const MiB = 1024 * 1024;
const limits = { maxStreamBytes: 1 * MiB, maxDocumentBytes: 3 * MiB };

t.test('a page content stream that inflates past the stream limit is refused', async (t) => {
  const pdf = pdfWithStreams([await contentBomb(8 * MiB)]);
  t.ok(pdf.length < 64 * 1024, `${pdf.length} bytes on disk`);
  const verdict = await checkPdfInflation(pdf, limits);
  t.match(verdict, { ok: false, reason: /more than 1 MiB \(PDF_MAX_STREAM_BYTES\)/ });
});

t.test('streams each under the stream limit, together over the document limit', async (t) => {
  const streams = await Promise.all([1, 2, 3, 4].map(() => contentBomb(900 * 1024)));
  const verdict = await checkPdfInflation(pdfWithStreams(streams), limits);
  t.match(verdict, { ok: false, reason: /more than 3 MiB \(PDF_MAX_INFLATED_BYTES\)/ });
  const fewer = await checkPdfInflation(pdfWithStreams(streams.slice(0, 3)), limits);
  t.match(fewer, { ok: true, streams: 3 });
});

t.test('a chain of filters is followed: deflate inside deflate, and hex around it', async (t) => {
  const inner = await deflateRepeated(Buffer.alloc(64 * 1024, 0x20), 32); // 2 MiB of spaces
  const twice = deflateSync(inner);
  const doubled = pdfWithStreams([
    { dictionary: '/Filter [/FlateDecode /FlateDecode]', data: twice },
  ]);
  t.match(await checkPdfInflation(doubled, limits), { ok: false });
  const hex = Buffer.from(`${inner.toString('hex')}>`);
  const hexed = pdfWithStreams([{ dictionary: '/Filter [/AHx /Fl]', data: hex }]);
  t.match(await checkPdfInflation(hexed, limits), { ok: false });
});

t.test('LZW output is measured from its codes (the example of the PDF reference)', async (t) => {
  // 45 45 45 45 45 65 45 45 45 66 encodes as 80 0B 60 50 22 0C 0C 85 01: ten bytes out.
  const data = Buffer.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01]);
  const pdf = pdfWithStreams([{ dictionary: '/Filter /LZWDecode', data }]);
  t.match(await checkPdfInflation(pdf, limits), { ok: true, inflatedBytes: 10 });
});

t.test(
  'images are left to pdf.js (decoded only to render, within their declared size)',
  async (t) => {
    const image = await contentBomb(8 * MiB);
    const pdf = pdfWithStreams([
      textContent('Hello'),
      {
        dictionary: `/Type /XObject /Subtype /Image /Width 10 /Height 10 ${image.dictionary}`,
        data: image.data,
      },
    ]);
    t.match(await checkPdfInflation(pdf, limits), { ok: true, streams: 1 });
  },
);

t.test('an ordinary compressed PDF passes and is measured', async (t) => {
  const pdf = await makePdf([['Invoice 42', 'Total 10.00'], ['Page two']], { compress: true });
  const verdict = await checkPdfInflation(pdf, limits);
  t.ok(verdict.ok && verdict.streams >= 2 && verdict.inflatedBytes > 0, JSON.stringify(verdict));
});

t.test(
  'the PDF reader refuses an inflation bomb as too_large, before pdf.js reads it',
  async (t) => {
    const dir = await tempDir(t);
    const bomb = await writeFixture(dir, 'bomb.pdf', pdfWithStreams([await contentBomb(8 * MiB)]));
    const fine = await writeFixture(dir, 'fine.pdf', pdfWithStreams([textContent('Total 10.00')]));
    const reader = createPdfTextReader({ poolSize: 1, timeoutMs: 60_000, maxStreamBytes: MiB });
    t.teardown(() => reader.close());
    await t.rejects(reader.read(bomb), {
      name: 'PdfReadError',
      code: 'too_large',
      message: /PDF_MAX_STREAM_BYTES/,
    });
    const { pages } = await reader.read(fine);
    t.match(pages[0], /Total 10\.00/, 'a hand-made PDF within the limits reads');
  },
);

/**
 * Embedded files are read by the PDF child process in the same pass as the text, under its
 * limits: the e-invoice still reaches the reader, and an oversized or bomb-like attachment is
 * refused with a reason instead of being decoded in the server.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { createPdfTextReader, PdfReadError } from '../../src/pipeline/ingest/pdf-text.js';
import { ciiXml, pdfWithAttachments } from '../ai/offline/einvoice/einvoice-xml.js';
import { readOneDocument } from '../helpers/read-one-document.js';
import { tempDir } from './ingest-fixtures.js';

const reader = createPdfTextReader({ poolSize: 1, timeoutMs: 60_000 });
const strict = createPdfTextReader({
  poolSize: 1,
  timeoutMs: 60_000,
  maxAttachmentBytes: 2048,
  maxAttachments: 2,
  maxStreamBytes: 1024 * 1024,
});
t.teardown(async () => {
  await Promise.all([reader.close(), strict.close()]);
});

async function writePdf(t: Parameters<typeof tempDir>[0], pdf: Buffer): Promise<string> {
  const path = join(await tempDir(t), 'upload.pdf');
  await writeFile(path, pdf);
  return path;
}

t.test('the child returns the embedded XML with the text, only when asked', async (t) => {
  const path = await writePdf(
    t,
    await pdfWithAttachments(
      [
        { name: 'notes.txt', data: 'plain notes, no XML', type: 'text/plain' },
        { name: 'factur-x.xml', data: ciiXml(), type: 'text/xml' },
      ],
      '90,41',
    ),
  );
  const read = await reader.read(path, { attachments: true });
  t.match(read.pages.join('\n'), /Gesamtbetrag/);
  t.same(
    read.attachments.map((file) => file.name),
    ['factur-x.xml'],
    'only XML crosses back to the server',
  );
  t.match(Buffer.from(read.attachments[0]?.content ?? []).toString('utf8'), /CrossIndustryInvoice/);
  t.same(read.refusedAttachments, []);
  const plain = await reader.read(path);
  t.same(plain.attachments, [], 'a policy read does not ask for attachments');
});

t.test('a PDF with an e-invoice attachment is still read from the XML', async (t) => {
  const pdf = await pdfWithAttachments(
    [{ name: 'factur-x.xml', data: ciiXml(), type: 'text/xml' }],
    '90,41',
  );
  const { document, problems } = await readOneDocument(t, pdf, { pdfReader: reader });
  t.same(problems, []);
  t.equal(document?.einvoice?.total_minor, 9041);
  t.equal(document?.einvoice?.number, 'TST-2031/07');
});

t.test('an oversized XML attachment is refused with its reason; the page is read', async (t) => {
  const big = ciiXml().replace('<rsm:ExchangedDocument>', `<!--${'x'.repeat(4096)}-->$&`);
  const path = await writePdf(
    t,
    await pdfWithAttachments([{ name: 'factur-x.xml', data: big, type: 'text/xml' }], '90,41'),
  );
  const read = await strict.read(path, { attachments: true });
  t.same(read.attachments, []);
  t.equal(read.refusedAttachments.length, 1);
  t.match(read.refusedAttachments[0], {
    name: 'factur-x.xml',
    reason:
      /^embedded e-invoice file "factur-x\.xml" was not read: it is \d+ KiB, larger than the 2 KiB an e-invoice XML is read up to$/,
  });
  t.match(read.pages.join('\n'), /Gesamtbetrag/, 'the text is still the document');
});

t.test(
  'a file named as the e-invoice XML but holding none is refused; other files are not',
  async (t) => {
    const path = await writePdf(
      t,
      await pdfWithAttachments(
        [
          { name: 'photo.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]), type: 'image/png' },
          { name: 'factur-x.xml', data: 'PK\u0003\u0004 zipped, not XML', type: 'text/xml' },
        ],
        '90,41',
      ),
    );
    const read = await reader.read(path, { attachments: true });
    t.same(read.attachments, []);
    t.same(read.refusedAttachments, [
      {
        name: 'factur-x.xml',
        reason: 'embedded e-invoice file "factur-x.xml" was not read: its content is not XML',
      },
    ]);
  },
);

t.test('more embedded files than the limit: the rest are refused, not decoded', async (t) => {
  const notes = ['a', 'b', 'c', 'd'].map((name) => ({
    name: `${name}.txt`,
    data: 'note',
    type: 'text/plain',
  }));
  const path = await writePdf(t, await pdfWithAttachments(notes, '90,41'));
  const read = await strict.read(path, { attachments: true });
  t.match(read.refusedAttachments, [
    {
      name: '2 more embedded files',
      reason: /^2 more embedded files were not read .*embeds 4 files, and only the first 2/,
    },
  ]);
});

t.test(
  'an attachment that inflates past the stream limit fails the PDF as too_large',
  async (t) => {
    // Zeros compress a thousandfold: a small file that a parser would inflate to 3 MiB.
    const bomb = `<x>${'0'.repeat(3 * 1024 * 1024)}</x>`;
    const path = await writePdf(
      t,
      await pdfWithAttachments([{ name: 'factur-x.xml', data: bomb, type: 'text/xml' }], '90,41'),
    );
    const error = await strict.read(path, { attachments: true }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    t.ok(error instanceof PdfReadError, 'a typed error');
    t.equal((error as PdfReadError).code, 'too_large');
    t.match((error as PdfReadError).message, /inflat|stream|MiB|bytes/i, 'it says why');
  },
);

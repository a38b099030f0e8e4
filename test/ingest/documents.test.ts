import { join } from 'node:path';
import t, { type Test } from 'tap';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/pipeline/ingest/archive.js';
import {
  type DocumentProgress,
  type ReadDocumentsOptions,
  readDocuments,
  type UploadedInvoiceFile,
} from '../../src/pipeline/ingest/documents.js';
import { createPdfTextReader } from '../../src/pipeline/ingest/pdf-text.js';
import { sha256OfFile } from '../../src/pipeline/ingest/sniff.js';
import { SAMPLE_ZIP, SAMPLES_DIR, sampleZipInvoices } from '../helpers/claims.js';
import {
  imageOnlyPdf,
  makePdf,
  makeZip,
  renderTextPng,
  tempDir,
  writeFixture,
} from './ingest-fixtures.js';

const pdfReader = createPdfTextReader({ poolSize: 2, timeoutMs: 60_000 });
t.teardown(() => pdfReader.close());

async function setup(t: Test, overrides: Partial<ReadDocumentsOptions> = {}) {
  const workDir = await tempDir(t);
  const options: ReadDocumentsOptions = {
    workDir,
    archiveLimits: DEFAULT_ARCHIVE_LIMITS,
    pdfReader,
    ocr: null,
    minTextCharsPerPage: 20,
    ...overrides,
  };
  const upload = async (
    name: string,
    data: Buffer | string,
    field: UploadedInvoiceFile['field'] = 'invoices_zip',
  ): Promise<UploadedInvoiceFile> => ({
    path: await writeFixture(workDir, `upload-${name.replace(/[^a-z0-9.]/gi, '_')}`, data),
    file_name: name,
    media_type: 'application/octet-stream',
    field,
  });
  return { workDir, options, upload };
}

/** The sample claim's ZIP of invoice PDFs in folders, as uploaded. */
const sampleUpload = (): UploadedInvoiceFile => ({
  path: join(SAMPLES_DIR, SAMPLE_ZIP),
  file_name: SAMPLE_ZIP,
  media_type: 'application/zip',
  field: 'invoices_zip',
});

const amount = (minor: number) =>
  (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

t.test('the sample ZIP gives every invoice with its name and text, in name order', async (t) => {
  const expected = sampleZipInvoices();
  const { options } = await setup(t);
  const { documents, problems } = await readDocuments([sampleUpload()], options);
  t.same(problems, []);
  t.equal(documents.length, expected.length);
  t.same(
    documents.map((d) => d.name),
    expected.map((i) => i.file).sort(),
    'names as samples/expected.json lists them, folders kept',
  );
  for (const document of documents) {
    t.match(document, {
      media_type: 'application/pdf',
      ocr: false,
      needs_visual_reading: false,
      ocr_confidence: null,
    });
    t.ok(
      document.page_count >= 1 && document.pages.length === document.page_count,
      `${document.name} has its pages`,
    );
    t.ok(document.pages.join('').length > 100, `${document.name} has text`);
    t.equal(
      document.sha256,
      await sha256OfFile(document.path),
      `${document.name} hash is of the bytes on disk`,
    );
  }
  for (const invoice of expected) {
    const text = documents.find((d) => d.name === invoice.file)?.pages.join('\n') ?? '';
    t.ok(
      text.includes(invoice.invoice_number) &&
        text.toLowerCase().includes(invoice.vendor.toLowerCase()) &&
        text.includes(amount(invoice.claimed_minor)),
      `${invoice.file} reads with its vendor, number and total`,
    );
  }
});

t.test(
  'types are sniffed from bytes and every unreadable file is reported with a code',
  async (t) => {
    const { options, upload } = await setup(t);
    const text = await makePdf([['Bill no 7', 'Total 120.00 INR']]);
    const png = await renderTextPng(['TOTAL 99.00']);
    const zip = await makeZip([
      { name: 'bills/good.pdf', data: text },
      { name: 'bills/notes.txt', data: 'taxi 120 on monday' },
      { name: 'bills/blank.pdf', data: '' },
      { name: 'bills/photo.pdf', data: png },
      {
        name: 'bills/locked.pdf',
        data: await makePdf([['Secret']], { userPassword: 'pw', ownerPassword: 'o' }),
      },
      { name: 'bills/broken.pdf', data: '%PDF-1.4\ngarbage' },
      { name: 'bills/scan.pdf', data: await imageOnlyPdf(png) },
      {
        name: 'bills/sheet.xlsx',
        data: await makeZip([{ name: 'xl/workbook.xml', data: '<x/>' }]),
      },
    ]);
    const files = [
      await upload('claim.zip', zip),
      await upload('receipt.jpg', text, 'invoice_files'),
      await upload(
        'IMG_0001.heic',
        Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(20)]),
        'invoice_files',
      ),
    ];
    const { documents, problems } = await readDocuments(files, options);
    t.same(
      problems.map((p) => [p.name, p.code]),
      [
        ['IMG_0001.heic', 'unsupported_type'],
        ['bills/blank.pdf', 'empty_file'],
        ['bills/broken.pdf', 'unreadable_pdf'],
        ['bills/locked.pdf', 'encrypted'],
        ['bills/notes.txt', 'unsupported_type'],
        ['bills/sheet.xlsx', 'unsupported_type'],
      ],
    );
    t.match(problems.find((p) => p.name === 'IMG_0001.heic')?.message, /image\/heic/);
    t.same(
      documents.map((d) => [d.name, d.media_type, d.needs_visual_reading]),
      [
        ['bills/good.pdf', 'application/pdf', false],
        ['bills/photo.pdf', 'image/png', true],
        ['bills/scan.pdf', 'application/pdf', true],
        ['receipt.jpg', 'application/pdf', false],
      ],
      'without an OCR engine, photos and scans are marked for a reader that sees files',
    );
    t.match(documents[0]?.pages[0], /Total 120\.00 INR/);
  },
);

t.test('equal names across uploads are disambiguated deterministically', async (t) => {
  const { options, upload } = await setup(t);
  const first = await makeZip([
    { name: 'bill.pdf', data: await makePdf([['March bill total 10']]) },
  ]);
  const second = await makeZip([
    { name: 'bill.pdf', data: await makePdf([['April bill total 20']]) },
  ]);
  const files = [
    await upload('march.zip', first),
    await upload('april.zip', second),
    await upload('bill.pdf', await makePdf([['Loose bill total 30']]), 'invoice_files'),
  ];
  const runs = [await readDocuments(files, options), await readDocuments(files, options)];
  for (const { documents } of runs) {
    t.same(
      documents.map((d) => d.name),
      ['april.zip/bill.pdf', 'bill (2).pdf', 'bill.pdf'],
    );
    t.match(documents.find((d) => d.name === 'bill.pdf')?.pages[0], /March/);
    t.match(documents.find((d) => d.name === 'april.zip/bill.pdf')?.pages[0], /April/);
    t.match(documents.find((d) => d.name === 'bill (2).pdf')?.pages[0], /Loose/);
  }
});

t.test('a corrupt upload is one problem and the other uploads are still read', async (t) => {
  const { options, upload } = await setup(t);
  const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 0x41)]);
  const files = [await upload('broken.zip', broken), sampleUpload()];
  const { documents, problems } = await readDocuments(files, options);
  t.same(
    problems.map((p) => [p.name, p.code]),
    [['broken.zip', 'corrupt_archive']],
  );
  t.equal(documents.length, sampleZipInvoices().length);
});

t.test('the uncompressed budget is shared by all ZIPs of an upload', async (t) => {
  const pdf = await makePdf([['Small bill']]);
  // Room for one PDF and a half: the second ZIP's entry no longer fits.
  const { options, upload } = await setup(t, {
    archiveLimits: { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: Math.floor(pdf.length * 1.5) },
  });
  const files = [
    await upload('a.zip', await makeZip([{ name: 'a.pdf', data: pdf }])),
    await upload('b.zip', await makeZip([{ name: 'b.pdf', data: pdf }])),
  ];
  const { documents, problems } = await readDocuments(files, options);
  t.same(
    documents.map((d) => d.name),
    ['a.pdf'],
  );
  t.same(
    problems.map((p) => [p.name, p.code]),
    [['b.pdf', 'archive_limit']],
  );
});

t.test('progress is reported once per document and problem, ending at the total', async (t) => {
  const { options, upload } = await setup(t);
  const events: DocumentProgress[] = [];
  const zip = await makeZip([
    { name: 'one.pdf', data: await makePdf([['Bill one total 10.00']]) },
    { name: 'two.pdf', data: await makePdf([['Bill two total 20.00']]) },
    { name: 'readme.txt', data: 'not an invoice' },
  ]);
  const result = await readDocuments([await upload('claim.zip', zip)], {
    ...options,
    onProgress: (event) => events.push(event),
  });
  t.equal(events.length, 3);
  t.same(
    events.map((e) => e.total),
    [3, 3, 3],
  );
  t.same(
    events.map((e) => e.done),
    [1, 2, 3],
  );
  t.same(events.map((e) => e.kind).sort(), ['document', 'document', 'problem']);
  t.equal(result.documents.length + result.problems.length, 3);
});

t.test(
  'reading again in the same work dir (a resumed job) starts the expansion afresh',
  async (t) => {
    const { options } = await setup(t);
    const first = await readDocuments([sampleUpload()], options);
    const again = await readDocuments([sampleUpload()], options);
    t.same(
      again.documents.map((d) => [d.name, d.sha256]),
      first.documents.map((d) => [d.name, d.sha256]),
    );
    t.ok(again.documents.every((d) => d.path.startsWith(join(options.workDir, 'expanded'))));
  },
);

t.test('an aborted read stops with the abort reason', async (t) => {
  const { options } = await setup(t);
  const controller = new AbortController();
  controller.abort(new Error('job cancelled'));
  await t.rejects(readDocuments([sampleUpload()], { ...options, signal: controller.signal }), {
    message: 'job cancelled',
  });
});

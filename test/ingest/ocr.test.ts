import { existsSync } from 'node:fs';
import t from 'tap';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/pipeline/ingest/archive.js';
import { readDocuments } from '../../src/pipeline/ingest/documents.js';
import { createTesseractOcr } from '../../src/pipeline/ingest/ocr.js';
import { shippedLanguageFile } from '../../src/pipeline/ingest/ocr-languages.js';
import { createPdfTextReader } from '../../src/pipeline/ingest/pdf-text.js';
import { imageOnlyPdf, makeZip, renderTextPng, tempDir, writeFixture } from './ingest-fixtures.js';

// One engine for the file: starting tesseract is the slow part, and reuse is the point.
const ocr = createTesseractOcr({ timeoutMs: 120_000 });
t.teardown(() => ocr.close());

t.test('the English data ships inside node_modules', async (t) => {
  t.ok(existsSync(shippedLanguageFile('eng')));
});

t.test('reads the total from a receipt photo, offline', async (t) => {
  const png = await renderTextPng(['CAFE AURORA', 'TOTAL 1234.50 INR']);
  const { text, confidence } = await ocr.recognise(png);
  t.match(text, /TOTAL\s+1234\.50/);
  t.ok(confidence > 0 && confidence <= 1, `confidence ${confidence} is on a 0..1 scale`);
});

t.test('documents: a scanned PDF and a photo go through OCR and keep their text', async (t) => {
  const workDir = await tempDir(t);
  const pdfReader = createPdfTextReader({ poolSize: 1, timeoutMs: 60_000 });
  t.teardown(() => pdfReader.close());
  const scan = await imageOnlyPdf(await renderTextPng(['TAXI RIDE', 'TOTAL 250.00']));
  const zip = await writeFixture(
    workDir,
    'claim.zip',
    await makeZip([{ name: 'scans/taxi.pdf', data: scan }]),
  );
  const photo = await writeFixture(
    workDir,
    'lunch.png',
    await renderTextPng(['LUNCH', 'TOTAL 88.00']),
  );
  const { documents, problems } = await readDocuments(
    [
      { path: zip, file_name: 'claim.zip', media_type: 'application/zip', field: 'invoices_zip' },
      { path: photo, file_name: 'lunch.png', media_type: 'image/png', field: 'invoice_files' },
    ],
    { workDir, archiveLimits: DEFAULT_ARCHIVE_LIMITS, pdfReader, ocr, minTextCharsPerPage: 20 },
  );
  t.same(problems, []);
  t.same(
    documents.map((d) => [d.name, d.media_type, d.ocr, d.needs_visual_reading, d.page_count]),
    [
      ['lunch.png', 'image/png', true, false, 1],
      ['scans/taxi.pdf', 'application/pdf', true, false, 1],
    ],
  );
  t.match(documents[0]?.pages[0], /TOTAL\s+88\.00/);
  t.match(documents[1]?.pages[0], /TOTAL\s+250\.00/);
  t.ok(documents.every((d) => typeof d.ocr_confidence === 'number' && d.ocr_confidence > 0));
});

t.test('an image that cannot be decoded is ocr_failed, and the engine recovers', async (t) => {
  const broken = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(64, 7),
  ]);
  await t.rejects(ocr.recognise(broken), {
    name: 'OcrError',
    code: 'ocr_failed',
    message: /could not be read/,
  });
  const { text } = await ocr.recognise(await renderTextPng(['TOTAL 42.00']));
  t.match(text, /42\.00/);
});

t.test('without language data it fails cleanly instead of downloading or hanging', async (t) => {
  const emptyDir = await tempDir(t);
  const engine = createTesseractOcr({ timeoutMs: 60_000, langPath: emptyDir });
  t.teardown(() => engine.close());
  await t.rejects(engine.recognise(await renderTextPng(['TOTAL 1.00'])), {
    name: 'OcrError',
    code: 'ocr_failed',
    message: /could not start/,
  });
});

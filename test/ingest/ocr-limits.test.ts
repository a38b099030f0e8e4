import { join } from 'node:path';
import t from 'tap';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/pipeline/ingest/archive.js';
import { readDocuments } from '../../src/pipeline/ingest/documents.js';
import { createTesseractOcr } from '../../src/pipeline/ingest/ocr.js';
import { createPdfTextReader } from '../../src/pipeline/ingest/pdf-text.js';
import { blankPng, headerOnlyPng } from './hostile-fixtures.js';
import { makeZip, renderTextPng, tempDir, writeFixture } from './ingest-fixtures.js';

t.test('images above the pixel limit are refused from their header, never decoded', async (t) => {
  const ocr = createTesseractOcr({ timeoutMs: 120_000, maxImagePixels: 1_000_000 });
  t.teardown(() => ocr.close());
  await t.rejects(ocr.recognise(headerOnlyPng(65_000, 65_000)), {
    name: 'OcrError',
    code: 'too_large',
    message: /65000 × 65000 pixels.*IMAGE_MAX_PIXELS/,
  });
  const dir = await tempDir(t);
  const big = await writeFixture(dir, 'big.png', await blankPng(2000, 1000));
  await t.rejects(ocr.recognise(big), { code: 'too_large', message: /2000 × 1000 pixels/ });
  const { text } = await ocr.recognise(await renderTextPng(['TOTAL 42.00']));
  t.match(text, /42\.00/, 'an image within the limit is read');
});

t.test('the OCR process is capped: an image needing more memory is too_large', async (t) => {
  // Below what tesseract holds once started: the process is killed on its first sample.
  const ocr = createTesseractOcr({ timeoutMs: 120_000, maxProcessMb: 40 });
  t.teardown(() => ocr.close());
  await t.rejects(ocr.recognise(await renderTextPng(['TOTAL 1.00'])), {
    name: 'OcrError',
    code: 'too_large',
    message: /more than 40 MiB/,
  });
});

t.test('the OCR process ends when idle, and a new one starts for the next image', async (t) => {
  const ocr = createTesseractOcr({ timeoutMs: 120_000, idleMs: 200 });
  t.teardown(() => ocr.close());
  const png = await renderTextPng(['TOTAL 7.00']);
  t.match((await ocr.recognise(png)).text, /7\.00/);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  t.match((await ocr.recognise(png)).text, /7\.00/, 'read again by a fresh process');
});

t.test('in a claim, the oversized photo is a too_large problem and the rest is read', async (t) => {
  const workDir = await tempDir(t);
  const pdfReader = createPdfTextReader({ poolSize: 1, timeoutMs: 60_000 });
  const ocr = createTesseractOcr({ timeoutMs: 120_000, maxImagePixels: 4_000_000 });
  t.teardown(async () => {
    await pdfReader.close();
    await ocr.close();
  });
  const zip = await writeFixture(
    workDir,
    'claim.zip',
    await makeZip([
      { name: 'photo.png', data: await renderTextPng(['TOTAL 88.00']) },
      { name: 'bomb.png', data: headerOnlyPng(65_000, 65_000) },
      { name: 'wide.png', data: await blankPng(4000, 2000) },
    ]),
  );
  const { documents, problems } = await readDocuments(
    [{ field: 'invoices_zip', path: zip, file_name: 'claim.zip', media_type: 'application/zip' }],
    {
      workDir: join(workDir, 'job'),
      archiveLimits: DEFAULT_ARCHIVE_LIMITS,
      pdfReader,
      ocr,
      minTextCharsPerPage: 20,
    },
  );
  t.same(
    documents.map((d) => d.name),
    ['photo.png'],
  );
  t.same(
    problems.map((p) => [p.name, p.code]),
    [
      ['bomb.png', 'too_large'],
      ['wide.png', 'too_large'],
    ],
  );
  t.match(problems[0]?.message, /IMAGE_MAX_PIXELS/);
});

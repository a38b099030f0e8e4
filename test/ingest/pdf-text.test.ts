import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import ts from 'typescript';
import { createPdfTextReader, PdfReadError } from '../../src/pipeline/ingest/pdf-text.js';
import { siblingWorkerUrl } from '../../src/pipeline/ingest/worker-entry.js';
import { SAMPLES_DIR, sampleExpected } from '../helpers/claims.js';
import { pdfPages } from '../helpers/documents.js';
import { imageOnlyPdf, makePdf, renderTextPng, tempDir, writeFixture } from './ingest-fixtures.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const POLICY_PDF = join(SAMPLES_DIR, 'policy.pdf');
/** The sample policy's pages as pdf-parse reads them in this process: what the worker must give. */
const policyPageCount = async () => (await pdfPages(await readFile(POLICY_PDF))).length;
/** "Rs. 5,000 per trip": how the sample policy states each limit of samples/expected.json. */
const limitSentences = () =>
  sampleExpected().policy.caps.map(
    (cap) => `Rs. ${(cap.amount_minor / 100).toLocaleString('en-US')} per ${cap.per}`,
  );

const reader = createPdfTextReader({ poolSize: 2, timeoutMs: 60_000 });
t.teardown(() => reader.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return error instanceof PdfReadError ? error.code : `unexpected ${String(error)}`;
  }
}

t.test('reads the sample policy text per page in a child process', async (t) => {
  const { pages, images } = await reader.read(POLICY_PDF);
  t.equal(pages.length, await policyPageCount(), 'every page, each on its own');
  t.match(pages[0], sampleExpected().company);
  const text = pages.join('\n').replace(/\s+/g, ' ');
  for (const limit of limitSentences()) t.match(text, limit, `states "${limit}"`);
  t.same(images, [], 'nothing is rendered unless asked');
});

t.test('pages with too little text are rendered to PNG when asked', async (t) => {
  const dir = await tempDir(t);
  const scanned = await imageOnlyPdf(await renderTextPng(['TOTAL 42.00']));
  const text = await makePdf([['This page has plenty of real text on it.']]);
  const mixed = await writeFixture(dir, 'scan.pdf', scanned);
  const plain = await writeFixture(dir, 'text.pdf', text);

  const rendered = await reader.read(mixed, { render: { minChars: 20, scale: 1, maxPages: 5 } });
  t.same(
    rendered.pages.map((page) => page.trim()),
    [''],
  );
  t.equal(rendered.images.length, 1);
  t.equal(rendered.images[0]!.page, 1);
  t.same(rendered.images[0]!.png.subarray(0, 4), Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'a PNG');

  const untouched = await reader.read(plain, { render: { minChars: 20, scale: 1, maxPages: 5 } });
  t.same(untouched.images, [], 'a page with a text layer is not rendered');
});

t.test(
  'encrypted and corrupt PDFs fail with their codes, and the pool keeps working',
  async (t) => {
    const dir = await tempDir(t);
    const encrypted = await writeFixture(
      dir,
      'locked.pdf',
      await makePdf([['Secret bill']], { userPassword: 'pw', ownerPassword: 'owner' }),
    );
    const corrupt = await writeFixture(dir, 'corrupt.pdf', '%PDF-1.4\nthis is not really a pdf');
    const truncated = await writeFixture(
      dir,
      'truncated.pdf',
      (await readFile(POLICY_PDF)).subarray(0, 2000),
    );
    t.equal(await codeOf(reader.read(encrypted)), 'encrypted');
    t.equal(await codeOf(reader.read(corrupt)), 'unreadable_pdf');
    t.equal(await codeOf(reader.read(truncated)), 'unreadable_pdf');
    t.equal((await reader.read(POLICY_PDF)).pages.length, 2);
  },
);

t.test('a PDF that takes longer than the limit times out, its worker is replaced', async (t) => {
  const dir = await tempDir(t);
  // 120 pages cannot be parsed within 5 ms, however fast the machine; worker start-up is not counted.
  const slow = await writeFixture(
    dir,
    'slow.pdf',
    await makePdf(Array.from({ length: 120 }, (_, i) => [`Page ${i} `.repeat(40)])),
  );
  const strict = createPdfTextReader({ poolSize: 1, timeoutMs: 5 });
  t.teardown(() => strict.close());
  t.equal(await codeOf(strict.read(slow)), 'timeout');
  t.equal(
    await codeOf(strict.read(slow)),
    'timeout',
    'the terminated worker was replaced, not reused or left hanging',
  );
  t.equal((await reader.read(slow)).pages.length, 120, 'the same file reads fine with time');
});

t.test('reads queue when every worker is busy, and all finish', async (t) => {
  const results = await Promise.all([1, 2, 3, 4, 5].map(() => reader.read(POLICY_PDF)));
  t.same(
    results.map((r) => r.pages.length),
    [2, 2, 2, 2, 2],
  );
});

t.test('an aborted read rejects with the abort reason', async (t) => {
  const controller = new AbortController();
  const reading = reader.read(POLICY_PDF, { signal: controller.signal });
  controller.abort(new Error('shutting down'));
  await t.rejects(reading, { message: 'shutting down' });
  t.equal((await reader.read(POLICY_PDF)).pages.length, 2, 'the pool recovers');
});

t.test(
  'each PDF process runs under a memory cap: exceeding it fails the read as too_large, not the server',
  async (t) => {
    // A cap below what a process holds once pdf.js is loaded: the first sample is over it.
    const starved = createPdfTextReader({ poolSize: 1, timeoutMs: 60_000, maxProcessMb: 40 });
    t.teardown(() => starved.close());
    await t.rejects(starved.read(POLICY_PDF), {
      name: 'PdfReadError',
      code: 'too_large',
      message: /more than 40 MiB/,
    });
    t.equal((await reader.read(POLICY_PDF)).pages.length, 2, 'other readers are unaffected');
  },
);

t.test('a closed reader refuses work', async (t) => {
  const closing = createPdfTextReader({ poolSize: 1, timeoutMs: 1000 });
  await closing.close();
  await t.rejects(closing.read(POLICY_PDF), { message: /closed/ });
});

t.test('the worker sits next to its module with the same extension', async (t) => {
  t.equal(
    siblingWorkerUrl('file:///app/dist/src/pipeline/ingest/pdf-text.js', 'pdf-text-worker').href,
    'file:///app/dist/src/pipeline/ingest/pdf-text-worker.js',
  );
  t.equal(
    siblingWorkerUrl('file:///app/src/pipeline/ingest/pdf-text.ts', 'pdf-text-worker').href,
    'file:///app/src/pipeline/ingest/pdf-text-worker.ts',
  );
});

t.test('compiled to JavaScript, the pool starts its .js worker under plain node', async (t) => {
  // Inside node_modules/.cache so the compiled files resolve pdf-parse from the project.
  const cacheDir = join(REPO_ROOT, 'node_modules', '.cache');
  await mkdir(cacheDir, { recursive: true });
  const outDir = await mkdtemp(join(cacheDir, 'ingest-dist-'));
  t.teardown(() => rm(outDir, { recursive: true, force: true }));
  for (const name of [
    'pdf-text',
    'pdf-text-worker',
    'worker-entry',
    'process-pool',
    'process-child',
    'pdf-inflate-guard',
    'pdf-attachments',
  ]) {
    const source = await readFile(
      join(REPO_ROOT, 'src', 'pipeline', 'ingest', `${name}.ts`),
      'utf8',
    );
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ES2022,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    await writeFile(join(outDir, `${name}.js`), outputText);
  }
  const script = `
    const { createPdfTextReader } = await import(${JSON.stringify(pathToFileURL(join(outDir, 'pdf-text.js')).href)});
    const reader = createPdfTextReader({ poolSize: 1, timeoutMs: 60000 });
    const { pages } = await reader.read(${JSON.stringify(POLICY_PDF)});
    await reader.close();
    console.log(JSON.stringify({ pages: pages.length, first: pages[0] }));`;
  const scriptPath = join(outDir, 'read-policy.mjs');
  await writeFile(scriptPath, script);
  // A clean environment: no tsx or tap loaders, exactly as `node dist/src/server.js` runs.
  const env = { PATH: process.env.PATH ?? '' };
  const { stdout } = await promisify(execFile)(process.execPath, [scriptPath], {
    env,
    cwd: outDir,
  });
  t.match(JSON.parse(stdout), { pages: await policyPageCount(), first: sampleExpected().company });
});

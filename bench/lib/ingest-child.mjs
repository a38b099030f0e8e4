// Child process of bench/ingest.ts: ingests one ZIP exactly as a job does (readDocuments with the
// offline default's reader) and reports over IPC, then waits to be told to exit so the parent can
// read its peak memory. Plain JavaScript, so it runs on the compiled build without tsx.
// Arguments: <modules dir> <.js|.ts> <zip path> <work dir>
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [base, ext, zipPath, workDir] = process.argv.slice(2);
const load = (path) => import(pathToFileURL(join(base, 'src', `${path}${ext}`)).href);
const { loadConfig } = await load('config');
const { createDocumentReader } = await load('pipeline/ingest/reader');

const config = loadConfig({ LOG_LEVEL: 'silent', LOG_DIR: '' });
// As services.ts builds it for the offline default: OCR configured (started only when needed).
const reader = createDocumentReader({
  archiveLimits: {
    maxEntries: config.zipMaxEntries,
    maxEntryBytes: config.zipMaxEntryBytes,
    maxTotalBytes: config.zipMaxTotalBytes,
    maxCompressionRatio: config.zipMaxRatio,
    maxNestingDepth: config.zipMaxDepth,
  },
  pdf: { timeoutMs: config.pdfTimeoutMs },
  ocr: { timeoutMs: config.pdfTimeoutMs },
  minTextCharsPerPage: config.ocrMinCharsPerPage,
  concurrency: config.documentConcurrency,
});
mkdirSync(workDir, { recursive: true });

const send = (message) => new Promise((resolve) => process.send(message, () => resolve()));
const told = (type) =>
  new Promise((resolve) => process.on('message', (message) => message.type === type && resolve()));

const go = told('go');
await send({ type: 'ready' });
await go;
const cpu = process.cpuUsage();
const started = performance.now();
// The first progress event comes once the ZIP is expanded and its first document read.
let firstProgressMs = null;
const onProgress = () => (firstProgressMs ??= performance.now() - started);
const result = await reader.readDocuments(
  [{ field: 'invoices_zip', path: zipPath, file_name: 'claim.zip', media_type: 'application/zip' }],
  workDir,
  undefined,
  onProgress,
);
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const first = result.problems[0];
const exit = told('exit');
await send({
  type: 'done',
  documents: result.documents.length,
  problems: result.problems.length,
  firstProblem: first ? `${first.name}: ${first.code}` : null,
  ms,
  firstProgressMs,
  cpuMs: (used.user + used.system) / 1000,
});
await exit;
await reader.close();
process.exit(0);

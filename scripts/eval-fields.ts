/**
 * Field-level evaluation of the offline reader against a dataset with a ground-truth.json (one
 * entry per file in docs/: total, currency, date, invoice_number, vendor, …; an absent field is
 * not scored). Documents are read through the real ingestion (PDF text, OCR) under neutral names,
 * since file names can carry answers, then through the offline extractor.
 *
 * Repeated invoices (the same invoice in several files) are grouped so each invoice counts once:
 * files whose ground truth agrees on every scored field form one group, and a group scores the
 * mean of its files.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { OfflineProvider } from '../src/ai/offline/provider.js';
import { ExtractionError } from '../src/ai/provider.js';
import { loadConfig } from '../src/config.js';
import { minorDigits } from '../src/domain/money.js';
import type { InvoiceFields } from '../src/domain/types.js';
import { configuredArchiveLimits } from '../src/pipeline/ingest/archive-limits.js';
import { readDocuments } from '../src/pipeline/ingest/documents.js';
import { createTesseractOcr } from '../src/pipeline/ingest/ocr.js';
import type { OcrLanguage } from '../src/pipeline/ingest/ocr-languages.js';
import { createPdfTextReader } from '../src/pipeline/ingest/pdf-text.js';

interface Truth {
  total?: string;
  amount_due?: string;
  currency?: string;
  date?: string;
  invoice_number?: string;
  vendor?: string;
  kind?: string;
}

const FIELDS = ['total', 'currency', 'date', 'invoice_number', 'vendor'] as const;
type Field = (typeof FIELDS)[number];

/** "681.87" (ground truth always prints a dot) as minor units of the currency. */
function truthMinor(amount: string, currency: string): number {
  const digits = minorDigits(currency);
  const [units = '0', fraction = ''] = amount.replace('-', '').split('.');
  const minor =
    Number(units) * 10 ** digits + Number(fraction.padEnd(digits, '0').slice(0, digits));
  return amount.startsWith('-') ? -minor : minor;
}

/** Letters and digits only, accents stripped: "Amazon EU S.à r.l." ≈ "Amazon EU S.a.r.L". */
function squash(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * A vendor is right when it names the seller: the same letters, or every word of the shorter
 * name within the longer ("toom" in "toom Baumarkt GmbH").
 */
function sameVendor(read: string, truth: string): boolean {
  if (squash(read) === squash(truth)) return true;
  const [a, b] = [words(read), words(truth)];
  if (a.length === 0 || b.length === 0) return false;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.every((word) => longer.includes(word));
}

function judge(field: Field, truth: Truth, fields: InvoiceFields | null): boolean {
  if (!fields) return false;
  switch (field) {
    case 'total':
      return (
        fields.total_minor.value === truthMinor(truth.total ?? '', truth.currency ?? 'EUR') || false
      );
    case 'currency':
      return fields.currency.value === truth.currency;
    case 'date':
      return fields.date.value === truth.date;
    case 'invoice_number':
      return squash(fields.invoice_number.value ?? '') === squash(truth.invoice_number ?? '');
    case 'vendor':
      return fields.vendor.value !== null && sameVendor(fields.vendor.value, truth.vendor ?? '');
  }
}

function shown(field: Field, fields: InvoiceFields | null): string {
  if (!fields) return '-';
  const value = {
    total: fields.total_minor.value,
    currency: fields.currency.value,
    date: fields.date.value,
    invoice_number: fields.invoice_number.value,
    vendor: fields.vendor.value,
  }[field];
  return value === null ? 'null' : String(value);
}

export interface FieldsRead {
  fields: InvoiceFields | null;
  /** The error code of a document that failed (not_an_invoice, ocr_failed…). */
  error: string | null;
}

/**
 * Reads uploaded files (loose files or ZIPs) through the real ingestion (PDF text with positions,
 * embedded e-invoice XML, OCR) and the offline extractor, as a job does: fields by document name.
 * `textOnly` drops the positions, to measure what they add.
 */
export async function readFieldsOf(
  uploads: ReadonlyArray<{ path: string; file_name: string }>,
  textOnly = false,
): Promise<Map<string, FieldsRead>> {
  const config = loadConfig({ ...process.env, DATA_DIR: tmpdir(), LOG_LEVEL: 'silent' });
  // Generous limits: two cores shared by OCR and PDF workers make the first reads slow, and this
  // measures reading, not speed (bench/ does).
  const timeoutMs = Math.max(config.pdfTimeoutMs, 60_000);
  const pdfReader = createPdfTextReader({ timeoutMs });
  const ocr = createTesseractOcr({ timeoutMs, languages: config.ocrLanguages as OcrLanguage[] });
  const workDir = mkdtempSync(join(tmpdir(), 'reimburse-eval-fields-'));
  const provider = new OfflineProvider();
  const read = new Map<string, FieldsRead>();
  try {
    const { documents, problems } = await readDocuments(
      uploads.map(({ path, file_name }) => ({
        path,
        file_name,
        media_type: 'application/octet-stream',
        field: 'invoice_files' as const,
      })),
      {
        workDir,
        archiveLimits: configuredArchiveLimits(config),
        pdfReader,
        ocr,
        minTextCharsPerPage: config.ocrMinCharsPerPage,
        concurrency: config.documentConcurrency,
      },
    );
    for (const problem of problems) read.set(problem.name, { fields: null, error: problem.code });
    for (const document of documents) {
      try {
        // XXX is ISO 4217's "no currency": a reader falling back to it is visibly wrong.
        const fields = await provider.extractInvoice(
          textOnly ? { ...document, layout: undefined } : document,
          { categories: [], currency: 'XXX' },
        );
        read.set(document.name, { fields, error: null });
      } catch (error) {
        if (!(error instanceof ExtractionError)) throw error;
        read.set(document.name, { fields: null, error: error.code });
      }
    }
  } finally {
    await Promise.all([pdfReader.close(), ocr.close()]);
    rmSync(workDir, { recursive: true, force: true });
  }
  return read;
}

/** `textOnly` reads as if the PDF reader kept no positions, to measure what they add. */
export async function evaluateFields(dataset: string, textOnly = false): Promise<number> {
  const truth = JSON.parse(readFileSync(join(dataset, 'ground-truth.json'), 'utf8')) as Record<
    string,
    Truth
  >;
  const files = Object.keys(truth).sort();
  // Neutral names: the reader must never learn anything from a file name.
  const named = files.map((file, index) => ({
    file,
    path: join(dataset, 'docs', file),
    file_name: `document-${String(index + 1).padStart(2, '0')}${extname(file).toLowerCase()}`,
  }));
  const byName = await readFieldsOf(named, textOnly);
  const read = new Map<string, FieldsRead>(
    named.map(({ file, file_name }) => [
      file,
      byName.get(file_name) ?? { fields: null, error: 'missing' },
    ]),
  );

  // Same invoice, several files: identical ground truth on every scored field.
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const entry = truth[file] as Truth;
    const key = JSON.stringify(FIELDS.map((field) => entry[field] ?? null));
    groups.set(key, [...(groups.get(key) ?? []), file]);
  }

  for (const file of files) {
    const entry = truth[file] as Truth;
    const outcome = read.get(file);
    const misses = FIELDS.filter(
      (field) => entry[field] !== undefined && !judge(field, entry, outcome?.fields ?? null),
    );
    const detail = misses
      .map((field) => `${field} ${entry[field]} got ${shown(field, outcome?.fields ?? null)}`)
      .join('; ');
    const status = outcome?.error ? `FAILED ${outcome.error}` : misses.length ? 'MISS' : 'ok';
    console.log(`${status.padEnd(24)} ${file.slice(0, 60).padEnd(60)} ${detail}`);
  }

  const score = (members: readonly string[][]) => {
    const percent = (right: number, of: number) =>
      of === 0 ? '0/0 n/a' : `${right.toFixed(1)}/${of} ${((100 * right) / of).toFixed(1)}%`;
    const out = new Map<string, string>();
    for (const field of FIELDS) {
      let scored = 0;
      let right = 0;
      for (const group of members) {
        const judged = group.filter((file) => (truth[file] as Truth)[field] !== undefined);
        if (judged.length === 0) continue;
        scored += 1;
        right +=
          judged.filter((file) =>
            judge(field, truth[file] as Truth, read.get(file)?.fields ?? null),
          ).length / judged.length;
      }
      out.set(field, percent(right, scored));
    }
    const failed = members.reduce(
      (sum, group) => sum + group.filter((file) => read.get(file)?.error).length / group.length,
      0,
    );
    out.set('failed', percent(failed, members.length));
    return out;
  };
  const all = [...groups.values()];
  console.log(`documents: ${files.length}, invoices (repeats grouped): ${groups.size}`);
  for (const [field, line] of score(all)) console.log(`${field.padEnd(15)} ${line}`);
  // The same by kind of document, where the ground truth says it (e-invoice, PDF, photo…).
  const kinds = [...new Set(files.map((file) => (truth[file] as Truth).kind ?? 'unknown'))];
  if (kinds.length > 1) {
    for (const kind of kinds.sort()) {
      const ofKind = all.filter((group) => (truth[group[0] as string] as Truth).kind === kind);
      const parts = [...score(ofKind)].map(([field, line]) => `${field} ${line.split(' ')[1]}`);
      console.log(`  ${kind} (${ofKind.length}): ${parts.join(', ')}`);
    }
  }
  return 0;
}

/**
 * From uploaded files to documents with text: ZIPs expanded (archive.ts), every file's type
 * sniffed from its bytes, PDF text read per page (pdf-text.ts), photos and scanned pages sent to
 * OCR (ocr.ts). Whatever cannot be read becomes a problem with a code, never a silent drop.
 *
 * Naming: a document keeps its name inside its ZIP ("Travel Bill/Book 1.pdf") or its uploaded
 * file name. When a name is already taken (two ZIPs holding "bill.pdf"), the later one, in upload
 * order, is named under its ZIP ("march.zip/bill.pdf"), then numbered ("bill (2).pdf"): see
 * UniqueNames. Results are sorted by name, so the same upload always lists the same way.
 */
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { einvoiceText } from '../../ai/offline/einvoice/fields.js';
import {
  type EInvoice,
  EInvoiceError,
  einvoiceFromAttachments,
  mayBeXml,
  readEInvoice,
} from '../../ai/offline/einvoice/read.js';
import type { JobInput } from '../../domain/jobs.js';
import { mapWithConcurrency } from '../concurrency.js';
import type { DocumentProblem, ReadDocument } from '../types.js';
import { type ArchiveLimits, type ExpansionBudget, expandArchive } from './archive.js';
import { UniqueNames } from './names.js';
import { type OcrEngine, OcrError } from './ocr.js';
import {
  countTextCharacters,
  type PdfPageLayout,
  PdfReadError,
  type PdfTextReader,
} from './pdf-text.js';
import { INVOICE_MEDIA_TYPES, MEDIA, sha256OfFile, sniffMediaType } from './sniff.js';

export type UploadedInvoiceFile = JobInput['files'][number];

export interface IngestedDocument extends ReadDocument {
  /** Text too thin to extract from and no OCR engine ran: a model that sees files must read it. */
  needs_visual_reading: boolean;
  /** Mean OCR confidence (0..1) over the OCR'd pages; null when no OCR ran. */
  ocr_confidence: number | null;
  /**
   * Where pdf.js placed each piece of text on each page, so a reader can pair labels with
   * values by layout; absent for images and OCR'd pages.
   */
  layout?: PdfPageLayout[];
  /** The e-invoice XML (Factur-X / ZUGFeRD / XRechnung / UBL) the document is or carries. */
  einvoice?: EInvoice;
}

export type DocumentProgress = { done: number; total: number } & (
  | { kind: 'document'; document: IngestedDocument }
  | { kind: 'problem'; problem: DocumentProblem }
);

export interface ReadDocumentsOptions {
  /** The job's work dir: archives are expanded into its "expanded" folder. */
  workDir: string;
  archiveLimits: ArchiveLimits;
  pdfReader: PdfTextReader;
  /** null when no OCR runs here (Gemini reads such files natively): see needs_visual_reading. */
  ocr: OcrEngine | null;
  /** A PDF page with fewer text characters is treated as scanned. */
  minTextCharsPerPage: number;
  /** Most pages of one PDF sent to OCR (default 10). */
  maxOcrPages?: number;
  /** Render scale of scanned pages for OCR; 3 is 216 dpi (default). */
  ocrRenderScale?: number;
  /** Documents read at once (default 2; PDF parsing is bounded by the pdf reader's pool anyway). */
  concurrency?: number;
  /** Called as each document is read or fails, in completion order. */
  onProgress?: (progress: DocumentProgress) => void;
  signal?: AbortSignal;
}

export interface ReadDocumentsResult {
  documents: IngestedDocument[];
  problems: DocumentProblem[];
}

interface Candidate {
  name: string;
  path: string;
  /** Known for entries of a ZIP, which expansion measured, hashed and sniffed as it wrote them. */
  known: { size_bytes: number; sha256: string; media_type: string } | null;
}

const DEFAULT_MAX_OCR_PAGES = 10;
const DEFAULT_OCR_RENDER_SCALE = 3;
const EXPANDED_FOLDER = 'expanded';

export async function readDocuments(
  files: readonly UploadedInvoiceFile[],
  options: ReadDocumentsOptions,
): Promise<ReadDocumentsResult> {
  const { candidates, problems } = await collectCandidates(files, options);
  const documents: IngestedDocument[] = [];
  const total = candidates.length + problems.length;
  let done = problems.length;
  for (const problem of problems) options.onProgress?.({ done, total, kind: 'problem', problem });

  await mapWithConcurrency(candidates, options.concurrency ?? 2, async (candidate) => {
    const outcome = await readCandidate(candidate, options);
    done += 1;
    if ('code' in outcome) {
      problems.push(outcome);
      options.onProgress?.({ done, total, kind: 'problem', problem: outcome });
    } else {
      documents.push(outcome);
      options.onProgress?.({ done, total, kind: 'document', document: outcome });
    }
  });
  return { documents: documents.sort(byName), problems: problems.sort(byName) };
}

/** Expands every ZIP and names every file, in upload order so names are deterministic. */
async function collectCandidates(
  files: readonly UploadedInvoiceFile[],
  options: ReadDocumentsOptions,
): Promise<{ candidates: Candidate[]; problems: DocumentProblem[] }> {
  const expandedRoot = join(options.workDir, EXPANDED_FOLDER);
  // A job resumed after a restart expands again from scratch.
  await rm(expandedRoot, { recursive: true, force: true });
  await mkdir(expandedRoot, { recursive: true });
  const names = new UniqueNames();
  const budget: ExpansionBudget = { claimedBytes: 0 };
  const candidates: Candidate[] = [];
  const problems: DocumentProblem[] = [];
  for (const [index, file] of files.entries()) {
    options.signal?.throwIfAborted();
    if ((await sniffMediaType(file.path, file.file_name)) !== MEDIA.zip) {
      candidates.push({ name: names.claim(file.file_name, null), path: file.path, known: null });
      continue;
    }
    const expansion = await expandArchive(file.path, {
      archiveName: file.file_name,
      outDir: join(expandedRoot, String(index + 1)),
      limits: options.archiveLimits,
      budget,
      signal: options.signal,
    });
    for (const entry of expansion.entries) {
      candidates.push({
        name: names.claim(entry.name, file.file_name),
        path: entry.path,
        known: entry,
      });
    }
    for (const problem of expansion.problems) {
      // A problem about the archive itself is already named after the uploaded file.
      const prefix = problem.name === file.file_name ? null : file.file_name;
      problems.push({ ...problem, name: names.claim(problem.name, prefix) });
    }
  }
  return { candidates, problems };
}

async function readCandidate(
  candidate: Candidate,
  options: ReadDocumentsOptions,
): Promise<IngestedDocument | DocumentProblem> {
  const problem = (code: DocumentProblem['code'], message: string): DocumentProblem => ({
    name: candidate.name,
    code,
    message,
  });
  const size = candidate.known?.size_bytes ?? (await stat(candidate.path)).size;
  if (size === 0) return problem('empty_file', 'The file is empty.');
  const mediaType =
    candidate.known?.media_type ?? (await sniffMediaType(candidate.path, candidate.name));
  const base = {
    name: candidate.name,
    path: candidate.path,
    media_type: mediaType,
    sha256: candidate.known?.sha256 ?? (await sha256OfFile(candidate.path)),
    size_bytes: size,
  };
  if (XML_CANDIDATE_TYPES.has(mediaType) && size <= MAX_XML_BYTES) {
    const einvoice = await readXmlInvoice(candidate.path);
    if (einvoice) {
      return {
        ...base,
        media_type: MEDIA_XML,
        page_count: 1,
        pages: [einvoiceText(einvoice)],
        ocr: false,
        ocr_confidence: null,
        needs_visual_reading: false,
        einvoice,
      };
    }
  }
  if (!INVOICE_MEDIA_TYPES.has(mediaType)) {
    return problem(
      'unsupported_type',
      `The file is ${mediaType}; invoices are read from PDF, JPEG and PNG files and e-invoice XML (CII, UBL).`,
    );
  }
  try {
    const read =
      mediaType === MEDIA.pdf
        ? await readPdf(candidate.path, options)
        : await readImage(candidate.path, options);
    if (!read.needs_visual_reading && read.pages.every((page) => countTextCharacters(page) === 0)) {
      return problem('ocr_failed', 'No text could be read from the document.');
    }
    return { ...base, page_count: read.pages.length, ...read };
  } catch (error) {
    if (error instanceof PdfReadError || error instanceof OcrError)
      return problem(error.code, error.message);
    throw error;
  }
}

type ReadText = Pick<
  IngestedDocument,
  | 'pages'
  | 'ocr'
  | 'ocr_confidence'
  | 'needs_visual_reading'
  | 'layout'
  | 'einvoice'
  | 'reading_notes'
>;

/** Text files that may be an e-invoice: sniffing names XML by extension, or plain text. */
const XML_CANDIDATE_TYPES: ReadonlySet<string> = new Set([
  'application/xml',
  'text/xml',
  MEDIA.text,
]);
const MEDIA_XML = 'application/xml';
/** An e-invoice XML is kilobytes; larger text files are not parsed as one. */
const MAX_XML_BYTES = 5 * 1024 * 1024;

/** The e-invoice a text file states, or null when it is no CII or UBL invoice. */
async function readXmlInvoice(path: string): Promise<EInvoice | null> {
  const text = await readFile(path, 'utf8');
  if (!mayBeXml(text.slice(0, 256))) return null;
  try {
    const einvoice = readEInvoice(text);
    return einvoice.total_minor !== null || einvoice.due_minor !== null ? einvoice : null;
  } catch (error) {
    if (error instanceof EInvoiceError) return null;
    throw error;
  }
}

async function readPdf(path: string, options: ReadDocumentsOptions): Promise<ReadText> {
  const render = options.ocr
    ? {
        minChars: options.minTextCharsPerPage,
        scale: options.ocrRenderScale ?? DEFAULT_OCR_RENDER_SCALE,
        maxPages: options.maxOcrPages ?? DEFAULT_MAX_OCR_PAGES,
      }
    : null;
  // The embedded files come from the same child pass as the text: pdf.js never runs here.
  const { pages, images, layout, attachments, refusedAttachments } = await options.pdfReader.read(
    path,
    { render, attachments: true, signal: options.signal },
  );
  // The invoice XML a PDF carries (Factur-X, ZUGFeRD, XRechnung), when it carries one.
  const einvoice = einvoiceFromAttachments(attachments);
  // An embedded file left unread may be the exact invoice: a person checks the page's reading.
  const notes = refusedAttachments.map(({ reason }) => ({
    flag: 'low_confidence' as const,
    note: reason,
  }));
  const kept = notes.length > 0 ? { reading_notes: notes } : {};
  const extra = { ...(layout ? { layout } : {}), ...(einvoice ? { einvoice } : {}) };
  const thin = pages.filter(
    (page) => countTextCharacters(page) < options.minTextCharsPerPage,
  ).length;
  if (!options.ocr || images.length === 0) {
    return {
      pages,
      ocr: false,
      ocr_confidence: null,
      needs_visual_reading: thin > 0 && !options.ocr,
      ...extra,
      ...kept,
    };
  }
  const confidences: number[] = [];
  const merged = [...pages];
  for (const image of images) {
    const recognised = await options.ocr.recognise(image.png, options.signal);
    const current = merged[image.page - 1] ?? '';
    // OCR replaces a page only when it found more: a thin text layer may still be the better read.
    if (countTextCharacters(recognised.text) > countTextCharacters(current)) {
      merged[image.page - 1] = recognised.text;
      confidences.push(recognised.confidence);
    }
  }
  const ocr = confidences.length > 0;
  return {
    pages: merged,
    ocr,
    ocr_confidence: ocr ? mean(confidences) : null,
    needs_visual_reading: false,
    // Positions describe the text layer; OCR'd pages replaced it where they found more.
    ...(ocr ? {} : extra),
    ...(extra.einvoice ? { einvoice: extra.einvoice } : {}),
    ...kept,
  };
}

async function readImage(path: string, options: ReadDocumentsOptions): Promise<ReadText> {
  if (!options.ocr)
    return { pages: [''], ocr: false, ocr_confidence: null, needs_visual_reading: true };
  const recognised = await options.ocr.recognise(path, options.signal);
  return {
    pages: [recognised.text],
    ocr: true,
    ocr_confidence: recognised.confidence,
    needs_visual_reading: false,
  };
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

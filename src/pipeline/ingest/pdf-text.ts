/**
 * PDF text per page, read off the event loop by a small pool of child processes with a time limit
 * per file and a memory cap per process (process-pool.ts): a hostile PDF (endless content
 * streams, huge pages, inflation bombs) costs one killed process, not a stalled or swollen server,
 * and the memory a PDF took is given back when its process is recycled or ends idle. Before
 * pdf.js sees a file, its streams are measured (pdf-inflate-guard.ts); pdf.js itself refuses
 * images above the pixel limit, and pages are rendered for OCR at a scale that keeps them under it.
 * Embedded files (an e-invoice's XML) are listed in the same pass, for the same reasons
 * (pdf-attachments.ts): only XML within the size limit crosses back to the server.
 *
 * The child is pdf-text-worker.js next to the compiled file in production and
 * pdf-text-worker.ts under tsx and tap (see worker-entry.ts).
 */
import { availableParallelism } from 'node:os';
import {
  ATTACHMENT_DEFAULTS,
  type PdfAttachment,
  type RefusedAttachment,
} from './pdf-attachments.js';
import { ProcessFailure, ProcessPool } from './process-pool.js';

export interface PdfTextReaderOptions {
  /** Processes reading PDFs at once; defaults to the number of cores less one (at least one). */
  poolSize?: number;
  /** Time limit to read (and render) one PDF; the process is killed when it is exceeded. */
  timeoutMs: number;
  /** V8 heap limit of each process in MiB (default 256): a PDF needing more fails as `unreadable_pdf`. */
  maxWorkerMemoryMb?: number;
  /** Resident memory cap of each process in MiB (default 384): a PDF needing more is `too_large`. */
  maxProcessMb?: number;
  /** Largest image pdf.js decodes, and largest page rendered for OCR, in pixels. */
  maxImagePixels?: number;
  /** Most bytes one stream of a PDF may inflate to (default 32 MiB). */
  maxStreamBytes?: number;
  /** Most bytes all streams of a PDF may inflate to (default 128 MiB). */
  maxInflatedBytes?: number;
  /** An idle process ends after this long (default 10 s), giving its memory back. */
  idleMs?: number;
  /** Largest embedded XML passed on as an e-invoice candidate (default 5 MiB). */
  maxAttachmentBytes?: number;
  /** Most embedded files looked at in one PDF (default 16). */
  maxAttachments?: number;
}

/** Render pages with fewer than `minChars` text characters (at most `maxPages` of them) to PNG. */
export interface PdfRenderRequest {
  minChars: number;
  /** 1 renders at 72 dpi; 3 (216 dpi) suits OCR. */
  scale: number;
  maxPages: number;
}

/** One piece of text where pdf.js placed it: x from the left edge, y its baseline from the top (pt). */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The positioned text of one page, so a reader can pair labels with values by layout. */
export interface PdfPageLayout {
  /** 1-based. */
  page: number;
  width: number;
  height: number;
  items: PdfTextItem[];
}

export interface PdfTextResult {
  /** Text of each page, in order. */
  pages: string[];
  /** PNGs of the pages that were rendered (1-based page numbers). */
  images: Array<{ page: number; png: Buffer }>;
  /** Positioned text of each page, in order; absent when pdf.js could not give positions. */
  layout?: PdfPageLayout[];
  /** The embedded XML files (e-invoice candidates), when attachments were asked for. */
  attachments: PdfAttachment[];
  /** Embedded files refused by the limits, with the reason. */
  refusedAttachments: RefusedAttachment[];
}

export type PdfReadErrorCode = 'encrypted' | 'unreadable_pdf' | 'timeout' | 'too_large';

export class PdfReadError extends Error {
  constructor(
    readonly code: PdfReadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PdfReadError';
  }
}

export interface PdfTextReader {
  read(
    path: string,
    options?: {
      render?: PdfRenderRequest | null;
      /** Also return the embedded XML files (an invoice's PDF may carry its e-invoice). */
      attachments?: boolean;
      signal?: AbortSignal;
    },
  ): Promise<PdfTextResult>;
  /** Terminates the workers; reads still waiting are rejected. */
  close(): Promise<void>;
}

/** What the child decodes at most, sent with every task. */
export interface PdfDecodeLimits {
  maxImagePixels: number;
  maxStreamBytes: number;
  maxInflatedBytes: number;
  maxAttachmentBytes: number;
  maxAttachments: number;
}

/** Message to the child process. */
export interface PdfTask {
  path: string;
  render: PdfRenderRequest | null;
  /** Whether to list the embedded XML files too, in the same pass as the text. */
  attachments: boolean;
  limits: PdfDecodeLimits;
}

/** The child's answer. */
export type PdfTaskReply =
  | {
      ok: true;
      pages: string[];
      images: Array<{ page: number; png: Uint8Array }>;
      layout?: PdfPageLayout[];
      attachments?: PdfAttachment[];
      refusedAttachments?: RefusedAttachment[];
    }
  | { ok: false; code: 'encrypted' | 'unreadable_pdf' | 'too_large'; message: string };

/** Characters that count as text: a page of only whitespace reads as scanned. */
export function countTextCharacters(text: string): number {
  return text.replace(/\s+/g, '').length;
}

export const PDF_DEFAULTS = {
  workerMemoryMb: 256,
  processMb: 384,
  imagePixels: 40_000_000,
  streamBytes: 32 * 1024 * 1024,
  inflatedBytes: 128 * 1024 * 1024,
  idleMs: 10_000,
  /** A fresh process after this many PDFs, whatever its memory. */
  recycleAfter: 100,
} as const;
/** Loading pdf.js (and, in development, compiling TypeScript) can take seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 60_000;

export function createPdfTextReader(options: PdfTextReaderOptions): PdfTextReader {
  const processMb = options.maxProcessMb ?? PDF_DEFAULTS.processMb;
  const pool = new ProcessPool<PdfTask, PdfTaskReply>({
    callerUrl: import.meta.url,
    entry: 'pdf-text-worker',
    preload: ['pdf-parse/worker', 'pdf-parse'],
    // The inflation check collects its garbage as it goes (see pdf-inflate-guard.ts).
    execArgv: ['--expose-gc'],
    // One core is left to the server (expansion, hashing, extraction): on the documented 2-core
    // machine one PDF process, so a claim's PDFs never hold two processes' memory at once.
    size: options.poolSize ?? Math.max(1, availableParallelism() - 1),
    maxOldSpaceMb: options.maxWorkerMemoryMb ?? PDF_DEFAULTS.workerMemoryMb,
    maxRssBytes: processMb * 1024 * 1024,
    // A process that grew past half its cap gives that memory back before the next PDF.
    recycleAboveRssBytes: (processMb / 2) * 1024 * 1024,
    recycleAfterTasks: PDF_DEFAULTS.recycleAfter,
    idleMs: options.idleMs ?? PDF_DEFAULTS.idleMs,
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
  });
  const limits: PdfDecodeLimits = {
    maxImagePixels: options.maxImagePixels ?? PDF_DEFAULTS.imagePixels,
    maxStreamBytes: options.maxStreamBytes ?? PDF_DEFAULTS.streamBytes,
    maxInflatedBytes: options.maxInflatedBytes ?? PDF_DEFAULTS.inflatedBytes,
    maxAttachmentBytes: options.maxAttachmentBytes ?? ATTACHMENT_DEFAULTS.maxAttachmentBytes,
    maxAttachments: options.maxAttachments ?? ATTACHMENT_DEFAULTS.maxAttachments,
  };
  return {
    async read(path, readOptions = {}) {
      let reply: PdfTaskReply;
      try {
        reply = await pool.run(
          {
            path,
            render: readOptions.render ?? null,
            attachments: readOptions.attachments ?? false,
            limits,
          },
          {
            timeoutMs: options.timeoutMs,
            ...(readOptions.signal ? { signal: readOptions.signal } : {}),
          },
        );
      } catch (error) {
        throw asPdfReadError(error, options.timeoutMs);
      }
      if (!reply.ok) throw new PdfReadError(reply.code, reply.message);
      return {
        pages: reply.pages,
        images: reply.images.map((image) => ({ page: image.page, png: Buffer.from(image.png) })),
        ...(reply.layout ? { layout: reply.layout } : {}),
        attachments: reply.attachments ?? [],
        refusedAttachments: reply.refusedAttachments ?? [],
      };
    },
    close: () => pool.close(),
  };
}

function asPdfReadError(error: unknown, timeoutMs: number): unknown {
  if (!(error instanceof ProcessFailure)) {
    // Aborts keep their reason; a failure the child reported is the PDF's.
    return error instanceof Error && error.name === 'TaskError'
      ? new PdfReadError('unreadable_pdf', `The PDF could not be read: ${error.message}`)
      : error;
  }
  switch (error.kind) {
    case 'timeout':
      return new PdfReadError('timeout', `Reading the PDF took longer than ${timeoutMs} ms.`);
    case 'memory':
      return new PdfReadError('too_large', error.message);
    case 'closed':
      return new Error('The PDF reader is closed.');
    default:
      return new PdfReadError('unreadable_pdf', `Reading the PDF crashed: ${error.message}`);
  }
}

/**
 * PDF text per page, read off the event loop by a small pool of worker threads with a time limit
 * per file: a hostile PDF (endless content streams, huge pages) costs one terminated worker, not a
 * stalled server. Pages with too little text can be rendered to PNG in the same pass, for OCR.
 *
 * The worker is pdf-text-worker.js next to the compiled file in production and
 * pdf-text-worker.ts under tsx and tap (see worker-entry.ts).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnSiblingWorker } from './worker-entry.js';

export interface PdfTextReaderOptions {
  /** Worker threads; defaults to the number of cores. */
  poolSize?: number;
  /** Time limit to read (and render) one PDF; the worker is terminated when it is exceeded. */
  timeoutMs: number;
  /** V8 heap limit of each worker in MiB (default 512): a PDF needing more fails as `unreadable_pdf`. */
  maxWorkerMemoryMb?: number;
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
}

export type PdfReadErrorCode = 'encrypted' | 'unreadable_pdf' | 'timeout';

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
    options?: { render?: PdfRenderRequest | null; signal?: AbortSignal },
  ): Promise<PdfTextResult>;
  /** Terminates the workers; reads still waiting are rejected. */
  close(): Promise<void>;
}

/** Message to the worker. */
export interface PdfTask {
  id: number;
  path: string;
  render: PdfRenderRequest | null;
}

/** Message from the worker. */
export type PdfTaskReply =
  | {
      id: number;
      ok: true;
      pages: string[];
      images: Array<{ page: number; png: Uint8Array }>;
      layout?: PdfPageLayout[];
    }
  | { id: number; ok: false; code: 'encrypted' | 'unreadable_pdf'; message: string };

/** Any message from the worker: replies, and one `ready` once pdf.js is loaded. */
export type PdfWorkerMessage = PdfTaskReply | { ready: true };

/** Characters that count as text: a page of only whitespace reads as scanned. */
export function countTextCharacters(text: string): number {
  return text.replace(/\s+/g, '').length;
}

const DEFAULT_WORKER_MEMORY_MB = 512;
/** Loading pdf.js (and, in development, compiling TypeScript) can take seconds on a busy machine. */
const WORKER_STARTUP_TIMEOUT_MS = 60_000;

export function createPdfTextReader(options: PdfTextReaderOptions): PdfTextReader {
  return new PdfWorkerPool(
    options.poolSize ?? availableParallelism(),
    options.timeoutMs,
    options.maxWorkerMemoryMb ?? DEFAULT_WORKER_MEMORY_MB,
  );
}

class PdfWorkerPool implements PdfTextReader {
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private freeSlots: number;
  private nextTaskId = 1;
  private closed = false;

  constructor(
    size: number,
    private readonly timeoutMs: number,
    private readonly memoryMb: number,
  ) {
    this.freeSlots = Math.max(1, size);
  }

  async read(
    path: string,
    options: { render?: PdfRenderRequest | null; signal?: AbortSignal } = {},
  ): Promise<PdfTextResult> {
    options.signal?.throwIfAborted();
    await this.takeSlot();
    let worker: Worker | undefined;
    let healthy = false;
    try {
      worker = this.idle.pop() ?? (await this.spawn());
      if (options.signal?.aborted) {
        healthy = true; // aborted while waiting: this worker never started the task
        throw options.signal.reason;
      }
      const reply = await this.run(
        worker,
        { id: this.nextTaskId++, path, render: options.render ?? null },
        options.signal,
      );
      healthy = true;
      if (!reply.ok) throw new PdfReadError(reply.code, reply.message);
      return {
        pages: reply.pages,
        images: reply.images.map((image) => ({ page: image.page, png: Buffer.from(image.png) })),
        ...(reply.layout ? { layout: reply.layout } : {}),
      };
    } finally {
      // A worker that timed out, crashed or was aborted mid-task is terminated, never reused.
      if (worker && healthy && !this.closed) {
        worker.unref();
        this.idle.push(worker);
      } else if (worker) {
        void worker.terminate();
      }
      this.freeSlot();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0))
      waiter.reject(new Error('The PDF reader is closed.'));
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private takeSlot(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The PDF reader is closed.'));
    if (this.freeSlots > 0) {
      this.freeSlots -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private freeSlot(): void {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.freeSlots += 1;
  }

  /** A new worker, once it has loaded pdf.js: start-up time never counts against a PDF's limit. */
  private spawn(): Promise<Worker> {
    const worker = spawnSiblingWorker(import.meta.url, 'pdf-text-worker', {
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb },
    });
    // A worker failing between tasks must not become an uncaught 'error' in the server.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
    });
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onFailure);
        worker.off('exit', onFailure);
        outcome();
      };
      const onMessage = (message: PdfWorkerMessage): void => {
        if ('ready' in message) settle(() => resolve(worker));
      };
      const onFailure = (error?: Error | number): void => {
        const reason = error instanceof Error ? error.message : `exit code ${String(error)}`;
        settle(() =>
          reject(new PdfReadError('unreadable_pdf', `The PDF reader could not start: ${reason}`)),
        );
      };
      const timer = setTimeout(() => {
        void worker.terminate();
        onFailure(new Error(`not ready after ${WORKER_STARTUP_TIMEOUT_MS} ms`));
      }, WORKER_STARTUP_TIMEOUT_MS);
      worker.on('message', onMessage);
      worker.on('error', onFailure);
      worker.on('exit', onFailure);
    });
  }

  private run(
    worker: Worker,
    task: PdfTask,
    signal: AbortSignal | undefined,
  ): Promise<PdfTaskReply> {
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const onMessage = (reply: PdfWorkerMessage): void => {
        if ('id' in reply && reply.id === task.id) settle(() => resolve(reply));
      };
      // Includes running out of the worker's heap limit ("reaching memory limit: JS heap out of memory").
      const onError = (error: Error): void =>
        settle(() =>
          reject(new PdfReadError('unreadable_pdf', `Reading the PDF crashed: ${error.message}`)),
        );
      const onExit = (): void =>
        settle(() =>
          reject(
            new PdfReadError('unreadable_pdf', 'The PDF reader stopped while reading this PDF.'),
          ),
        );
      const onAbort = (): void => settle(() => reject(signal?.reason ?? new Error('aborted')));
      const timer = setTimeout(
        () =>
          settle(() =>
            reject(
              new PdfReadError('timeout', `Reading the PDF took longer than ${this.timeoutMs} ms.`),
            ),
          ),
        this.timeoutMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      // Referenced while working, so a CLI run waits for its PDFs; unreferenced when idle.
      worker.ref();
      worker.postMessage(task);
    });
  }
}

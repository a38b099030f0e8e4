/**
 * OCR for receipt photos and scanned PDF pages. An interface, because there are two readers: the
 * offline one here (tesseract.js with the English data shipped in @tesseract.js-data/eng, no
 * network at run time) and Gemini, which reads images and PDFs natively (the pipeline then hands
 * the file itself to the model instead of calling an OcrEngine).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, OEM, type Worker as TesseractWorker } from 'tesseract.js';

const LANGUAGE = 'eng';

export interface OcrResult {
  text: string;
  /** 0..1, the engine's mean word confidence. */
  confidence: number;
}

export interface OcrEngine {
  /** `image` is PNG/JPEG bytes or a path to such a file. */
  recognise(image: Buffer | string, signal?: AbortSignal): Promise<OcrResult>;
  close(): Promise<void>;
}

export class OcrError extends Error {
  constructor(
    readonly code: 'ocr_failed' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'OcrError';
  }
}

export interface TesseractOcrOptions {
  /** Time limit for one image (and for starting the engine); the worker is then terminated and recreated lazily. */
  timeoutMs: number;
  /** Folder holding eng.traineddata.gz; defaults to the copy inside @tesseract.js-data/eng. */
  langPath?: string;
}

/**
 * The English data inside node_modules. The LSTM-only engine (OEM 1, tesseract.js's default)
 * uses the "best_int" model; the other folder holds the legacy+LSTM model.
 */
export function shippedEnglishDataPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/** One lazily created tesseract worker (its own thread), reused for every image until close(). */
export function createTesseractOcr(options: TesseractOcrOptions): OcrEngine {
  const langPath = options.langPath ?? shippedEnglishDataPath();
  let starting: Promise<TesseractWorker> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const start = (): Promise<TesseractWorker> => {
    starting ??= startWorker(langPath, options.timeoutMs).catch((error: unknown) => {
      starting = null;
      throw error;
    });
    return starting;
  };

  const discard = async (): Promise<void> => {
    const current = starting;
    starting = null;
    if (current) await current.then((worker) => worker.terminate()).catch(() => undefined);
  };

  const recogniseOne = async (image: Buffer | string, signal?: AbortSignal): Promise<OcrResult> => {
    signal?.throwIfAborted();
    // Paths are read here: tesseract.js would fetch a string that looks like a URL.
    const bytes = typeof image === 'string' ? await readFile(image) : image;
    const worker = await start();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const interrupted = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new OcrError('timeout', `OCR took longer than ${options.timeoutMs} ms.`)),
        options.timeoutMs,
      );
      onAbort = () => reject(signal?.reason ?? new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const { data } = await Promise.race([worker.recognize(bytes), interrupted]);
      return {
        text: data.text.trim(),
        confidence: Math.max(0, Math.min(1, data.confidence / 100)),
      };
    } catch (error) {
      if (error instanceof OcrError || signal?.aborted) {
        // The worker is still busy with the abandoned image: only a fresh one is trustworthy.
        await discard();
        throw error;
      }
      throw new OcrError('ocr_failed', `The image could not be read: ${errorText(error)}`);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  };

  return {
    recognise(image, signal) {
      // One image at a time: tesseract's worker is single-threaded, so queueing here keeps each
      // image's time limit about that image rather than about the ones ahead of it.
      const result = queue.then(() => recogniseOne(image, signal));
      queue = result.catch(() => undefined);
      return result;
    },
    close: discard,
  };
}

async function startWorker(langPath: string, timeoutMs: number): Promise<TesseractWorker> {
  // A failed language load leaves tesseract's thread running with no handle to end it (see below),
  // so the one likely cause, missing data, is checked before any thread starts.
  const dataFile = join(langPath, `${LANGUAGE}.traineddata.gz`);
  if (!existsSync(dataFile))
    throw new OcrError('ocr_failed', `The OCR engine could not start: ${dataFile} is missing.`);
  // tesseract.js rethrows a failed job as an uncaught exception unless errorHandler is set, and
  // with errorHandler set a failed language load never settles createWorker: settle it here.
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new OcrError('ocr_failed', `The OCR engine could not start: ${errorText(error)}`));
    };
    const timer = setTimeout(() => fail(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs);
    createWorker(LANGUAGE, OEM.LSTM_ONLY, {
      langPath,
      gzip: true,
      cacheMethod: 'none',
      errorHandler: fail,
    }).then((worker) => {
      clearTimeout(timer);
      if (settled) {
        void worker.terminate();
        return;
      }
      settled = true;
      resolve(worker);
    }, fail);
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * OCR for receipt photos and scanned PDF pages. An interface, because there are two readers: the
 * offline one here (tesseract.js with the language and orientation data shipped in
 * @tesseract.js-data packages, no network at run time) and Gemini, which reads images and PDFs
 * natively (the pipeline then hands the file itself to the model instead of calling an
 * OcrEngine).
 *
 * The image is prepared with sharp (ocr-image.ts) and turned upright by orientation detection
 * (ocr-orientation.ts) before tesseract reads it, all in a child process (ocr-worker.ts, through
 * process-pool.ts) whose memory is capped and given back; an image declaring more pixels than the
 * limit is refused from its header before anything decodes it (image-header.ts).
 */
import { oversizeReason, readImageSize } from './image-header.js';
import type { QuarterTurn } from './ocr-image.js';
import { type OcrLanguage, shippedLanguageDir, shippedOrientationDir } from './ocr-languages.js';
import { ProcessFailure, ProcessPool } from './process-pool.js';

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
    readonly code: 'ocr_failed' | 'timeout' | 'too_large',
    message: string,
  ) {
    super(message);
    this.name = 'OcrError';
  }
}

export interface TesseractOcrOptions {
  /**
   * Time limit for one reading of an image (engine start-up excluded); the process is then killed.
   * An image whose first reading held no figure is read again after orientation detection, each
   * reading and the detection under this limit.
   */
  timeoutMs: number;
  /** Languages to read (default English); each one added makes every read slower. */
  languages?: readonly OcrLanguage[];
  /** Folder holding `<code>.traineddata.gz` of each language; defaults to the shipped packages. */
  langPath?: string;
  /**
   * Folder holding `osd.traineddata.gz`, tesseract's orientation model (default: the shipped
   * one); null reads every image the way it is stored (after its EXIF orientation).
   */
  orientationPath?: string | null;
  /** Images declaring more pixels are refused as `too_large` before decoding (default 40 MP). */
  maxImagePixels?: number;
  /** Resident memory cap of the OCR process in MiB (default 384): an image needing more is `too_large`. */
  maxProcessMb?: number;
  /** The idle OCR process ends after this long (default 10 s), giving its memory back. */
  idleMs?: number;
}

/** Message to the OCR process. */
export interface OcrTask {
  image: Uint8Array | string;
  langPath: string;
  languages: readonly OcrLanguage[];
  /**
   * When the first pass holds no figure, return it at once with a small copy for orientation
   * detection (ocr.ts then asks for the image again with `turn`).
   */
  detectOrientation: boolean;
  /** Read the image turned by this much (orientation detection's answer); no copy comes back. */
  turn?: QuarterTurn;
}

export type OcrTaskReply =
  | ({ ok: true; orientationCopy?: Uint8Array } & OcrResult)
  | { ok: false; message: string };

/** Message to the orientation process: a small grey copy (PGM) of the prepared image. */
export interface OrientationTask {
  image: Uint8Array;
  dataDir: string;
}

export interface OrientationTaskReply {
  turn: QuarterTurn;
}

export const OCR_DEFAULTS = {
  imagePixels: 40_000_000,
  processMb: 384,
  idleMs: 10_000,
  recycleAfter: 50,
} as const;
/** Loading tesseract's wasm and language data takes seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 60_000;

/** One OCR process, started on first use, reused image after image until recycled or idle. */
export function createTesseractOcr(options: TesseractOcrOptions): OcrEngine {
  const languages = options.languages?.length ? options.languages : (['eng'] as const);
  const langPath = options.langPath ?? shippedLanguageDir(languages);
  const orientationPath =
    options.orientationPath === undefined ? shippedOrientationDir() : options.orientationPath;
  const maxPixels = options.maxImagePixels ?? OCR_DEFAULTS.imagePixels;
  const processMb = options.maxProcessMb ?? OCR_DEFAULTS.processMb;
  const processes = {
    maxRssBytes: processMb * 1024 * 1024,
    recycleAboveRssBytes: (processMb / 2) * 1024 * 1024,
    recycleAfterTasks: OCR_DEFAULTS.recycleAfter,
    idleMs: options.idleMs ?? OCR_DEFAULTS.idleMs,
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
  };
  // One process: tesseract is single-threaded, and queueing here keeps each image's time limit
  // about that image rather than about the ones ahead of it.
  const pool = new ProcessPool<OcrTask, OcrTaskReply>({
    callerUrl: import.meta.url,
    entry: 'ocr-worker',
    preload: ['tesseract.js', 'sharp'],
    size: 1,
    maxOldSpaceMb: 256,
    ...processes,
  });
  // Orientation detection's legacy engine lives in a process of its own (ocr-orientation-worker.ts),
  // started only for an image whose reading held no figure.
  const orientationPool = new ProcessPool<OrientationTask, OrientationTaskReply>({
    callerUrl: import.meta.url,
    entry: 'ocr-orientation-worker',
    preload: ['tesseract.js'],
    size: 1,
    maxOldSpaceMb: 128,
    ...processes,
  });
  const limits = { timeoutMs: options.timeoutMs };

  /** The turn that makes the image upright, or 0 when detection is unsure or cannot run. */
  async function detectTurn(copy: Uint8Array, signal?: AbortSignal): Promise<QuarterTurn> {
    if (!orientationPath) return 0;
    const reply = await orientationPool
      .run({ image: copy, dataDir: orientationPath }, { ...limits, ...(signal ? { signal } : {}) })
      .catch((error: unknown) => {
        if (signal?.aborted) throw error;
        // Unknown orientation is no failure: the image is read as it is.
        return { turn: 0 as const };
      });
    return reply.turn;
  }

  return {
    async recognise(image, signal) {
      signal?.throwIfAborted();
      const size = await readImageSize(image).catch(() => null);
      const refusal = size ? oversizeReason(size, maxPixels) : null;
      if (refusal) throw new OcrError('too_large', refusal);
      const task: OcrTask = {
        image: typeof image === 'string' ? image : new Uint8Array(image),
        langPath,
        languages,
        detectOrientation: orientationPath !== null,
      };
      const read = async (turn?: QuarterTurn) => {
        let reply: OcrTaskReply;
        try {
          reply = await pool.run(turn === undefined ? task : { ...task, turn }, {
            ...limits,
            ...(signal ? { signal } : {}),
          });
        } catch (error) {
          throw asOcrError(error, options.timeoutMs);
        }
        if (!reply.ok) throw new OcrError('ocr_failed', reply.message);
        return reply;
      };
      let reply = await read();
      // A reading without figures came back after one pass, with a copy to detect its orientation
      // on: it is read again, turned or not, with every pass.
      if (reply.orientationCopy)
        reply = await read(await detectTurn(reply.orientationCopy, signal));
      return { text: reply.text, confidence: reply.confidence };
    },
    close: async () => {
      await Promise.all([pool.close(), orientationPool.close()]);
    },
  };
}

function asOcrError(error: unknown, timeoutMs: number): unknown {
  if (!(error instanceof ProcessFailure)) {
    return error instanceof Error && error.name === 'TaskError'
      ? new OcrError('ocr_failed', `The image could not be read: ${error.message}`)
      : error;
  }
  switch (error.kind) {
    case 'timeout':
      return new OcrError('timeout', `OCR took longer than ${timeoutMs} ms.`);
    case 'memory':
      return new OcrError('too_large', error.message);
    case 'closed':
      return new Error('The OCR engine is closed.');
    default:
      return new OcrError('ocr_failed', `The OCR engine stopped: ${error.message}`);
  }
}

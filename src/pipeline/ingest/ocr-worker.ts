/**
 * Child process that runs tesseract for ocr.ts, one image at a time. tesseract.js keeps its wasm
 * memory for as long as its worker lives, sized by the largest image it has seen; here that
 * memory belongs to a process the pool caps, recycles and ends when idle.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, PSM, type Worker as TesseractWorker } from 'tesseract.js';
import type { OcrTask, OcrTaskReply } from './ocr.js';
import { detectionCopy, hasFigures, hasNumericDate, prepareImage } from './ocr-image.js';
import { serveTasks } from './process-child.js';

// One image at a time here, in a process whose memory is capped: libvips' thread pool and
// operation cache would hold memory for nothing.
sharp.concurrency(1);
sharp.cache(false);

let engine: Promise<TesseractWorker> | null = null;

serveTasks<OcrTask, OcrTaskReply>(async (task, control) => {
  let worker: TesseractWorker;
  try {
    engine ??= startWorker(task.langPath, task.languages);
    worker = await engine;
  } catch (error) {
    // A failed start can leave tesseract's thread behind with no handle: a new process starts clean.
    control.retire();
    return { ok: false, message: `The OCR engine could not start: ${errorText(error)}` };
  }
  try {
    // Paths are read here: tesseract.js would fetch a string that looks like a URL.
    const image =
      typeof task.image === 'string' ? await readFile(task.image) : Buffer.from(task.image);
    // First with everything lighter than the ink whitened: print showing through from the back
    // of receipt paper hid date and total lines.
    const turn = task.turn ?? 0;
    const prepared = await prepareImage(image, { whiten: true, turn });
    let { data } = await worker.recognize(prepared.image);
    // Text read sideways or upside down holds no figure: ocr.ts asks orientation detection, in a
    // process of its own, about this small copy, and has the image read again the way it says.
    if (task.turn === undefined && task.detectOrientation && !hasFigures(data.text)) {
      return {
        ok: true,
        text: data.text.trim(),
        confidence: confidenceOf(data.confidence),
        orientationCopy: new Uint8Array(await detectionCopy(prepared.gray)),
      };
    }
    // A receipt so read without any date gets a second pass without whitening (faint print can
    // fall on the wrong side of the threshold).
    if (!hasNumericDate(data.text)) {
      const second = await worker.recognize((await prepareImage(image, { turn })).image);
      if (hasNumericDate(second.data.text)) data = second.data;
    }
    return { ok: true, text: data.text.trim(), confidence: confidenceOf(data.confidence) };
  } catch (error) {
    return { ok: false, message: `The image could not be read: ${errorText(error)}` };
  }
});

async function startWorker(
  langPath: string,
  languages: readonly string[],
): Promise<TesseractWorker> {
  // A failed language load leaves tesseract's thread running, so the one likely cause, missing
  // data, is checked before any thread starts.
  for (const language of languages) {
    const dataFile = join(langPath, `${language}.traineddata.gz`);
    if (!existsSync(dataFile)) throw new Error(`${dataFile} is missing.`);
  }
  // tesseract.js rethrows a failed job as an uncaught exception unless errorHandler is set, and
  // with errorHandler set a failed language load never settles createWorker: settle it here.
  return new Promise((resolve, reject) => {
    createWorker(languages.join('+'), OEM.LSTM_ONLY, {
      langPath,
      gzip: true,
      cacheMethod: 'none',
      errorHandler: reject,
    })
      .then(async (worker) => {
        // One block of lines, top to bottom (a receipt is one column): tesseract's own default,
        // set so that a change of tesseract.js's defaults cannot move it.
        await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK });
        return worker;
      })
      .then(resolve, reject);
  });
}

/** tesseract's 0..100 as 0..1. */
function confidenceOf(percent: number): number {
  return Math.max(0, Math.min(1, percent / 100));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

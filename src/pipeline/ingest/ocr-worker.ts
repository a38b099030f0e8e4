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
import {
  detectionCopy,
  hasFigures,
  hasNumericDate,
  prepareImage,
  type QuarterTurn,
} from './ocr-image.js';
import { createOrientationDetector, type OrientationDetector } from './ocr-orientation.js';
import { serveTasks } from './process-child.js';

// One image at a time here, in a process whose memory is capped: libvips' thread pool and
// operation cache would hold memory for nothing.
sharp.concurrency(1);
sharp.cache(false);

let engine: Promise<TesseractWorker> | null = null;
let orientation: OrientationDetector | null = null;

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
    let prepared = await prepareImage(image, { whiten: true });
    let { data } = await worker.recognize(prepared.image);
    // Text read sideways or upside down holds no figure. Only then is orientation detection
    // asked: its engine costs ~60 MB beside the reading one, which upright photos, nearly all,
    // never pay under the process's memory cap.
    let turn: QuarterTurn = 0;
    if (task.orientationPath && !hasFigures(data.text)) {
      orientation ??= createOrientationDetector(task.orientationPath);
      turn = await orientation.detect(await detectionCopy(prepared.gray));
      if (turn) {
        prepared = await prepareImage(image, { whiten: true, turn });
        ({ data } = await worker.recognize(prepared.image));
      }
    }
    // A receipt so read without any date gets a second pass without whitening (faint print can
    // fall on the wrong side of the threshold).
    if (!hasNumericDate(data.text)) {
      const second = await worker.recognize((await prepareImage(image, { turn })).image);
      if (hasNumericDate(second.data.text)) data = second.data;
    }
    return {
      ok: true,
      text: data.text.trim(),
      confidence: Math.max(0, Math.min(1, data.confidence / 100)),
    };
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

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

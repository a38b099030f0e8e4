/**
 * Which way up a scan or photo is, from tesseract's orientation and script detection (OSD). A
 * receipt photographed sideways or a page scanned upside down carries no EXIF orientation to undo
 * it, and the LSTM reader returns noise for it. OSD runs only on tesseract's legacy engine, so it
 * has a worker of its own beside the reading one, in the same OCR process.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createWorker, type DetectData, OEM, type Worker as TesseractWorker } from 'tesseract.js';
import type { QuarterTurn } from './ocr-image.js';

/**
 * OSD's confidence below which its answer is not acted on. Measured on 25 receipt photos and page
 * scans, each upright and turned by a quarter, a half and three quarters (1 MP detection copies):
 * every answer at or above 2 was right, every wrong one scored under 1, and no upright image was
 * ever given a turn at or above 2.
 */
export const MIN_ORIENTATION_CONFIDENCE = 2;

/** The clockwise turn that makes the text upright, or 0 when OSD is unsure or found nothing. */
export function turnFromDetection(
  detection: Pick<DetectData, 'orientation_degrees' | 'orientation_confidence'>,
): QuarterTurn {
  const degrees = detection.orientation_degrees;
  if (degrees === null || (detection.orientation_confidence ?? 0) < MIN_ORIENTATION_CONFIDENCE)
    return 0;
  const turn = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
  return turn as QuarterTurn;
}

export interface OrientationDetector {
  /** The turn that makes `image` (PGM or PNG bytes) upright; 0 when unknown. */
  detect(image: Buffer): Promise<QuarterTurn>;
  /** Ends the legacy engine's thread, if it started. */
  close(): Promise<void>;
}

/**
 * A detector over the model in `dataDir`, started on first use. Without the model, or when the
 * legacy engine cannot start, every image is taken as upright: reading it as it is beats failing.
 */
export function createOrientationDetector(dataDir: string): OrientationDetector {
  let worker: Promise<TesseractWorker | null> | null = null;
  return {
    async detect(image) {
      worker ??= startOsdWorker(dataDir);
      const osd = await worker;
      if (!osd) return 0;
      try {
        const { data } = await osd.detect(image);
        return turnFromDetection(data);
      } catch {
        // Too little text to judge ends here too: the image is read as it is.
        return 0;
      }
    },
    async close() {
      const osd = await worker;
      worker = null;
      await osd?.terminate();
    },
  };
}

function startOsdWorker(dataDir: string): Promise<TesseractWorker | null> {
  // A failed model load leaves tesseract's thread running, so missing data is checked first.
  if (!existsSync(join(dataDir, 'osd.traineddata.gz'))) return Promise.resolve(null);
  return new Promise<TesseractWorker>((resolve, reject) => {
    createWorker('osd', OEM.TESSERACT_ONLY, {
      langPath: dataDir,
      legacyCore: true,
      legacyLang: true,
      gzip: true,
      cacheMethod: 'none',
      errorHandler: reject,
    })
      .then(async (worker) => {
        // "Too few characters" for a photo without text is an answer here, not news for the log.
        await worker.setParameters({ debug_file: '/dev/null' });
        return worker;
      })
      .then(resolve, reject);
  }).catch(() => null);
}

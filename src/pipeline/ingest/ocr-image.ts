/**
 * Decodes an image for OCR, prepares it (ocr-prepare.ts) and hands the grey result on as PGM.
 * @napi-rs/canvas decodes (and applies the EXIF orientation, which tesseract.js does not for
 * little-endian EXIF blocks); the pixel work is plain loops over a grey buffer.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { readImageSize } from './image-header.js';
import {
  crop,
  eraseBars,
  type GrayImage,
  grayFromRgba,
  paperBox,
  whitenBackground,
} from './ocr-prepare.js';

export interface PreparedImage {
  /** PGM bytes. */
  image: Buffer;
  /** Which preparations applied ('scaled', 'paper', 'bars', 'whiten'). */
  steps: string[];
}

/**
 * A full A4 page at 300 dpi is 8.7 MP; receipt print is still ~25 px high at 6 MP, and the
 * decoded copies and tesseract's own then fit the OCR process's memory cap on a page scan.
 */
const WORKING_PIXELS = 6_000_000;

export interface PrepareOptions {
  /** Also whiten everything lighter than the ink (the first pass, see ocr-worker.ts). */
  whiten?: boolean;
}

export async function prepareImage(
  image: Buffer,
  options: PrepareOptions = {},
): Promise<PreparedImage> {
  // The native decoder can crash the process on bytes that are no image; a header we cannot read
  // is refused here instead, with the message any undecodable image gets.
  if (!(await readImageSize(image)))
    throw new Error('the image header is not one of a known format.');
  const decoded = await loadImage(image);
  const scale = Math.min(1, Math.sqrt(WORKING_PIXELS / (decoded.width * decoded.height)));
  const width = Math.max(1, Math.round(decoded.width * scale));
  const height = Math.max(1, Math.round(decoded.height * scale));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.drawImage(decoded, 0, 0, width, height);
  let gray: GrayImage = grayFromRgba(context.getImageData(0, 0, width, height).data, width, height);
  const steps: string[] = scale < 1 ? ['scaled'] : [];
  const paper = paperBox(gray);
  if (paper) {
    gray = crop(gray, paper);
    steps.push('paper');
  }
  if (eraseBars(gray) > 0) steps.push('bars');
  if (options.whiten) {
    whitenBackground(gray);
    steps.push('whiten');
  }
  return { image: encodePgm(gray), steps };
}

/**
 * Binary PGM: a short header and the grey bytes as they are. Leptonica (inside tesseract) reads
 * it, and it costs neither an RGBA copy nor PNG compression of a page-sized image.
 */
function encodePgm(image: GrayImage): Buffer {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1');
  return Buffer.concat([header, image.data]);
}

/** "12.03.24", "12/03/2024", "2024-03-12": a receipt's date as printed, whichever order. */
const NUMERIC_DATE = /(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?!\d)/;

/** Whether OCR text holds a date: without one a receipt gets a second pass. */
export function hasNumericDate(text: string): boolean {
  return NUMERIC_DATE.test(text);
}

/**
 * Decodes an image for OCR, prepares it (ocr-prepare.ts) and hands the grey result on as PGM.
 * @napi-rs/canvas decodes (and applies the EXIF orientation, which tesseract.js does not for
 * little-endian EXIF blocks); the pixel work is plain loops over a grey buffer.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { readImageSize } from './image-header.js';
import { crop, eraseBars, type GrayImage, grayFromRgba, paperBox } from './ocr-prepare.js';

export interface PreparedImage {
  /** PGM bytes. */
  image: Buffer;
  /** Which preparations applied ('paper', 'bars'). */
  steps: string[];
}

export async function prepareImage(image: Buffer): Promise<PreparedImage> {
  // The native decoder can crash the process on bytes that are no image; a header we cannot read
  // is refused here instead, with the message any undecodable image gets.
  if (!(await readImageSize(image)))
    throw new Error('the image header is not one of a known format.');
  const decoded = await loadImage(image);
  const canvas = createCanvas(decoded.width, decoded.height);
  const context = canvas.getContext('2d');
  context.drawImage(decoded, 0, 0);
  const rgba = context.getImageData(0, 0, decoded.width, decoded.height).data;
  let gray: GrayImage = grayFromRgba(rgba, decoded.width, decoded.height);
  const steps: string[] = [];
  const paper = paperBox(gray);
  if (paper) {
    gray = crop(gray, paper);
    steps.push('paper');
  }
  if (eraseBars(gray) > 0) steps.push('bars');
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

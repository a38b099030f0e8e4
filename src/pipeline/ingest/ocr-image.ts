/**
 * Prepares an image for tesseract and hands the grey result on as PGM. sharp (libvips) decodes
 * every format the upload accepts (TIFF scans included), turns it upright by its EXIF orientation
 * and by the quarter turn orientation detection found, greys and resizes it; the receipt-specific
 * steps (paper cut-out, bar erasing, whitening) work on the grey pixels (ocr-prepare.ts,
 * ocr-marks.ts).
 */
import sharp, { type OutputInfo } from 'sharp';
import { readImageSize } from './image-header.js';
import { eraseBars, textHeight } from './ocr-marks.js';
import { crop, type GrayImage, paperBox, whitenBackground } from './ocr-prepare.js';

export interface PreparedImage {
  /** PGM bytes. */
  image: Buffer;
  /** The same grey pixels. */
  gray: GrayImage;
  /**
   * Which preparations applied, in order: 'turned <degrees>', 'scaled', 'paper', 'enlarged',
   * 'bars', 'whiten'.
   */
  steps: string[];
}

/** Clockwise turn, in degrees, that makes the text upright. */
export type QuarterTurn = 0 | 90 | 180 | 270;

export interface PrepareOptions {
  /** Also whiten everything lighter than the ink (the first pass, see ocr-worker.ts). */
  whiten?: boolean;
  /** Turn the image by this much after its EXIF orientation (from orientation detection). */
  turn?: QuarterTurn;
}

/**
 * A full A4 page at 300 dpi is 8.7 MP; receipt print is still ~25 px high at 6 MP, and the
 * decoded copies and tesseract's own then fit the OCR process's memory cap on a page scan.
 */
const WORKING_PIXELS = 6_000_000;
/**
 * tesseract reads best when capitals are about 30 px high and loses strokes of characters much
 * under 20 px (tessdoc, "Improving the quality of the output": rescaling). The median mark is a
 * lower-case letter, about two thirds of a capital.
 */
const SMALL_TEXT_PX = 14;
const TARGET_TEXT_PX = 22;
const LUMA: [number, number, number] = [0.299, 0.587, 0.114];
/** Enlarging further invents no detail and only costs time. */
const MAX_ENLARGEMENT = 3;

export async function prepareImage(
  image: Buffer,
  options: PrepareOptions = {},
): Promise<PreparedImage> {
  // A header we cannot read is refused before any decoder sees the bytes, with the message any
  // undecodable image gets.
  if (!(await readImageSize(image)))
    throw new Error('the image header is not one of a known format.');
  const turn = options.turn ?? 0;
  const steps: string[] = turn ? [`turned ${turn}`] : [];
  const decoded = await decodeGray(image, turn);
  let gray = decoded.gray;
  if (decoded.scaled) steps.push('scaled');
  const paper = paperBox(gray);
  if (paper) {
    gray = crop(gray, paper);
    steps.push('paper');
  }
  const enlargement = enlargementFor(gray);
  if (enlargement > 1) {
    gray = await resizeGray(gray, enlargement);
    steps.push('enlarged');
  }
  if (eraseBars(gray) > 0) steps.push('bars');
  if (options.whiten) {
    whitenBackground(gray);
    steps.push('whiten');
  }
  return { image: encodePgm(gray), gray, steps };
}

/** Decoded, upright, grey and at most WORKING_PIXELS large. */
async function decodeGray(
  image: Buffer,
  turn: QuarterTurn,
): Promise<{ gray: GrayImage; scaled: boolean }> {
  // 'error' keeps a photo whose last bytes are missing (libvips warns): its top half is still
  // the receipt's header.
  const input = () => sharp(image, { failOn: 'error' });
  const metadata = await input().metadata();
  const upright = metadata.autoOrient ?? metadata;
  const [width, height] =
    turn % 180 === 0 ? [upright.width, upright.height] : [upright.height, upright.width];
  const scale = Math.min(1, Math.sqrt(WORKING_PIXELS / (width * height)));
  let pipeline = input().autoOrient().rotate(turn);
  // Linear, not sharp's default Lanczos: its ringing around thin thermal print cost tesseract
  // words on page scans of receipts (mean word confidence 0.55 → 0.60 on one such scan).
  if (scale < 1)
    pipeline = pipeline.resize({ width: Math.max(1, Math.round(width * scale)), kernel: 'linear' });
  const { data, info } = await pipeline
    // A transparent PNG's background is black under its alpha: paper is white.
    .flatten({ background: '#ffffff' })
    // BT.601 luma, gamma-encoded as stored. libvips's own grey weighs the channels in linear
    // light; off by up to 7 levels, it moved faint thermal print across the ink threshold and
    // cost receipts their totals.
    .recomb([LUMA, LUMA, LUMA])
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { gray: fromRaw(data, info), scaled: scale < 1 };
}

/** How much to enlarge small print, within the working size; 1 when it is large enough. */
function enlargementFor(image: GrayImage): number {
  const height = textHeight(image);
  if (height === null || height >= SMALL_TEXT_PX) return 1;
  const room = Math.sqrt(WORKING_PIXELS / (image.width * image.height));
  return Math.max(1, Math.min(TARGET_TEXT_PX / height, MAX_ENLARGEMENT, room));
}

/**
 * Orientation detection needs only the shapes of characters: a copy of at most this size keeps
 * its engine's memory small, and found the same turns as the working-size image.
 */
const DETECTION_PIXELS = 1_000_000;

/** `image` as PGM, shrunk to at most DETECTION_PIXELS. */
export async function detectionCopy(image: GrayImage): Promise<Buffer> {
  const scale = Math.sqrt(DETECTION_PIXELS / (image.width * image.height));
  return encodePgm(scale < 1 ? await resizeGray(image, scale) : image);
}

async function resizeGray(image: GrayImage, factor: number): Promise<GrayImage> {
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 1 },
  })
    .resize({ width: Math.max(1, Math.round(image.width * factor)), kernel: 'linear' })
    // libvips hands one raw band back as sRGB unless told otherwise.
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return fromRaw(data, info);
}

function fromRaw(data: Buffer, info: OutputInfo): GrayImage {
  if (info.channels !== 1) throw new Error(`expected one grey channel, got ${info.channels}.`);
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
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

/** An amount with two decimals ("12.50", "1.234,56"), as nearly every document prints. */
const AMOUNT = /\d[.,]\d{2}(?!\d)/;

/** Whether OCR text holds a date or an amount: text read the wrong way up holds neither. */
export function hasFigures(text: string): boolean {
  return hasNumericDate(text) || AMOUNT.test(text);
}

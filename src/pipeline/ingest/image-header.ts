/**
 * The pixel size an image declares, read from its header without decoding it: a 74-byte PNG can
 * declare 65000 × 65000 pixels, and a decoder allocates what the header says (four bytes a pixel)
 * before it finds out the data is missing. Refusing by the declared size costs one small read.
 *
 * PNG (IHDR), JPEG (the SOF segment, found by walking the segments after any EXIF), GIF (logical
 * screen), WebP (VP8, VP8L, VP8X) and TIFF (first IFD). Anything else is "not an image we know".
 */
import { open } from 'node:fs/promises';

export interface ImageSize {
  format: 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff';
  width: number;
  height: number;
}

/** Reads `length` bytes at `offset`; fewer at the end of the data. */
type ReadAt = (offset: number, length: number) => Promise<Buffer>;

/** How far into a JPEG the frame header is looked for: EXIF and ICC segments come first. */
const JPEG_SEARCH_BYTES = 4 * 1024 * 1024;

/** The declared size of the image in `source` (bytes or a file path); null when not recognised. */
export async function readImageSize(source: Buffer | string): Promise<ImageSize | null> {
  if (typeof source !== 'string')
    return sizeFrom(async (offset, length) => source.subarray(offset, offset + length));
  const handle = await open(source, 'r');
  try {
    return await sizeFrom(async (offset, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    });
  } finally {
    await handle.close();
  }
}

/**
 * Why an image must not be decoded: more pixels than `maxPixels`, or a JPEG frame without a
 * height (set later by a DNL marker, which a decoder cannot bound in advance). null when it may be.
 */
export function oversizeReason(size: ImageSize, maxPixels: number): string | null {
  const pixels = size.width * size.height;
  if (size.width === 0 || size.height === 0) {
    return `The ${size.format.toUpperCase()} image does not declare its size (${size.width} × ${size.height}); it is not decoded.`;
  }
  if (pixels <= maxPixels) return null;
  return `The ${size.format.toUpperCase()} image declares ${size.width} × ${size.height} pixels (${megapixels(pixels)} megapixels); images above ${megapixels(maxPixels)} megapixels (IMAGE_MAX_PIXELS) are not decoded.`;
}

function megapixels(pixels: number): string {
  const value = pixels / 1_000_000;
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

async function sizeFrom(read: ReadAt): Promise<ImageSize | null> {
  const head = await read(0, 32);
  if (head.length < 10) return null;
  if (head.readUInt32BE(0) === 0x89504e47 && head.readUInt32BE(4) === 0x0d0a1a0a) {
    // IHDR is always the first chunk; width and height follow its type.
    if (head.length < 24 || head.toString('latin1', 12, 16) !== 'IHDR') return null;
    return { format: 'png', width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  }
  if (head[0] === 0xff && head[1] === 0xd8) return jpegSize(read);
  if (head.toString('latin1', 0, 4) === 'GIF8') {
    return { format: 'gif', width: head.readUInt16LE(6), height: head.readUInt16LE(8) };
  }
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') {
    return webpSize(head);
  }
  const order = head.toString('latin1', 0, 2);
  if ((order === 'II' || order === 'MM') && head.length >= 8) return tiffSize(read, order === 'II');
  return null;
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT, JPG or DAC. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

async function jpegSize(read: ReadAt): Promise<ImageSize | null> {
  let offset = 2;
  while (offset < JPEG_SEARCH_BYTES) {
    const header = await read(offset, 9);
    if (header.length < 4 || header[0] !== 0xff) return null;
    const marker = header[1] as number;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    // Markers without a length: TEM, RSTn, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // image ends or data starts: no frame
    if (isStartOfFrame(marker)) {
      if (header.length < 9) return null;
      return { format: 'jpeg', height: header.readUInt16BE(5), width: header.readUInt16BE(7) };
    }
    const length = header.readUInt16BE(2);
    if (length < 2) return null;
    offset += 2 + length;
  }
  return null;
}

function webpSize(head: Buffer): ImageSize | null {
  const chunk = head.toString('latin1', 12, 16);
  if (chunk === 'VP8X' && head.length >= 30) {
    return {
      format: 'webp',
      width: head.readUIntLE(24, 3) + 1,
      height: head.readUIntLE(27, 3) + 1,
    };
  }
  if (chunk === 'VP8 ' && head.length >= 30) {
    // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
    return {
      format: 'webp',
      width: head.readUInt16LE(26) & 0x3fff,
      height: head.readUInt16LE(28) & 0x3fff,
    };
  }
  if (chunk === 'VP8L' && head.length >= 25 && head[20] === 0x2f) {
    const bits = head.readUInt32LE(21);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return null;
}

const TIFF_IMAGE_WIDTH = 256;
const TIFF_IMAGE_LENGTH = 257;
const TIFF_SHORT = 3;
const TIFF_LONG = 4;
/** A first IFD with more entries than this is not a real image header. */
const TIFF_MAX_ENTRIES = 1000;

async function tiffSize(read: ReadAt, little: boolean): Promise<ImageSize | null> {
  const head = await read(0, 8);
  const u16 = (buffer: Buffer, at: number) =>
    little ? buffer.readUInt16LE(at) : buffer.readUInt16BE(at);
  const u32 = (buffer: Buffer, at: number) =>
    little ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at);
  if (u16(head, 2) !== 42) return null; // BigTIFF (43) and others: not recognised
  const ifd = u32(head, 4);
  const countBytes = await read(ifd, 2);
  if (countBytes.length < 2) return null;
  const count = Math.min(u16(countBytes, 0), TIFF_MAX_ENTRIES);
  const entries = await read(ifd + 2, count * 12);
  let width: number | null = null;
  let height: number | null = null;
  for (let at = 0; at + 12 <= entries.length; at += 12) {
    const tag = u16(entries, at);
    if (tag !== TIFF_IMAGE_WIDTH && tag !== TIFF_IMAGE_LENGTH) continue;
    const type = u16(entries, at + 2);
    const value =
      type === TIFF_SHORT ? u16(entries, at + 8) : type === TIFF_LONG ? u32(entries, at + 8) : null;
    if (tag === TIFF_IMAGE_WIDTH) width = value;
    else height = value;
  }
  return width === null || height === null ? null : { format: 'tiff', width, height };
}

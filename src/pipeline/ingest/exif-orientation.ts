/**
 * The EXIF orientation of a JPEG: how a phone that stored its sensor's pixels sideways says to
 * turn them. Viewers (and @napi-rs/canvas's decoder) apply it; tesseract.js applies it only when
 * the EXIF block is big-endian, so a little-endian photo (most Android phones write "II") was
 * read sideways, and read as nothing.
 */

/** 1 is upright; 2–8 mirror and/or turn (EXIF 2.3, tag 0x0112). */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const ORIENTATION_TAG = 0x0112;
const SHORT = 3;

/** The orientation a JPEG's EXIF block gives; 1 when it gives none or the data is not a JPEG. */
export function jpegOrientation(bytes: Uint8Array): Orientation {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return 1;
  let offset = 2;
  while (offset + 4 <= data.length && data[offset] === 0xff) {
    const marker = data[offset + 1] as number;
    // Start of scan or end of image: the headers are over.
    if (marker === 0xda || marker === 0xd9) return 1;
    const length = data.readUInt16BE(offset + 2);
    if (length < 2) return 1;
    const body = data.subarray(offset + 4, Math.min(data.length, offset + 2 + length));
    if (marker === 0xe1 && body.subarray(0, 6).toString('latin1') === 'Exif\0\0')
      return tiffOrientation(body.subarray(6));
    offset += 2 + length;
  }
  return 1;
}

function tiffOrientation(tiff: Buffer): Orientation {
  if (tiff.length < 8) return 1;
  const order = tiff.subarray(0, 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return 1;
  const little = order === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  if (u16(2) !== 42) return 1;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 1;
  const entries = u16(ifd);
  for (let index = 0; index < entries; index += 1) {
    const entry = ifd + 2 + index * 12;
    if (entry + 12 > tiff.length) return 1;
    if (u16(entry) !== ORIENTATION_TAG) continue;
    if (u16(entry + 2) !== SHORT) return 1;
    const value = u16(entry + 8);
    return value >= 1 && value <= 8 ? (value as Orientation) : 1;
  }
  return 1;
}

import { createCanvas, loadImage } from '@napi-rs/canvas';
import t from 'tap';
import { jpegOrientation } from '../../src/pipeline/ingest/exif-orientation.js';
import { createTesseractOcr } from '../../src/pipeline/ingest/ocr.js';
import { renderTextPng } from './ingest-fixtures.js';

/** An APP1 EXIF block whose first IFD holds Orientation = `value`, in the given byte order. */
function exifBlock(value: number, order: 'II' | 'MM'): Buffer {
  const tiff = Buffer.alloc(26);
  const little = order === 'II';
  const u16 = (v: number, at: number) =>
    little ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at);
  const u32 = (v: number, at: number) =>
    little ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at);
  tiff.write(order, 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  u16(1, 8); // one entry
  u16(0x0112, 10); // Orientation
  u16(3, 12); // SHORT
  u32(1, 14); // one value
  u16(value, 18);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** `jpeg` with an EXIF block right after its start-of-image marker. */
const withExif = (jpeg: Buffer, block: Buffer) =>
  Buffer.concat([jpeg.subarray(0, 2), block, jpeg.subarray(2)]);

/** A receipt photo stored as a phone stores it: pixels turned a quarter left, EXIF 6 to undo it. */
async function sidewaysPhoto(lines: string[], order: 'II' | 'MM'): Promise<Buffer> {
  const upright = await loadImage(await renderTextPng(lines));
  const canvas = createCanvas(upright.height, upright.width);
  const context = canvas.getContext('2d');
  context.translate(0, upright.width);
  context.rotate(-Math.PI / 2);
  context.drawImage(upright, 0, 0);
  return withExif(await canvas.encode('jpeg', 95), exifBlock(6, order));
}

t.test('the orientation is read from EXIF in either byte order, 1 when absent', async (t) => {
  const jpeg = await createCanvas(40, 20).encode('jpeg');
  t.equal(jpegOrientation(jpeg), 1, 'no EXIF: upright');
  for (const order of ['II', 'MM'] as const)
    for (const value of [1, 3, 6, 8])
      t.equal(jpegOrientation(withExif(jpeg, exifBlock(value, order))), value, `${order} ${value}`);
  t.equal(jpegOrientation(withExif(jpeg, exifBlock(42, 'II'))), 1, 'a value EXIF does not define');
  t.equal(jpegOrientation(Buffer.from('not a jpeg')), 1);
  t.equal(jpegOrientation(withExif(jpeg, exifBlock(6, 'II')).subarray(0, 30)), 1, 'cut short');
});

t.test('a sideways phone photo is read upright, whatever byte order its EXIF uses', async (t) => {
  const ocr = createTesseractOcr({ timeoutMs: 120_000 });
  t.teardown(() => ocr.close());
  for (const order of ['II', 'MM'] as const) {
    const photo = await sidewaysPhoto(['CAFE AURORA', 'TOTAL 1234.50 INR'], order);
    const { text } = await ocr.recognise(photo);
    t.match(text, /TOTAL\s+1234\.50/, `EXIF in ${order} byte order`);
  }
});

import sharp from 'sharp';
import t from 'tap';
import { createTesseractOcr } from '../../src/pipeline/ingest/ocr.js';
import { hasFigures, prepareImage } from '../../src/pipeline/ingest/ocr-image.js';
import { shippedOrientationDir } from '../../src/pipeline/ingest/ocr-languages.js';
import {
  createOrientationDetector,
  MIN_ORIENTATION_CONFIDENCE,
  turnFromDetection,
} from '../../src/pipeline/ingest/ocr-orientation.js';
import { renderTextPng } from './ingest-fixtures.js';

const RECEIPT = [
  'CORNER BAKERY',
  '12 Mill Road',
  'Date 14/03/2025 12:31',
  'Coffee 3.40',
  'Sandwich 5.60',
  'TOTAL 9.00',
  'Card 9.00',
  'Thank you',
];

/** The receipt's pixels turned clockwise by `degrees`, with no EXIF to undo it. */
async function turned(degrees: number): Promise<Buffer> {
  return sharp(await renderTextPng(RECEIPT))
    .rotate(degrees)
    .png()
    .toBuffer();
}

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

/** A photo stored as a phone stores it: pixels turned a quarter left, EXIF 6 to undo it. */
async function sidewaysPhoto(order: 'II' | 'MM'): Promise<Buffer> {
  const jpeg = await sharp(await renderTextPng(['CAFE AURORA', 'TOTAL 1234.50 INR']))
    .rotate(-90)
    .jpeg({ quality: 95 })
    .toBuffer();
  return Buffer.concat([jpeg.subarray(0, 2), exifBlock(6, order), jpeg.subarray(2)]);
}

t.test('an unsure or empty detection leaves the image as it is', async (t) => {
  const sure = MIN_ORIENTATION_CONFIDENCE + 1;
  t.equal(turnFromDetection({ orientation_degrees: 270, orientation_confidence: sure }), 270);
  t.equal(turnFromDetection({ orientation_degrees: 90, orientation_confidence: sure }), 90);
  t.equal(turnFromDetection({ orientation_degrees: 0, orientation_confidence: sure }), 0);
  t.equal(
    turnFromDetection({ orientation_degrees: 180, orientation_confidence: sure - 1.5 }),
    0,
    'below the confidence bar',
  );
  t.equal(turnFromDetection({ orientation_degrees: null, orientation_confidence: null }), 0);
});

t.test('orientation detection finds the turn that makes each quarter upright', async (t) => {
  const detector = createOrientationDetector(shippedOrientationDir());
  t.teardown(() => detector.close());
  for (const degrees of [0, 90, 180, 270]) {
    const prepared = await prepareImage(await turned(degrees), { whiten: true });
    t.equal(await detector.detect(prepared.image), (360 - degrees) % 360, `turned ${degrees}`);
  }
  const missing = createOrientationDetector(t.testdir({}));
  t.teardown(() => missing.close());
  t.equal(await missing.detect((await prepareImage(await turned(90))).image), 0, 'no model');
});

t.test('preparing with a turn turns the pixels before anything else', async (t) => {
  const upright = await prepareImage(await turned(0));
  const quarter = await prepareImage(await turned(0), { turn: 90 });
  const size = (pgm: Buffer) => pgm.subarray(0, 20).toString('latin1').split('\n')[1];
  const [width, height] = (size(upright.image) ?? '').split(' ');
  t.equal(size(quarter.image), `${height} ${width}`);
  t.same(quarter.steps.slice(0, 1), ['turned 90']);
});

t.test('OCR reads a receipt scanned sideways or upside down', async (t) => {
  const ocr = createTesseractOcr({ timeoutMs: 120_000 });
  t.teardown(() => ocr.close());
  // A quarter and a half turn; the three-quarter one is found by the detection test above.
  for (const degrees of [90, 180]) {
    const { text } = await ocr.recognise(await turned(degrees));
    t.match(text, /TOTAL\s+9\.00/, `turned ${degrees}`);
    t.match(text, /14\/03\/2025/, `turned ${degrees}: the date`);
  }
});

t.test('without orientation detection the same scan is not read', async (t) => {
  const ocr = createTesseractOcr({ timeoutMs: 120_000, orientationPath: null });
  t.teardown(() => ocr.close());
  const { text } = await ocr.recognise(await turned(180));
  t.notMatch(text, /TOTAL\s+9\.00/);
});

t.test('an orientation model that cannot load costs nothing but the turn', async (t) => {
  const ocr = createTesseractOcr({ timeoutMs: 120_000, orientationPath: t.testdir({}) });
  t.teardown(() => ocr.close());
  const { text } = await ocr.recognise(await turned(180));
  t.type(text, 'string', 'the scan is still read, as it is stored');
  t.notMatch(text, /TOTAL\s+9\.00/);
  t.match((await ocr.recognise(await turned(0))).text, /TOTAL\s+9\.00/, 'upright ones as ever');
});

t.test('a sideways phone photo is read upright, whatever byte order its EXIF uses', async (t) => {
  const ocr = createTesseractOcr({ timeoutMs: 120_000, orientationPath: null });
  t.teardown(() => ocr.close());
  for (const order of ['II', 'MM'] as const) {
    const { text } = await ocr.recognise(await sidewaysPhoto(order));
    t.match(text, /TOTAL\s+1234\.50/, `EXIF in ${order} byte order`);
  }
});

t.test('orientation is asked only when the first reading holds no figure', async (t) => {
  t.ok(hasFigures('TOTAL 12.50'));
  t.ok(hasFigures('Summe 1.234,56 EUR'));
  t.ok(hasFigures('Datum 02.03.2024'));
  t.notOk(hasFigures('ɹǝdɐd ~ uo | ɐ 41 ll'), 'a reading the wrong way up');
  t.notOk(hasFigures('Table 4 seats 12'), 'whole numbers alone');
});

import { createCanvas, loadImage } from '@napi-rs/canvas';
import sharp from 'sharp';
import t from 'tap';
import { createTesseractOcr } from '../../src/pipeline/ingest/ocr.js';
import { hasNumericDate, prepareImage } from '../../src/pipeline/ingest/ocr-image.js';
import { eraseBars } from '../../src/pipeline/ingest/ocr-marks.js';
import {
  type GrayImage,
  paperBox,
  whitenBackground,
} from '../../src/pipeline/ingest/ocr-prepare.js';
import { renderTextPng } from './ingest-fixtures.js';

function blank(width: number, height: number, level: number): GrayImage {
  return { width, height, data: new Uint8Array(width * height).fill(level) };
}

function fill(image: GrayImage, left: number, top: number, w: number, h: number, level: number) {
  for (let y = top; y < top + h; y += 1)
    image.data.fill(level, y * image.width + left, y * image.width + left + w);
}

const at = (image: GrayImage, x: number, y: number) => image.data[y * image.width + x];

/** Rows of character-sized dark marks, like lines of text. */
function writeText(image: GrayImage, left: number, top: number, lines: number, perLine: number) {
  for (let line = 0; line < lines; line += 1)
    for (let i = 0; i < perLine; i += 1) fill(image, left + i * 14, top + line * 30, 8, 18, 20);
}

t.test('paper on a darker board is found; paper filling the image is left alone', async (t) => {
  const page = blank(400, 600, 160);
  fill(page, 250, 20, 130, 400, 245);
  writeText(page, 260, 40, 10, 8);
  const box = paperBox(page);
  t.ok(box, 'a box');
  if (box) {
    t.ok(Math.abs(box.left - 250) <= 6 && Math.abs(box.left + box.width - 380) <= 6, 'columns');
    t.ok(Math.abs(box.top - 20) <= 8 && Math.abs(box.top + box.height - 420) <= 8, 'rows');
  }
  const receipt = blank(200, 500, 240);
  writeText(receipt, 10, 10, 15, 12);
  t.equal(paperBox(receipt), null);
  t.equal(paperBox(blank(300, 300, 30)), null, 'a dark image has no paper');
});

t.test('barcode bars are erased; the digits touching them and the text stay', async (t) => {
  const image = blank(400, 400, 240);
  writeText(image, 10, 10, 6, 25);
  // A barcode 100 px tall (five lines of text) whose bars end on the next text line.
  for (let x = 60; x < 300; x += 8) fill(image, x, 200, x % 16 === 4 ? 4 : 2, 100, 15);
  // A digit under the barcode whose top touches one bar.
  fill(image, 100, 300, 10, 18, 20);
  fill(image, 116, 300, 10, 18, 20);
  const erased = eraseBars(image);
  t.ok(erased >= 20, `${erased} bars erased`);
  t.equal(at(image, 60, 250), 255, 'a bar is gone');
  t.equal(at(image, 102, 310), 20, 'the digit touching a bar keeps its ink');
  t.equal(at(image, 118, 310), 20, 'the digit beside it too');
  t.equal(at(image, 12, 15), 20, 'text above is untouched');
});

t.test('a tall thick mark (a logo letter) is not a bar', async (t) => {
  const image = blank(300, 300, 240);
  writeText(image, 10, 150, 4, 18);
  fill(image, 20, 10, 60, 100, 20);
  t.equal(eraseBars(image), 0);
  t.equal(at(image, 50, 50), 20);
});

t.test('scan specks do not pass for text: a tall character stroke is no bar', async (t) => {
  const image = blank(600, 600, 240);
  for (let i = 0; i < 300; i += 1) fill(image, (i * 37) % 590, (i * 53) % 590, 8, 8, 30);
  for (let i = 0; i < 12; i += 1) fill(image, 20 + i * 40, 300, 24, 30, 20);
  // A "1" in a large font: thin and taller than the specks by far, shorter than a barcode.
  fill(image, 540, 300, 5, 45, 20);
  t.equal(eraseBars(image), 0);
  t.equal(at(image, 542, 320), 20);
});

/** A receipt on a grey board, scanned as a page, with a barcode printed right above its date. */
async function receiptOnBoard(): Promise<Buffer> {
  const top = await loadImage(await renderTextPng(['CORNER SHOP', 'TOTAL 12.50']));
  const bottom = await loadImage(await renderTextPng(['12.03.2024 15:59']));
  const canvas = createCanvas(2400, 2400);
  const context = canvas.getContext('2d');
  context.fillStyle = 'rgb(150,150,150)';
  context.fillRect(0, 0, 2400, 2400);
  context.fillStyle = 'rgb(135,135,135)';
  for (let y = 0; y < 2400; y += 9) context.fillRect((y * 37) % 2400, y, 600, 2);
  const left = 1100;
  context.fillStyle = 'white';
  context.fillRect(left, 100, top.width + 40, top.height + bottom.height + 400);
  context.drawImage(top, left + 20, 120);
  const barsTop = 120 + top.height;
  const barsBottom = barsTop + 300;
  context.fillStyle = 'black';
  for (let x = left + 60; x < left + top.width - 60; x += 14) {
    context.fillRect(x, barsTop, x % 28 === 0 ? 6 : 3, 300);
  }
  // The text image's own top margin is white: the bars run down to its first glyphs.
  context.drawImage(bottom, left + 20, barsBottom - 40);
  return canvas.encode('jpeg', 90);
}

t.test(
  'a receipt on a board with a barcode over its date: cut out, bars gone, date read',
  async (t) => {
    const photo = await receiptOnBoard();
    const prepared = await prepareImage(photo);
    t.same(prepared.steps, ['paper', 'bars']);
    const ocr = createTesseractOcr({ timeoutMs: 120_000 });
    t.teardown(() => ocr.close());
    const { text } = await ocr.recognise(photo);
    t.match(text, /TOTAL\s+12\.50/);
    t.match(text, /12\.03\.2024\s+15:59/);
  },
);

t.test('show-through lighter than the ink goes white, the ink stays', async (t) => {
  const image = blank(100, 100, 245);
  fill(image, 0, 0, 100, 10, 200);
  fill(image, 0, 60, 100, 10, 30);
  whitenBackground(image);
  t.equal(at(image, 10, 5), 255);
  t.equal(at(image, 70, 65), 30);
});

t.test('the second pass is for text without a date', async (t) => {
  t.ok(hasNumericDate('3182 748433/01 02.03.20 15:59'));
  t.ok(hasNumericDate('Datum 2024-03-12'));
  t.ok(hasNumericDate('12/3/2024'));
  t.notOk(hasNumericDate('3182 MZ 0850s 15:54'), 'a time alone is no date');
  t.notOk(hasNumericDate('Summe 12,50 19.00 %'), 'amounts are no date');
  const whitened = await prepareImage(await renderTextPng(['TOTAL 1.00']), { whiten: true });
  t.same(whitened.steps, ['whiten']);
});

t.test('a page scan larger than the working size is scaled down before OCR', async (t) => {
  const canvas = createCanvas(3000, 2600);
  const context = canvas.getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, 3000, 2600);
  const prepared = await prepareImage(await canvas.encode('png'));
  t.same(prepared.steps, ['scaled']);
  const [, size] = /^P5\n(\d+ \d+)\n/.exec(prepared.image.subarray(0, 20).toString('latin1')) ?? [];
  const [width, height] = (size ?? '0 0').split(' ').map(Number);
  t.ok((width ?? 0) * (height ?? 0) <= 6_000_000 && (width ?? 0) > 2500, `${size}`);
});

t.test('small print is enlarged before OCR; print large enough is left alone', async (t) => {
  const receipt = await renderTextPng(['CAFE AURORA', 'Date 02.03.2024', 'TOTAL 48.20']);
  const { width = 0 } = await sharp(receipt).metadata();
  const small = await sharp(receipt)
    .resize({ width: Math.round(width / 5) })
    .png()
    .toBuffer();
  t.ok((await prepareImage(small)).steps.includes('enlarged'), 'a fifth of the size');
  t.notOk((await prepareImage(receipt)).steps.includes('enlarged'), 'as rendered');
  const ocr = createTesseractOcr({ timeoutMs: 120_000 });
  t.teardown(() => ocr.close());
  t.match((await ocr.recognise(small)).text, /TOTAL\s+48\.20/);
});

t.test('TIFF scans, WebP photos and transparent PNGs are read like any photo', async (t) => {
  const receipt = await renderTextPng(['PHARMACY', 'TOTAL 17.35']);
  const ocr = createTesseractOcr({ timeoutMs: 120_000 });
  t.teardown(() => ocr.close());
  // Ink on a transparent background: the alpha channel alone draws the text.
  const { data, info } = await sharp(receipt)
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const alpha = Buffer.from(data.map((level) => 255 - level));
  const transparent = await sharp(Buffer.alloc(info.width * info.height * 3), {
    raw: { width: info.width, height: info.height, channels: 3 },
  })
    .joinChannel(alpha, { raw: { width: info.width, height: info.height, channels: 1 } })
    .png()
    .toBuffer();
  const images = {
    tiff: await sharp(receipt).tiff({ compression: 'lzw' }).toBuffer(),
    webp: await sharp(receipt).webp({ quality: 90 }).toBuffer(),
    transparent,
  };
  for (const [kind, image] of Object.entries(images))
    t.match((await ocr.recognise(image)).text, /TOTAL\s+17\.35/, kind);
});

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { oversizeReason, readImageSize } from '../../src/pipeline/ingest/image-header.js';
import { blankPng, headerOnlyJpeg, headerOnlyPng } from './hostile-fixtures.js';
import { renderTextPng, tempDir } from './ingest-fixtures.js';

t.test('a PNG header is read without decoding: 65000 × 65000 in 57 bytes', async (t) => {
  const png = headerOnlyPng(65_000, 65_000);
  t.ok(png.length < 100, `${png.length} bytes`);
  t.same(await readImageSize(png), { format: 'png', width: 65_000, height: 65_000 });
  t.match(
    oversizeReason({ format: 'png', width: 65_000, height: 65_000 }, 40_000_000),
    /65000 × 65000 pixels \(4225 megapixels\); images above 40 megapixels \(IMAGE_MAX_PIXELS\)/,
  );
});

t.test('a rendered PNG reports its real size and passes a generous limit', async (t) => {
  const png = await renderTextPng(['TOTAL 12.00']);
  const size = await readImageSize(png);
  t.equal(size?.format, 'png');
  t.ok((size?.width ?? 0) > 100 && (size?.height ?? 0) > 100, JSON.stringify(size));
  t.equal(oversizeReason(size ?? { format: 'png', width: 0, height: 0 }, 40_000_000), null);
});

t.test('a real 20000 × 20000 PNG is small on disk and refused from its header', async (t) => {
  const dir = await tempDir(t);
  const png = await blankPng(20_000, 20_000);
  t.ok(png.length < 1_000_000, `${png.length} bytes on disk for 400 megapixels`);
  const path = join(dir, 'huge.png');
  await writeFile(path, png);
  const size = await readImageSize(path);
  t.same(size, { format: 'png', width: 20_000, height: 20_000 });
  t.ok(size && oversizeReason(size, 40_000_000));
});

t.test(
  'a JPEG frame is found after its APP segments; a frame without height is refused',
  async (t) => {
    const exif = Buffer.concat([
      Buffer.from([0xff, 0xe1, 0x10, 0x00]),
      Buffer.alloc(0x1000 - 2, 0),
    ]);
    const jpeg = headerOnlyJpeg(30_000, 20_000);
    const withExif = Buffer.concat([jpeg.subarray(0, 2), exif, jpeg.subarray(2)]);
    t.same(await readImageSize(withExif), { format: 'jpeg', width: 30_000, height: 20_000 });
    t.match(
      oversizeReason({ format: 'jpeg', width: 4000, height: 0 }, 40_000_000),
      /does not declare its size/,
    );
    t.equal(oversizeReason({ format: 'jpeg', width: 4000, height: 3000 }, 40_000_000), null);
  },
);

t.test('GIF, WebP and TIFF headers', async (t) => {
  const gif = Buffer.from('GIF89a\x10\x27\x20\x4e\x00\x00\x00', 'latin1');
  t.same(await readImageSize(gif), { format: 'gif', width: 10_000, height: 20_000 });

  const vp8x = Buffer.alloc(30);
  vp8x.write('RIFF', 0, 'latin1');
  vp8x.write('WEBPVP8X', 8, 'latin1');
  vp8x.writeUIntLE(16_383, 24, 3);
  vp8x.writeUIntLE(9_999, 27, 3);
  t.same(await readImageSize(vp8x), { format: 'webp', width: 16_384, height: 10_000 });

  const vp8l = Buffer.alloc(30);
  vp8l.write('RIFF', 0, 'latin1');
  vp8l.write('WEBPVP8L', 8, 'latin1');
  vp8l[20] = 0x2f;
  vp8l.writeUInt32LE((1999 & 0x3fff) | ((2999 & 0x3fff) << 14), 21);
  t.same(await readImageSize(vp8l), { format: 'webp', width: 2000, height: 3000 });

  const tiff = Buffer.alloc(8 + 2 + 2 * 12);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(2, 8);
  tiff.writeUInt16LE(256, 10); // ImageWidth, LONG
  tiff.writeUInt16LE(4, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt32LE(50_000, 18);
  tiff.writeUInt16LE(257, 22); // ImageLength, SHORT
  tiff.writeUInt16LE(3, 24);
  tiff.writeUInt32LE(1, 26);
  tiff.writeUInt16LE(40_000, 30);
  t.same(await readImageSize(tiff), { format: 'tiff', width: 50_000, height: 40_000 });
});

t.test('bytes that are no image we know are not given a size', async (t) => {
  t.equal(await readImageSize(Buffer.from('%PDF-1.4 not an image')), null);
  t.equal(await readImageSize(Buffer.alloc(4)), null);
  const brokenPng = Buffer.concat([headerOnlyPng(1, 1).subarray(0, 8), Buffer.alloc(64, 7)]);
  t.equal(await readImageSize(brokenPng), null);
});

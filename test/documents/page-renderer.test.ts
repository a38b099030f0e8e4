import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import PDFDocument from 'pdfkit';
import t from 'tap';
import { forgettingPages, PageRenderer } from '../../src/documents/page-renderer.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

function photo(width: number, height: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#000000';
  context.fillRect(10, 10, width / 2, 20);
  return format === 'png' ? canvas.encode('png') : canvas.encode('jpeg');
}

function pdf(pages: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const document = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    for (let page = 1; page <= pages; page += 1) {
      if (page > 1) document.addPage();
      document.fontSize(30).text(`Page ${page} total 12.50`, 72, 72);
    }
    document.end();
  });
}

t.test('photos are scaled down, never up; PDFs are drawn at the width asked', async (t) => {
  const cache = await mkdtemp(join(tmpdir(), 'page-cache-'));
  const renderer = new PageRenderer(cache, { timeoutMs: 120_000 });
  t.teardown(async () => {
    await renderer.close();
    await rm(cache, { recursive: true, force: true });
  });

  const jpeg = await photo(1200, 1600, 'jpeg');
  const small = await renderer.render(sha(jpeg), 'image/jpeg', 1, 300, async () => jpeg);
  t.ok(small.ok);
  if (small.ok) t.same(pngSize(small.png), { width: 300, height: 400 });
  const tiny = await photo(100, 50, 'png');
  const kept = await renderer.render(sha(tiny), 'image/png', 1, 800, async () => tiny);
  if (kept.ok) t.same(pngSize(kept.png), { width: 100, height: 50 }, 'not scaled up');
  t.same(await renderer.render(sha(tiny), 'image/png', 2, 800, async () => tiny), {
    ok: false,
    code: 'no_such_page',
    pages: 1,
  });

  const twoPages = await pdf(2);
  const second = await renderer.render(
    sha(twoPages),
    'application/pdf',
    2,
    400,
    async () => twoPages,
  );
  t.ok(second.ok);
  if (second.ok) {
    t.equal(pngSize(second.png).width, 400);
    // A4 is 1:√2.
    t.ok(
      Math.abs(pngSize(second.png).height - 566) <= 2,
      `A4 height, ${pngSize(second.png).height}`,
    );
  }
  t.match(await renderer.render(sha(twoPages), 'application/pdf', 3, 400, async () => twoPages), {
    ok: false,
    code: 'no_such_page',
    pages: 2,
  });

  let loads = 0;
  const again = await renderer.render(sha(twoPages), 'application/pdf', 2, 400, async () => {
    loads += 1;
    return twoPages;
  });
  t.match(again, { ok: true, cached: true });
  t.equal(loads, 0, 'a cached page never reads the original');
  const shard = join(cache, sha(twoPages).slice(0, 2));
  t.ok((await readdir(shard)).some((name) => name.startsWith(sha(twoPages))));
  const deletedHashes: string[] = [];
  const store = forgettingPages(
    {
      delete: async (hash: string) => {
        deletedHashes.push(hash);
        return true;
      },
    },
    renderer,
  );
  t.equal(await store.delete(sha(twoPages)), true);
  t.same(deletedHashes, [sha(twoPages)]);
  t.notOk(
    (await readdir(shard)).some((name) => name.startsWith(sha(twoPages))),
    'a deleted original takes its drawn pages along',
  );

  t.match(await renderer.render(sha(jpeg), 'application/xml', 1, 400, async () => jpeg), {
    ok: false,
    code: 'not_renderable',
  });
  const broken = Buffer.from('%PDF-1.7 this is not a PDF');
  t.match(await renderer.render(sha(broken), 'application/pdf', 1, 400, async () => broken), {
    ok: false,
    code: 'unreadable',
  });
});

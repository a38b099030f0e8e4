/**
 * Child process that draws one page of an original as a PNG for the page pool (page-renderer.ts):
 * a PDF page through pdf.js (pdf-parse), or a photo scaled down. Decoding and drawing are
 * synchronous CPU work on untrusted bytes: here they can only stall or exhaust this process,
 * which the pool kills, never the server.
 */
// Must come first: it installs the canvas globals (DOMMatrix, Path2D) pdf.js needs in Node.
import 'pdf-parse/worker';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PDFParse } from 'pdf-parse';
import { serveTasks } from '../pipeline/ingest/process-child.js';
import type { RenderReply, RenderTask } from './page-renderer.js';

interface LoadedPdf {
  numPages: number;
  getPage(number: number): Promise<{ getViewport(options: { scale: number }): { width: number } }>;
}

async function renderPdf(task: RenderTask): Promise<RenderReply> {
  const parser = new PDFParse({
    data: task.bytes,
    maxImageSize: task.maxPixels,
    isEvalSupported: false,
    disableFontFace: true,
  });
  try {
    const load = (parser as unknown as { load: () => Promise<LoadedPdf> }).load;
    const document = await load.call(parser);
    if (task.page > document.numPages)
      return { ok: false, code: 'no_such_page', pages: document.numPages };
    const page = await document.getPage(task.page);
    const natural = page.getViewport({ scale: 1 }).width;
    // Never wider than asked; a narrow page is drawn up to the width asked (up to 4× its size).
    const width = Math.max(1, Math.min(task.width, Math.ceil(natural * 4)));
    const shots = await parser.getScreenshot({
      partial: [task.page],
      desiredWidth: width,
      imageBuffer: true,
      imageDataUrl: false,
    });
    const shot = shots.pages[0];
    if (!shot) return { ok: false, code: 'unreadable', message: 'pdf.js drew nothing.' };
    return { ok: true, png: shot.data, pages: document.numPages };
  } finally {
    await parser.destroy();
  }
}

async function renderImage(task: RenderTask): Promise<RenderReply> {
  if (task.page !== 1) return { ok: false, code: 'no_such_page', pages: 1 };
  const image = await loadImage(Buffer.from(task.bytes));
  // A photo is scaled down to the width asked, never up (that adds bytes, not detail).
  const width = Math.max(1, Math.min(task.width, image.width));
  const height = Math.max(1, Math.round((image.height * width) / image.width));
  const canvas = createCanvas(width, height);
  canvas.getContext('2d').drawImage(image, 0, 0, width, height);
  return { ok: true, png: await canvas.encode('png'), pages: 1 };
}

serveTasks<RenderTask, RenderReply>(async (task) => {
  try {
    return task.kind === 'pdf' ? await renderPdf(task) : await renderImage(task);
  } catch (error) {
    return { ok: false, code: 'unreadable', message: (error as Error).message ?? String(error) };
  }
});

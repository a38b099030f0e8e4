/**
 * Child process that reads one PDF at a time for the pool in pdf-text.ts. pdf.js parsing and page
 * rendering are synchronous CPU work: here a hostile PDF can only stall (or exhaust) this process,
 * which the pool kills, never the server's event loop or its memory.
 */
// Must come first: it installs the canvas globals (DOMMatrix, Path2D) pdf.js needs in Node.
import 'pdf-parse/worker';
import { readFile } from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import { type AttachmentSource, embeddedXml, mayHaveAttachments } from './pdf-attachments.js';
import { checkPdfInflation } from './pdf-inflate-guard.js';
import {
  countTextCharacters,
  type PdfPageLayout,
  type PdfTask,
  type PdfTaskReply,
} from './pdf-text.js';
import { serveTasks } from './process-child.js';

/** The part of pdf.js's document and page this worker uses for positions and attachments. */
interface PositionedDocument extends AttachmentSource {
  numPages: number;
  getPage(number: number): Promise<{
    getViewport(options: { scale: number }): {
      width: number;
      height: number;
      convertToViewportPoint(x: number, y: number): number[];
    };
    getTextContent(): Promise<{ items: Array<Record<string, unknown>> }>;
    cleanup(): void;
  }>;
}

async function readPdf(task: PdfTask): Promise<PdfTaskReply> {
  const data = await readFile(task.path);
  const inflation = await checkPdfInflation(data, {
    maxStreamBytes: task.limits.maxStreamBytes,
    maxDocumentBytes: task.limits.maxInflatedBytes,
  });
  if (!inflation.ok) return { ok: false, code: 'too_large', message: inflation.reason };
  // Asked before pdf.js takes the bytes: it may transfer their buffer.
  const attachments = task.attachments && mayHaveAttachments(data);
  const parser = new PDFParse({
    data,
    // Images above the limit are not decoded (they are skipped when a page is drawn).
    maxImageSize: task.limits.maxImagePixels,
    // Font programs are interpreted, never compiled to JavaScript with eval.
    isEvalSupported: false,
    disableFontFace: true,
  });
  try {
    const text = await parser.getText();
    const pages = [...text.pages].sort((a, b) => a.num - b.num).map((page) => page.text);
    const images: Array<{ page: number; png: Uint8Array }> = [];
    if (task.render) {
      const { minChars, scale, maxPages } = task.render;
      const scanned = pages
        .flatMap((page, index) => (countTextCharacters(page) < minChars ? [index + 1] : []))
        .slice(0, maxPages);
      for (const page of scanned) {
        // A page is drawn on a canvas of its size times the scale: a 200-inch page at 216 dpi
        // would need 7 GB, so the width is chosen to keep the canvas under the pixel limit.
        const desiredWidth = await renderWidth(parser, page, scale, task.limits.maxImagePixels);
        const shots = await parser.getScreenshot({
          partial: [page],
          desiredWidth,
          imageBuffer: true,
          imageDataUrl: false,
        });
        for (const shot of shots.pages) images.push({ page: shot.pageNumber, png: shot.data });
      }
    }
    const layout = await positions(parser);
    const embedded = attachments ? await embeddedXml(await loaded(parser), task.limits) : null;
    return {
      ok: true,
      pages,
      images,
      ...(layout ? { layout } : {}),
      ...(embedded
        ? { attachments: embedded.attachments, refusedAttachments: embedded.refused }
        : {}),
    };
  } finally {
    await parser.destroy();
  }
}

/** Width in pixels to render `page` at `scale`, reduced so width × height stays under `maxPixels`. */
async function renderWidth(
  parser: PDFParse,
  page: number,
  scale: number,
  maxPixels: number,
): Promise<number> {
  const document = await loaded(parser);
  const { width, height } = (await document.getPage(page)).getViewport({ scale: 1 });
  const fit = Math.sqrt(maxPixels / Math.max(1, width * height));
  return Math.max(1, Math.floor(width * Math.min(scale, fit)));
}

/**
 * The pdf.js document pdf-parse already loaded. Its loader is not part of pdf-parse's typed API,
 * so positions (below) treat its absence as "no positions"; rendering and attachments need it.
 */
function loaded(parser: PDFParse): Promise<PositionedDocument> {
  const load = (parser as unknown as { load: () => Promise<PositionedDocument> }).load;
  return load.call(parser);
}

const round = (value: number): number => Math.round(value * 10) / 10;

/**
 * Where pdf.js placed each piece of text, from the document pdf-parse already loaded (its
 * loader is not part of its typed API, so its absence only means no positions, never a failure).
 */
async function positions(parser: PDFParse): Promise<PdfPageLayout[] | null> {
  const load = (parser as unknown as { load?: () => Promise<PositionedDocument> }).load;
  if (typeof load !== 'function') return null;
  const document = await load.call(parser);
  const layout: PdfPageLayout[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items = content.items.flatMap((item) => {
      const { str, transform, width, height } = item as {
        str?: unknown;
        transform?: unknown;
        width?: unknown;
        height?: unknown;
      };
      if (typeof str !== 'string' || !str.trim() || !Array.isArray(transform)) return [];
      const [x = 0, y = 0] = viewport.convertToViewportPoint(
        Number(transform[4]),
        Number(transform[5]),
      );
      const size = Number(height) || Math.hypot(Number(transform[2]), Number(transform[3]));
      return [
        { str, x: round(x), y: round(y), width: round(Number(width) || 0), height: round(size) },
      ];
    });
    layout.push({
      page: number,
      width: round(viewport.width),
      height: round(viewport.height),
      items,
    });
    page.cleanup();
  }
  return layout;
}

function failure(error: unknown): PdfTaskReply {
  const name = (error as Error | null)?.name ?? '';
  const message = (error as Error | null)?.message ?? String(error);
  if (name === 'PasswordException' || /password/i.test(message)) {
    return { ok: false, code: 'encrypted', message: 'The PDF is password-protected.' };
  }
  return { ok: false, code: 'unreadable_pdf', message: `The PDF could not be read: ${message}` };
}

serveTasks<PdfTask, PdfTaskReply>((task) => readPdf(task).catch(failure));

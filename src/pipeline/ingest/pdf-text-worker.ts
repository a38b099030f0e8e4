/**
 * Worker thread that reads one PDF at a time for the pool in pdf-text.ts. pdf.js parsing and page
 * rendering are synchronous CPU work: here a hostile PDF can only stall (or exhaust) this thread,
 * which the pool terminates, never the server's event loop.
 */
// Must come first: it installs the canvas globals (DOMMatrix, Path2D) pdf.js needs in Node.
import 'pdf-parse/worker';
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { PDFParse } from 'pdf-parse';
import {
  countTextCharacters,
  type PdfPageLayout,
  type PdfTask,
  type PdfTaskReply,
  type PdfWorkerMessage,
} from './pdf-text.js';

/** The part of pdf.js's document and page this worker uses for positions. */
interface PositionedDocument {
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

const port = parentPort;
if (!port) throw new Error('pdf-text-worker.ts runs only as a worker thread.');

async function readPdf(task: PdfTask): Promise<PdfTaskReply> {
  const parser = new PDFParse({ data: await readFile(task.path) });
  try {
    const text = await parser.getText();
    const pages = [...text.pages].sort((a, b) => a.num - b.num).map((page) => page.text);
    const images: Array<{ page: number; png: Uint8Array }> = [];
    if (task.render) {
      const { minChars, scale, maxPages } = task.render;
      const scanned = pages
        .flatMap((page, index) => (countTextCharacters(page) < minChars ? [index + 1] : []))
        .slice(0, maxPages);
      if (scanned.length > 0) {
        const shots = await parser.getScreenshot({
          partial: scanned,
          scale,
          imageBuffer: true,
          imageDataUrl: false,
        });
        for (const shot of shots.pages) images.push({ page: shot.pageNumber, png: shot.data });
      }
    }
    const layout = await positions(parser);
    return { id: task.id, ok: true, pages, images, ...(layout ? { layout } : {}) };
  } finally {
    await parser.destroy();
  }
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

function failure(task: PdfTask, error: unknown): PdfTaskReply {
  const name = (error as Error | null)?.name ?? '';
  const message = (error as Error | null)?.message ?? String(error);
  if (name === 'PasswordException' || /password/i.test(message)) {
    return { id: task.id, ok: false, code: 'encrypted', message: 'The PDF is password-protected.' };
  }
  return {
    id: task.id,
    ok: false,
    code: 'unreadable_pdf',
    message: `The PDF could not be read: ${message}`,
  };
}

port.on('message', (task: PdfTask) => {
  readPdf(task).then(
    // Copied, not transferred: canvas PNG buffers may be views of a shared pool.
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage(failure(task, error)),
  );
});

const ready: PdfWorkerMessage = { ready: true };
port.postMessage(ready);

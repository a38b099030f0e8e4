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
  type PdfTask,
  type PdfTaskReply,
  type PdfWorkerMessage,
} from './pdf-text.js';

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
    return { id: task.id, ok: true, pages, images };
  } finally {
    await parser.destroy();
  }
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

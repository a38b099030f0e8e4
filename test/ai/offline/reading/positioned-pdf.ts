/**
 * Test documents with text at chosen places, written in a chosen order: the order pdf.js reads
 * text in is the order it was written, so a test can print values before their labels, as many
 * real PDFs do, and check that positions put them back together.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { ReadableDocument } from '../../../../src/ai/offline/invoice-extractor.js';
import {
  createPdfTextReader,
  type PdfTextResult,
} from '../../../../src/pipeline/ingest/pdf-text.js';

export interface Placed {
  text: string;
  x: number;
  /** Top of the text from the top of the page, in pt. */
  y: number;
  size?: number;
}

/** An A4 PDF; each page's pieces are written in the order given. */
export function positionedPdf(pages: readonly (readonly Placed[])[]): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) =>
    document.on('end', () => resolve(Buffer.concat(chunks))),
  );
  for (const page of pages) {
    document.addPage({ size: 'A4', margin: 0 });
    for (const piece of page) {
      document
        .font('Helvetica')
        .fontSize(piece.size ?? 10)
        .text(piece.text, piece.x, piece.y, { lineBreak: false });
    }
  }
  document.end();
  return done;
}

/** Reads a PDF through the same worker pool as uploads. */
export async function readPdf(pdf: Buffer): Promise<PdfTextResult> {
  const dir = await mkdtemp(join(tmpdir(), 'reading-pdf-'));
  const reader = createPdfTextReader({ poolSize: 1, timeoutMs: 60_000 });
  try {
    const path = join(dir, 'document.pdf');
    await writeFile(path, pdf);
    return await reader.read(path);
  } finally {
    await reader.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The document as the offline reader receives it, with or without the positions. */
export function asDocument(read: PdfTextResult, withLayout = true): ReadableDocument {
  return {
    name: 'document.pdf',
    media_type: 'application/pdf',
    sha256: '0'.repeat(64),
    size_bytes: 1,
    page_count: read.pages.length,
    pages: read.pages,
    ocr: false,
    ...(withLayout && read.layout ? { layout: read.layout } : {}),
  };
}

/** Plain text lines as OCR gives them. */
export function ocrDocument(lines: readonly string[]): ReadableDocument {
  return {
    name: 'photo.jpg',
    media_type: 'image/jpeg',
    sha256: '0'.repeat(64),
    size_bytes: 1,
    page_count: 1,
    pages: [lines.join('\n')],
    ocr: true,
  };
}

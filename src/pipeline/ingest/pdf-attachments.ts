/**
 * The files embedded in a PDF (Factur-X / ZUGFeRD / XRechnung carry their invoice XML this way),
 * through pdf.js's attachment support. Only PDFs whose bytes name an embedded file are opened,
 * so the text PDFs most uploads are cost one byte search; attachments above a size limit are
 * left out.
 */
import { readFile } from 'node:fs/promises';

export interface PdfAttachment {
  name: string;
  content: Uint8Array;
}

/** An e-invoice XML is tens of kilobytes; a megabyte-sized "XML" is not one to parse here. */
const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
/** Embedded file streams are typed /EmbeddedFile; the catalog names them under /EmbeddedFiles. */
const MARKER = Buffer.from('EmbeddedFile', 'latin1');

interface PdfJsDocument {
  getAttachments(): Promise<Record<string, { filename?: string; content?: Uint8Array }> | null>;
  destroy(): Promise<void>;
}
interface PdfJs {
  getDocument(options: Record<string, unknown>): { promise: Promise<PdfJsDocument> };
}

let pdfjs: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs') as unknown as Promise<PdfJs>;
  return pdfjs;
}

/** Whether the PDF's bytes mention an embedded file at all. */
export function mayHaveAttachments(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(MARKER);
}

/**
 * The PDF's embedded files; [] when it has none or they cannot be read (the page text is still
 * the document, so an unreadable attachment is never a failure).
 */
export async function readPdfAttachments(path: string): Promise<PdfAttachment[]> {
  const bytes = await readFile(path);
  if (!mayHaveAttachments(bytes)) return [];
  let document: PdfJsDocument | null = null;
  try {
    const { getDocument } = await loadPdfJs();
    document = await getDocument({
      data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      isEvalSupported: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
    const attachments = (await document.getAttachments()) ?? {};
    return Object.entries(attachments).flatMap(([key, file]) =>
      file.content && file.content.byteLength <= MAX_ATTACHMENT_BYTES
        ? [{ name: file.filename ?? key, content: file.content }]
        : [],
    );
  } catch {
    return [];
  } finally {
    await document?.destroy().catch(() => undefined);
  }
}

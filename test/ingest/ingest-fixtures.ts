/**
 * Fixtures for the ingestion tests, made in the test: ZIPs (yazl, then patched byte by byte into
 * the hostile shapes yazl refuses to write), PDFs (pdfkit), and images of text (pdf.js renders a
 * pdfkit page through pdf-parse's screenshot, which uses the installed @napi-rs/canvas).
 */
import 'pdf-parse/worker';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFParse } from 'pdf-parse';
import PDFDocument from 'pdfkit';
import yazl from 'yazl';

export { IAI_DATASET_DIR } from '../helpers/iai-dataset.js';

export interface ZipEntrySpec {
  name: string;
  data: Buffer | string;
  /** Unix mode, e.g. 0o120777 for a symbolic link. */
  mode?: number;
  compress?: boolean;
}

export function makeZip(entries: ZipEntrySpec[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : entry.data;
    zip.addBuffer(data, entry.name, {
      ...(entry.mode !== undefined ? { mode: entry.mode } : {}),
      compress: entry.compress ?? true,
    });
  }
  zip.end();
  return streamToBuffer(zip.outputStream);
}

const CENTRAL_HEADER = 0x02014b50;

/** Offsets of every central directory record whose file name is `name`. */
function centralRecords(zip: Buffer, name: string): number[] {
  const offsets: number[] = [];
  for (let offset = zip.length - 46; offset >= 0; offset -= 1) {
    if (zip.readUInt32LE(offset) !== CENTRAL_HEADER) continue;
    const nameLength = zip.readUInt16LE(offset + 28);
    if (zip.toString('utf8', offset + 46, offset + 46 + nameLength) === name) offsets.push(offset);
  }
  return offsets;
}

/** Replaces a file name everywhere it occurs (local and central headers); same length only. */
export function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to))
    throw new Error('renameEntry needs names of equal length');
  const patched = Buffer.from(zip);
  const needle = Buffer.from(from);
  for (let at = patched.indexOf(needle); at >= 0; at = patched.indexOf(needle, at + 1))
    Buffer.from(to).copy(patched, at);
  return patched;
}

/** Sets general purpose bit 0 ("encrypted") of an entry in the central directory. */
export function markEncrypted(zip: Buffer, name: string): Buffer {
  const patched = Buffer.from(zip);
  for (const offset of centralRecords(patched, name))
    patched.writeUInt16LE(patched.readUInt16LE(offset + 8) | 1, offset + 8);
  return patched;
}

/** Overwrites the uncompressed size an entry declares in the central directory. */
export function declareUncompressedSize(zip: Buffer, name: string, size: number): Buffer {
  const patched = Buffer.from(zip);
  for (const offset of centralRecords(patched, name)) patched.writeUInt32LE(size, offset + 24);
  return patched;
}

export function makePdf(
  pages: string[][],
  options: PDFKit.PDFDocumentOptions = {},
): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A5', ...options });
  pages.forEach((lines, index) => {
    if (index > 0) document.addPage();
    document.fontSize(14);
    for (const line of lines) document.text(line);
  });
  document.end();
  return streamToBuffer(document);
}

/** A PNG "photo" of a receipt: big black text on white, rendered at 216 dpi. */
export async function renderTextPng(lines: string[]): Promise<Buffer> {
  const document = new PDFDocument({ size: [420, 60 + lines.length * 40], margin: 20 });
  document.fontSize(26);
  for (const line of lines) document.text(line);
  document.end();
  const parser = new PDFParse({ data: await streamToBuffer(document) });
  try {
    const shot = await parser.getScreenshot({ scale: 3, imageBuffer: true, imageDataUrl: false });
    const page = shot.pages[0];
    if (!page) throw new Error('no page rendered');
    return Buffer.from(page.data);
  } finally {
    await parser.destroy();
  }
}

/** A scanned PDF: one page holding only an image, no text layer. */
export function imageOnlyPdf(png: Buffer): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A5', margin: 20 });
  document.image(png, { fit: [380, 500] });
  document.end();
  return streamToBuffer(document);
}

/** A fresh temporary directory, removed when the test ends. */
export async function tempDir(
  t: { teardown: (fn: () => Promise<void>) => void },
  prefix = 'ingest-',
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function writeFixture(
  dir: string,
  name: string,
  data: Buffer | string,
): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

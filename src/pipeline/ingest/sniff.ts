/**
 * What a file really is, from its first bytes: employees rename files, phones save HEIC as ".jpg",
 * and a hostile upload can call anything "invoice.pdf". Extensions only break ties between text
 * formats, which have no magic bytes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { pipeline } from 'node:stream/promises';

export const MEDIA = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  text: 'text/plain',
  markdown: 'text/markdown',
  json: 'application/json',
  yaml: 'application/yaml',
  octet: 'application/octet-stream',
} as const;

/** Media types an invoice may have: everything else is reported as `unsupported_type`. */
export const INVOICE_MEDIA_TYPES: ReadonlySet<string> = new Set([MEDIA.pdf, MEDIA.jpeg, MEDIA.png]);

/** ZIP-based document formats: a ZIP signature with one of these extensions is not an archive to expand. */
const ZIP_BASED_DOCUMENT_TYPES: Record<string, string> = {
  '.docx': MEDIA.docx,
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.epub': 'application/epub+zip',
};

const TEXT_TYPES_BY_EXTENSION: Record<string, string> = {
  '.txt': MEDIA.text,
  '.text': MEDIA.text,
  '.md': MEDIA.markdown,
  '.markdown': MEDIA.markdown,
  '.json': MEDIA.json,
  '.yaml': MEDIA.yaml,
  '.yml': MEDIA.yaml,
  '.csv': 'text/csv',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.htm': 'text/html',
};

/** How far into a file "%PDF-" may start: readers accept junk before the header, so do we. */
const PDF_HEADER_WINDOW = 1024;
/** How many leading bytes mediaTypeOf looks at. */
export const SNIFF_BYTES = PDF_HEADER_WINDOW + 8;

function startsWith(head: Buffer, bytes: number[], offset = 0): boolean {
  return bytes.every((byte, index) => head[offset + index] === byte);
}

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  // A cut in the middle of a multi-byte character at the end of the window is still text.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The media type of bytes that begin a file called `fileName`. */
export function mediaTypeOf(bytes: Buffer, fileName: string): string {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const extension = extname(fileName).toLowerCase();
  if (head.length === 0) return MEDIA.octet;
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return MEDIA.pdf; // "%PDF-"
  // Signatures at offset 0 come before the PDF header search further in: a stored (uncompressed)
  // ZIP whose first entry is a PDF has "%PDF-" a few dozen bytes in, and it is still a ZIP.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    return ZIP_BASED_DOCUMENT_TYPES[extension] ?? MEDIA.zip;
  }
  if (startsWith(head, [0xff, 0xd8, 0xff])) return MEDIA.jpeg;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return MEDIA.png;
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'image/tiff';
  if (
    startsWith(head, [0x52, 0x49, 0x46, 0x46]) &&
    head.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  if (head.subarray(4, 8).toString('latin1') === 'ftyp') {
    const brand = head.subarray(8, 12).toString('latin1');
    return /^(heic|heix|hevc|mif1|msf1)$/.test(brand) ? 'image/heic' : 'video/mp4';
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) return 'application/x-ole-storage';
  if (startsWith(head, [0x52, 0x61, 0x72, 0x21])) return 'application/vnd.rar';
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf])) return 'application/x-7z-compressed';
  if (startsWith(head, [0x1f, 0x8b])) return 'application/gzip';
  if (head.subarray(0, PDF_HEADER_WINDOW + 5).includes('%PDF-')) return MEDIA.pdf;
  if (looksLikeText(head)) return TEXT_TYPES_BY_EXTENSION[extension] ?? MEDIA.text;
  return MEDIA.octet;
}

/** Reads the first bytes of the file at `path` and names its media type. */
export async function sniffMediaType(path: string, fileName: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return mediaTypeOf(head.subarray(0, bytesRead), fileName);
  } finally {
    await handle.close();
  }
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * Reading test documents as the tests need them: every file of a ZIP with its folder names, the
 * text of each PDF page, a PDF as the DocumentText the pipeline passes on. For the sample claim
 * and for documents the tests generate; the IAI dataset loader uses them too.
 */
import 'pdf-parse/worker';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import yauzl from 'yauzl';
import type { DocumentText } from '../../src/domain/types.js';

export interface ZipFile {
  name: string;
  data: Buffer;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file of a ZIP, folders kept in the name; directories and macOS resource forks skipped. */
export async function unzipFiles(zipPath: string): Promise<ZipFile[]> {
  const archive = await readFile(zipPath);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(archive, { lazyEntries: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError) return reject(openError);
      const files: ZipFile[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) => {
        const skip =
          entry.fileName.endsWith('/') ||
          entry.fileName.startsWith('__MACOSX/') ||
          path.posix.basename(entry.fileName).startsWith('._');
        if (skip) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            files.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Text of each page of a PDF, in order. */
export async function pdfPages(data: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    const result = await parser.getText();
    return result.pages.sort((a, b) => a.num - b.num).map((page) => page.text);
  } finally {
    await parser.destroy();
  }
}

export async function pdfDocument(name: string, data: Buffer): Promise<DocumentText> {
  const pages = await pdfPages(data);
  return {
    name,
    media_type: 'application/pdf',
    sha256: sha256(data),
    size_bytes: data.length,
    page_count: pages.length,
    pages,
    ocr: false,
  };
}

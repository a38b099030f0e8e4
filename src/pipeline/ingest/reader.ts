/**
 * The ingestion stage as one object for the job pipeline (DocumentReader in ../types.ts). It owns
 * the PDF worker pool and the OCR engine, so close() at shutdown ends their threads.
 */
import type { JobInput } from '../../domain/jobs.js';
import type { DocumentReader, PolicyInput } from '../types.js';
import type { ArchiveLimits } from './archive.js';
import { type DocumentProgress, type ReadDocumentsResult, readDocuments } from './documents.js';
import { createTesseractOcr, type OcrEngine, type TesseractOcrOptions } from './ocr.js';
import { createPdfTextReader, type PdfTextReaderOptions } from './pdf-text.js';
import { readPolicy } from './policy-text.js';

export interface DocumentReaderOptions {
  archiveLimits: ArchiveLimits;
  pdf: PdfTextReaderOptions;
  /** Offline OCR settings; null when the model reads photos and scans natively (Gemini). */
  ocr: TesseractOcrOptions | null;
  /** A PDF page with fewer text characters is treated as scanned. */
  minTextCharsPerPage: number;
  maxOcrPages?: number;
  ocrRenderScale?: number;
  /** Documents of one job read at once. */
  concurrency?: number;
}

export interface IngestionReader extends DocumentReader {
  readDocuments(
    files: JobInput['files'],
    workDir: string,
    signal?: AbortSignal,
    onProgress?: (progress: DocumentProgress) => void,
  ): Promise<ReadDocumentsResult>;
  close(): Promise<void>;
}

export function createDocumentReader(options: DocumentReaderOptions): IngestionReader {
  const pdfReader = createPdfTextReader(options.pdf);
  const ocr: OcrEngine | null = options.ocr ? createTesseractOcr(options.ocr) : null;
  return {
    readPolicy(file, signal?: AbortSignal): Promise<PolicyInput> {
      return readPolicy(file, { pdfReader, signal });
    },
    readDocuments(files, workDir, signal, onProgress) {
      return readDocuments(files, {
        workDir,
        archiveLimits: options.archiveLimits,
        pdfReader,
        ocr,
        minTextCharsPerPage: options.minTextCharsPerPage,
        maxOcrPages: options.maxOcrPages,
        ocrRenderScale: options.ocrRenderScale,
        concurrency: options.concurrency,
        signal,
        onProgress,
      });
    },
    async close() {
      await Promise.all([pdfReader.close(), ocr?.close()]);
    },
  };
}

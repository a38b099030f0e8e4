/**
 * One uploaded PDF read the way a claim's invoice file is (the ingest's readDocuments, no OCR,
 * default archive limits), for tests about what reading one document yields: its e-invoice, its
 * pages, its reading notes. The bytes are written to a temporary folder removed after the test.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/pipeline/ingest/archive.js';
import {
  type IngestedDocument,
  type ReadDocumentsResult,
  readDocuments,
} from '../../src/pipeline/ingest/documents.js';
import type { PdfTextReader } from '../../src/pipeline/ingest/pdf-text.js';
import { tempDir } from '../ingest/ingest-fixtures.js';

export interface ReadOneDocumentOptions {
  /** The pool that reads the PDF: the test's own, so its limits are the ones under test. */
  pdfReader: PdfTextReader;
  /** The name the upload is given (default rechnung.pdf). */
  fileName?: string;
}

export interface OneDocumentRead {
  /** The document read, or undefined when the file yielded none (see problems). */
  document: IngestedDocument | undefined;
  problems: ReadDocumentsResult['problems'];
}

export async function readOneDocument(
  t: Parameters<typeof tempDir>[0],
  pdf: Buffer,
  { pdfReader, fileName = 'rechnung.pdf' }: ReadOneDocumentOptions,
): Promise<OneDocumentRead> {
  const dir = await tempDir(t);
  const path = join(dir, 'upload.pdf');
  await writeFile(path, pdf);
  const { documents, problems } = await readDocuments(
    [{ path, file_name: fileName, media_type: 'application/pdf', field: 'invoice_files' }],
    {
      workDir: dir,
      archiveLimits: DEFAULT_ARCHIVE_LIMITS,
      pdfReader,
      ocr: null,
      minTextCharsPerPage: 20,
    },
  );
  return { document: documents[0], problems };
}

import type { PolicyText } from '../ai/provider.js';
import type { JobInput } from '../domain/jobs.js';
import type { DocumentErrorCode, DocumentText, ReadingNote } from '../domain/types.js';

/** A document read from an upload, with where its bytes are on disk (for readers that see files). */
export interface ReadDocument extends DocumentText {
  path: string;
  /**
   * Doubts from reading the file itself, whoever reads the invoice from it (an embedded e-invoice
   * not read): they join the reader's reading notes. Absent when there are none.
   */
  reading_notes?: ReadingNote[];
}

/** A document that could not be read: it becomes a failed result, never silently dropped. */
export interface DocumentProblem {
  name: string;
  code: DocumentErrorCode;
  message: string;
}

export type PolicyInput =
  | { kind: 'text'; policy: PolicyText }
  | { kind: 'rules'; raw: unknown; sha256: string };

/** The ingestion stage as the job sees it. */
export interface DocumentReader {
  readPolicy(
    file: NonNullable<JobInput['policy_file']>,
    signal?: AbortSignal,
  ): Promise<PolicyInput>;
  readDocuments(
    files: JobInput['files'],
    workDir: string,
    signal?: AbortSignal,
  ): Promise<{ documents: ReadDocument[]; problems: DocumentProblem[] }>;
}

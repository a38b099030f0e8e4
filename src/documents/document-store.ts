/**
 * The port behind which original documents are kept: once per content (sha256), so the same
 * receipt uploaded by two claims or two employees takes its bytes once. Adapters: disk (default,
 * src/store/disk/document-store.ts) and S3-compatible storage (src/store/s3/document-store.ts);
 * both pass test/documents/document-store-contract.ts.
 */
import type { Readable } from 'node:stream';

export interface StoredDocument {
  sha256: string;
  content_type: string;
  size_bytes: number;
  /** When the bytes were first stored (ISO 8601): retention counts from here. */
  stored_at: string;
}

/** Inclusive byte offsets, as in HTTP Range; always within the document. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Where the bytes to store come from: a file on disk (uploads are) or a buffer. */
export type DocumentSource = { path: string } | { bytes: Buffer };

export interface DocumentStore {
  readonly kind: 'disk' | 's3';
  /**
   * Stores the bytes under their hash, verifying it; storing the same bytes again changes nothing
   * (the first content type and date stand). Throws DocumentHashMismatchError on a wrong hash.
   */
  put(sha256: string, source: DocumentSource, contentType: string): Promise<StoredDocument>;
  head(sha256: string): Promise<StoredDocument | null>;
  /** The bytes (or the range of them), or null when the document is not stored. */
  get(sha256: string, range?: ByteRange): Promise<{ meta: StoredDocument; body: Readable } | null>;
  /** True when something was deleted. */
  delete(sha256: string): Promise<boolean>;
  /** Every stored document, in no particular order (retention, backup). */
  list(): AsyncIterable<StoredDocument>;
  ping(): Promise<void>;
}

export class DocumentHashMismatchError extends Error {
  constructor(expected: string, actual: string) {
    super(`Document bytes hash to ${actual}, not ${expected}.`);
    this.name = 'DocumentHashMismatchError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Hashes become paths and keys: anything else is refused before it reaches a file system. */
export function assertSha256(sha256: string): void {
  if (!SHA256.test(sha256)) throw new Error(`Not a sha256 hex digest: ${sha256.slice(0, 80)}`);
}

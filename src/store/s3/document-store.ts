/**
 * Originals in S3-compatible object storage (AWS S3, MinIO, Ceph RGW): one object per content
 * hash under a prefix, its content type as the object's, the first storing date in its metadata.
 * PutObject is atomic, so a reader never sees half a document.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  assertSha256,
  type ByteRange,
  DocumentHashMismatchError,
  type DocumentSource,
  type DocumentStore,
  type StoredDocument,
} from '../../documents/document-store.js';

export interface S3DocumentStoreOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  prefix: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const STORED_AT = 'stored-at';

export class S3DocumentStore implements DocumentStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly options: S3DocumentStoreOptions) {
    this.client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // Self-hosted servers do not all know the SDK's default CRC checksums: only when required.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(sha256: string): string {
    assertSha256(sha256);
    return `${this.options.prefix}${sha256}`;
  }

  async put(sha256: string, source: DocumentSource, contentType: string): Promise<StoredDocument> {
    const existing = await this.head(sha256);
    if (existing) return existing;
    // Checked before anything is sent: a wrong hash must never become a stored object.
    const actual = await hashOf(source);
    if (actual !== sha256) throw new DocumentHashMismatchError(sha256, actual);
    const size = 'bytes' in source ? source.bytes.length : (await stat(source.path)).size;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key(sha256),
        Body: 'bytes' in source ? source.bytes : createReadStream(source.path),
        ContentLength: size,
        ContentType: contentType,
        Metadata: { [STORED_AT]: new Date().toISOString() },
      }),
    );
    return (await this.head(sha256)) as StoredDocument;
  }

  async head(sha256: string): Promise<StoredDocument | null> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }),
      );
      return {
        sha256,
        content_type: head.ContentType ?? 'application/octet-stream',
        size_bytes: head.ContentLength ?? 0,
        stored_at: head.Metadata?.[STORED_AT] ?? (head.LastModified ?? new Date()).toISOString(),
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async get(sha256: string, range?: ByteRange) {
    const meta = await this.head(sha256);
    if (!meta) return null;
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.key(sha256),
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      return { meta, body: object.Body as Readable };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(sha256: string): Promise<boolean> {
    const existed = (await this.head(sha256)) !== null;
    if (existed)
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }),
      );
    return existed;
  }

  async *list(): AsyncIterable<StoredDocument> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: this.options.prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const object of page.Contents ?? []) {
        const sha256 = object.Key?.slice(this.options.prefix.length) ?? '';
        if (!/^[0-9a-f]{64}$/.test(sha256)) continue;
        const meta = await this.head(sha256);
        if (meta) yield meta;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
  }

  close(): void {
    this.client.destroy();
  }
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 404 ||
      error.name === 'NotFound' ||
      error.name === 'NoSuchKey')
  );
}

async function hashOf(source: DocumentSource): Promise<string> {
  const hash = createHash('sha256');
  if ('bytes' in source) return hash.update(source.bytes).digest('hex');
  for await (const chunk of createReadStream(source.path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

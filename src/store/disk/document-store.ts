/**
 * Originals on the local disk: DATA_DIR/documents/ab/cd/<sha256> with a <sha256>.json beside it
 * (content type, stored_at). Two directory levels keep any one directory small with millions of
 * documents. Every file is written to a temporary name and renamed, so a reader (or a crash)
 * never sees half a document; the metadata is renamed last, so it is what makes a document exist.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertSha256,
  type ByteRange,
  DocumentHashMismatchError,
  type DocumentSource,
  type DocumentStore,
  type StoredDocument,
} from '../../documents/document-store.js';

export const documentsDir = (dataDir: string): string => join(dataDir, 'documents');

interface Meta {
  content_type: string;
  stored_at: string;
}

export class DiskDocumentStore implements DocumentStore {
  readonly kind = 'disk' as const;
  private readonly tmp: string;

  constructor(private readonly root: string) {
    this.tmp = join(root, '.tmp');
  }

  private file(sha256: string): string {
    assertSha256(sha256);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(sha256: string, source: DocumentSource, contentType: string): Promise<StoredDocument> {
    const existing = await this.head(sha256);
    if (existing) return existing;
    const target = this.file(sha256);
    await mkdir(this.tmp, { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    const temp = join(this.tmp, `${sha256}.${randomUUID()}`);
    try {
      const hash = createHash('sha256');
      if ('bytes' in source) {
        hash.update(source.bytes);
        await writeFile(temp, source.bytes);
      } else {
        const hashing = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            done(null, chunk);
          },
        });
        await pipeline(createReadStream(source.path), hashing, createWriteStream(temp));
      }
      const actual = hash.digest('hex');
      if (actual !== sha256) throw new DocumentHashMismatchError(sha256, actual);
      await rename(temp, target);
      const meta: Meta = { content_type: contentType, stored_at: new Date().toISOString() };
      const metaTemp = `${temp}.json`;
      await writeFile(metaTemp, JSON.stringify(meta));
      await rename(metaTemp, `${target}.json`);
    } finally {
      await rm(temp, { force: true });
      await rm(`${temp}.json`, { force: true });
    }
    return (await this.head(sha256)) as StoredDocument;
  }

  async head(sha256: string): Promise<StoredDocument | null> {
    const target = this.file(sha256);
    let meta: Meta;
    try {
      meta = JSON.parse(await readFile(`${target}.json`, 'utf8')) as Meta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const size = await stat(target).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) return null;
    return { sha256, content_type: meta.content_type, size_bytes: size, stored_at: meta.stored_at };
  }

  async get(sha256: string, range?: ByteRange) {
    const meta = await this.head(sha256);
    if (!meta) return null;
    const body = createReadStream(
      this.file(sha256),
      range ? { start: range.start, end: range.end } : {},
    );
    return { meta, body };
  }

  async delete(sha256: string): Promise<boolean> {
    const target = this.file(sha256);
    const existed = (await this.head(sha256)) !== null;
    // Metadata first: once it is gone the document no longer exists for readers.
    await rm(`${target}.json`, { force: true });
    await rm(target, { force: true });
    return existed;
  }

  async *list(): AsyncIterable<StoredDocument> {
    for (const first of await subdirectories(this.root)) {
      for (const second of await subdirectories(join(this.root, first))) {
        const dir = join(this.root, first, second);
        for (const name of await readdir(dir)) {
          if (!name.endsWith('.json')) continue;
          const meta = await this.head(name.slice(0, -'.json'.length)).catch(() => null);
          if (meta) yield meta;
        }
      }
    }
  }

  async ping(): Promise<void> {
    const probe = join(this.tmp, `.ready-${process.pid}-${randomUUID()}`);
    try {
      await mkdir(this.tmp, { recursive: true });
      await writeFile(probe, 'ok');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new Error(`documents cannot be written under DATA_DIR (${code})`);
    } finally {
      await rm(probe, { force: true }).catch(() => undefined);
    }
  }
}

/** Shard directories only (two hex characters): .tmp and stray files are not documents. */
async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name))
      .map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

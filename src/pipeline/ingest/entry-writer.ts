/**
 * Writing one accepted ZIP entry to disk, hashed and checked on the way: small entries whole (one
 * read, one inflation, one write), large ones streamed. Either way an entry may not inflate past
 * its declared size, which the expansion's budget counted (archive.ts).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { type FileHandle, writeFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { crc32, inflateRaw } from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import type { DocumentErrorCode } from '../../domain/types.js';
import { SNIFF_BYTES } from './sniff.js';
import { openEntryStream, readStoredBytes } from './zip-reader.js';

/** Raised while writing an entry when it breaks a limit its declared sizes promised to keep. */
export class EntryLimitError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Up to 4 MiB an entry is handled in one buffer: at most 4 in flight, whole, keep memory small. */
export const DEFAULT_WHOLE_ENTRY_BYTES = 4 * 1024 * 1024;
const inflateRawWhole = promisify(inflateRaw);

export interface WrittenEntry {
  size_bytes: number;
  sha256: string;
  /** The leading bytes, for sniffing the type without reading the file again. */
  head: Buffer;
}

export interface OpenArchive {
  zip: ZipFile;
  /** The same archive opened for plain reads (writeWholeEntry). */
  file: FileHandle;
}

function isWhole(entry: Entry, wholeEntryBytes: number): boolean {
  return (
    entry.uncompressedSize > 0 &&
    entry.uncompressedSize <= wholeEntryBytes &&
    entry.compressedSize <= wholeEntryBytes
  );
}

/**
 * A small entry in one read, one inflation and one write, each of which would otherwise be
 * dozens of 16 KiB stream chunks. Inflation stops at the declared size, so a lying size is
 * caught here as it is while streaming.
 */
async function writeWholeEntry(
  { zip, file }: OpenArchive,
  entry: Entry,
  path: string,
): Promise<WrittenEntry> {
  const stored = await readStoredBytes(zip, file, entry);
  const data =
    entry.compressionMethod === 0 ? stored : await inflateWhole(stored, entry.uncompressedSize);
  if (data.length !== entry.uncompressedSize)
    throw new Error(`expected ${entry.uncompressedSize} bytes, found ${data.length}`);
  if (crc32(data) >>> 0 !== entry.crc32 >>> 0) throw new Error('CRC-32 check failed');
  await writeFile(path, data, { flag: 'wx' });
  return {
    size_bytes: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    head: data.subarray(0, SNIFF_BYTES),
  };
}

async function inflateWhole(stored: Buffer, declared: number): Promise<Buffer> {
  try {
    return await inflateRawWhole(stored, { maxOutputLength: declared });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new EntryLimitError(
        'zip_bomb',
        `The entry inflates beyond its declared ${declared} bytes.`,
      );
    }
    throw error;
  }
}

/**
 * Streams a large entry to `path`, hashing it on the way. An entry may not inflate past its
 * declared size, which its budget claim counted: that bounds the disk an upload can fill.
 */
async function streamEntry(
  zip: ZipFile,
  entry: Entry,
  path: string,
  maxEntryBytes: number,
): Promise<WrittenEntry> {
  const source = await openEntryStream(zip, entry);
  const hash = createHash('sha256');
  const allowed = Math.min(entry.uncompressedSize, maxEntryBytes);
  let size = 0;
  let crc = 0;
  let head = Buffer.alloc(0);
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > allowed) {
        const code = size > entry.uncompressedSize ? 'zip_bomb' : 'too_large';
        return callback(
          new EntryLimitError(
            code,
            `The entry inflates beyond its declared ${entry.uncompressedSize} bytes (or the ${maxEntryBytes}-byte limit).`,
          ),
        );
      }
      if (head.length < SNIFF_BYTES)
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
      hash.update(chunk);
      crc = crc32(chunk, crc);
      callback(null, chunk);
    },
  });
  await pipeline(source, guard, createWriteStream(path, { flags: 'wx' }));
  if (crc >>> 0 !== entry.crc32 >>> 0) throw new Error('CRC-32 check failed');
  return { size_bytes: size, sha256: hash.digest('hex'), head };
}

/** Lying sizes are how zip bombs get past declared-size checks; other stream errors are damage. */
export function corruptionCode(error: unknown): DocumentErrorCode {
  return /too many bytes in the stream/.test((error as Error).message ?? '')
    ? 'zip_bomb'
    : 'corrupt_archive';
}

/** Writes the entry whole when both its sizes are at most `wholeEntryBytes`, streamed otherwise. */
export function writeEntry(
  archive: OpenArchive,
  entry: Entry,
  path: string,
  limits: { maxEntryBytes: number; wholeEntryBytes: number },
): Promise<WrittenEntry> {
  return isWhole(entry, limits.wholeEntryBytes)
    ? writeWholeEntry(archive, entry, path)
    : streamEntry(archive.zip, entry, path, limits.maxEntryBytes);
}

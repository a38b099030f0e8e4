/**
 * Expanding uploaded ZIPs safely. An employee's ZIP is untrusted input: it may hold paths that
 * climb out of the target directory, symlinks, encrypted entries, zip bombs, sizes that lie,
 * ZIPs inside ZIPs, or be plain corrupt. Each of those becomes a reported problem for that entry
 * (codes from DocumentErrorCode) while the rest of the archive is still read.
 *
 * Limits apply twice: before inflating, from the central directory (entry count, declared sizes,
 * declared compression ratio), and again while streaming, because declared sizes can lie.
 * Entries are written under generated names in `outDir`; the name inside the archive is only
 * ever a label ("Travel Bill/Book 1.pdf"). Entries of a ZIP inside the ZIP are named under it:
 * "receipts.zip/Meal 1.pdf".
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { crc32, inflateRaw } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { DocumentErrorCode } from '../../domain/types.js';
import type { DocumentProblem } from '../types.js';
import { safeExtension } from './names.js';
import { mapWithConcurrency } from '../concurrency.js';
import { MEDIA, mediaTypeOf, SNIFF_BYTES } from './sniff.js';
import { entryFileName, nextEntry, openEntryStream, openZip, readStoredBytes } from './zip-reader.js';

export interface ArchiveLimits {
  /** Most entries (files and folders) in one archive, checked from the central directory. */
  maxEntries: number;
  /** Largest uncompressed entry, in bytes. */
  maxEntryBytes: number;
  /** Largest uncompressed total of every archive of one upload (share one ExpansionBudget). */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of one entry. */
  maxCompressionRatio: number;
  /** How many levels of ZIPs inside the uploaded ZIP are read: 1 reads a ZIP in the ZIP, not deeper. */
  maxNestingDepth: number;
  /** Entries smaller than this skip the ratio check: tiny files compress absurdly well and harm nobody. */
  ratioCheckMinBytes?: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<Required<ArchiveLimits>> = {
  maxEntries: 2000,
  maxEntryBytes: 50 * 1024 * 1024,
  maxTotalBytes: 500 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxNestingDepth: 1,
  ratioCheckMinBytes: 1024 * 1024,
};

/** Uncompressed bytes claimed so far by one upload's entries; pass the same object for all its archives. */
export interface ExpansionBudget {
  claimedBytes: number;
}

export interface ExpandedEntry {
  /** Name inside the archive, folders kept. */
  name: string;
  /** Where the entry was written (a generated name under outDir). */
  path: string;
  size_bytes: number;
  sha256: string;
  /** Sniffed from the bytes as they were written (see mediaTypeOf). */
  media_type: string;
}

export interface ArchiveExpansion {
  entries: ExpandedEntry[];
  problems: DocumentProblem[];
}

export interface ExpandArchiveOptions {
  /** Label of the archive itself, used for problems about the whole archive. */
  archiveName: string;
  /** Directory the entries are written to (created when missing). */
  outDir: string;
  limits: ArchiveLimits;
  budget?: ExpansionBudget;
  signal?: AbortSignal;
  /** Entries up to this many bytes (compressed and not) are read, inflated and written whole; larger ones stream. */
  wholeEntryBytes?: number;
}

interface Expansion {
  limits: Required<ArchiveLimits>;
  budget: ExpansionBudget;
  wholeEntryBytes: number;
  signal: AbortSignal | undefined;
  nextFileNumber: number;
}

/** Raised while streaming an entry when it breaks a limit its declared sizes promised to keep. */
class EntryLimitError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const IGNORED_FILE_NAMES = new Set(['thumbs.db', 'desktop.ini']);
const UNIX_FILE_TYPE_MASK = 0o170000;
const UNIX_SYMLINK = 0o120000;
/** "Version made by" hosts whose external attributes carry a unix mode: 3 unix, 19 macOS. */
const UNIX_MODE_HOSTS = new Set([3, 19]);
/**
 * Entries written at once. One entry at a time waits on a disk read, then inflation, then a disk
 * write, all in libuv's threads, and leaves both cores idle half the time (bench/ingest.ts).
 */
const ENTRIES_IN_FLIGHT = 4;
/** Up to 4 MiB an entry is handled in one buffer: at most 4 in flight, whole, keep memory small. */
const DEFAULT_WHOLE_ENTRY_BYTES = 4 * 1024 * 1024;
const inflateRawWhole = promisify(inflateRaw);

interface WrittenEntry {
  size_bytes: number;
  sha256: string;
  /** The leading bytes, for sniffing the type without reading the file again. */
  head: Buffer;
}

/** Expands `zipPath` into `options.outDir`; never throws for a bad archive, only reports it. */
export async function expandArchive(zipPath: string, options: ExpandArchiveOptions): Promise<ArchiveExpansion> {
  const expansion: Expansion = {
    limits: { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits },
    budget: options.budget ?? { claimedBytes: 0 },
    wholeEntryBytes: options.wholeEntryBytes ?? DEFAULT_WHOLE_ENTRY_BYTES,
    signal: options.signal,
    nextFileNumber: 1,
  };
  return expandLevel(expansion, zipPath, options.archiveName, '', 0, options.outDir);
}

/**
 * Reads the central directory first, judging every entry and giving each its file name in archive
 * order, then writes the accepted entries a few at a time. Each entry's outcome has a slot of its
 * own, so the result lists entries and problems in archive order however the writes interleave.
 */
async function expandLevel(expansion: Expansion, zipPath: string, archiveName: string, namePrefix: string, depth: number, outDir: string): Promise<ArchiveExpansion> {
  const { limits } = expansion;
  const level: ArchiveExpansion = { entries: [], problems: [] };
  await mkdir(outDir, { recursive: true });
  let zip: ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (error) {
    level.problems.push({ name: archiveName, code: 'corrupt_archive', message: `Not a readable ZIP archive: ${(error as Error).message}.` });
    return level;
  }
  // Errors are taken from nextEntry(); this keeps a late one from being an uncaught 'error' event.
  zip.on('error', () => undefined);
  let file: FileHandle | null = null;
  const slots: ArchiveExpansion[] = [];
  const writes: Array<() => Promise<void>> = [];
  let damage: Error | null = null;
  try {
    // yauzl reads exactly entryCount records, so this bound holds for the whole iteration.
    if (zip.entryCount > limits.maxEntries) {
      level.problems.push({ name: archiveName, code: 'archive_limit', message: `The archive has ${zip.entryCount} entries; at most ${limits.maxEntries} are read.` });
      return level;
    }
    file = await open(zipPath, 'r');
    const archive: OpenArchive = { zip, file };
    try {
      for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
        expansion.signal?.throwIfAborted();
        const name = entryFileName(entry);
        const label = namePrefix + name;
        const slot: ArchiveExpansion = { entries: [], problems: [] };
        const refuse = (code: DocumentErrorCode, message: string): void => {
          slot.problems.push({ name: label, code, message });
          slots.push(slot);
        };
        const unsafe = name.includes('\0') ? 'NUL character in file name' : yauzl.validateFileName(name);
        if (unsafe !== null) {
          refuse('unsafe_path', `The entry's path is unsafe (${unsafe}); it was not extracted.`);
          continue;
        }
        if (name.endsWith('/') || isIgnored(name)) continue;
        const refusal = refuseBeforeInflating(entry, limits, expansion.budget);
        if (refusal) {
          refuse(refusal.code, refusal.message);
          continue;
        }
        // Claimed now, in archive order, so which entry first finds the budget spent never depends
        // on how the writes interleave; an entry cannot outgrow its claim (streamEntry, writeWholeEntry).
        expansion.budget.claimedBytes += entry.uncompressedSize;
        const path = join(outDir, `${String(expansion.nextFileNumber++).padStart(5, '0')}${safeExtension(name)}`);
        slots.push(slot);
        const accepted = entry;
        writes.push(() => extractEntry(expansion, archive, accepted, { label, path, depth, outDir }, slot));
      }
    } catch (error) {
      if (expansion.signal?.aborted || isSystemError(error)) throw error;
      damage = error as Error;
    }
    await mapWithConcurrency(writes, ENTRIES_IN_FLIGHT, (write) => write());
  } finally {
    zip.close();
    await file?.close();
  }
  for (const slot of slots) {
    level.entries.push(...slot.entries);
    level.problems.push(...slot.problems);
  }
  if (damage) {
    level.problems.push({ name: archiveName, code: 'corrupt_archive', message: `The archive is damaged; entries after the damage were not read: ${damage.message}.` });
  }
  if (level.entries.length + level.problems.length === 0) {
    level.problems.push({ name: archiveName, code: 'empty_file', message: 'The archive contains no documents.' });
  }
  return level;
}

/** Writes one accepted entry and records what it turned out to be (a ZIP in the ZIP is expanded). */
async function extractEntry(
  expansion: Expansion,
  archive: OpenArchive,
  entry: Entry,
  where: { label: string; path: string; depth: number; outDir: string },
  slot: ArchiveExpansion,
): Promise<void> {
  const { label, path, depth, outDir } = where;
  const { limits, budget } = expansion;
  const report = (code: DocumentErrorCode, message: string): void => {
    slot.problems.push({ name: label, code, message });
  };
  expansion.signal?.throwIfAborted();
  try {
    const written = isWhole(entry, expansion.wholeEntryBytes) ? await writeWholeEntry(archive, entry, path) : await streamEntry(archive.zip, entry, path, limits);
    if (written.size_bytes === 0) {
      await rm(path, { force: true });
      report('empty_file', 'The file is empty.');
      return;
    }
    const mediaType = mediaTypeOf(written.head, label);
    if (mediaType !== MEDIA.zip) {
      slot.entries.push({ name: label, path, size_bytes: written.size_bytes, sha256: written.sha256, media_type: mediaType });
      return;
    }
    if (depth + 1 > limits.maxNestingDepth) {
      report('nested_too_deep', `A ZIP nested ${depth + 1} levels deep; at most ${limits.maxNestingDepth} level(s) of ZIPs inside ZIPs are read.`);
    } else {
      const nested = await expandLevel(expansion, path, label, `${label}/`, depth + 1, join(outDir, `${posix.basename(path)}.d`));
      slot.entries.push(...nested.entries);
      slot.problems.push(...nested.problems);
    }
    await rm(path, { force: true });
  } catch (error) {
    await rm(path, { force: true });
    budget.claimedBytes -= entry.uncompressedSize;
    if (error instanceof EntryLimitError) report(error.code, error.message);
    else if (expansion.signal?.aborted || isSystemError(error)) throw error;
    else report(corruptionCode(error), `The entry could not be extracted: ${(error as Error).message}.`);
  }
}

function refuseBeforeInflating(entry: Entry, limits: Required<ArchiveLimits>, budget: ExpansionBudget): { code: DocumentErrorCode; message: string } | null {
  const hostSystem = entry.versionMadeBy >> 8;
  const unixFileType = (entry.externalFileAttributes >>> 16) & UNIX_FILE_TYPE_MASK;
  if (UNIX_MODE_HOSTS.has(hostSystem) && unixFileType === UNIX_SYMLINK) {
    return { code: 'symlink', message: 'The entry is a symbolic link; links are never followed.' };
  }
  if (entry.isEncrypted()) return { code: 'encrypted', message: 'The entry is password-protected.' };
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return { code: 'corrupt_archive', message: `The entry uses compression method ${entry.compressionMethod}; only stored and deflated entries are read.` };
  }
  const declared = entry.uncompressedSize;
  if (declared > limits.maxEntryBytes) {
    return { code: 'too_large', message: `The entry is ${declared} bytes uncompressed; the limit is ${limits.maxEntryBytes}.` };
  }
  const ratio = declared / Math.max(entry.compressedSize, 1);
  if (declared >= limits.ratioCheckMinBytes && ratio > limits.maxCompressionRatio) {
    return { code: 'zip_bomb', message: `The entry expands ${Math.round(ratio)} times; at most ${limits.maxCompressionRatio} times is accepted.` };
  }
  if (budget.claimedBytes + declared > limits.maxTotalBytes) {
    return { code: 'archive_limit', message: `The upload's archives hold more than ${limits.maxTotalBytes} bytes uncompressed; this entry was not read.` };
  }
  return null;
}

interface OpenArchive {
  zip: ZipFile;
  /** The same archive opened for plain reads (writeWholeEntry). */
  file: FileHandle;
}

function isWhole(entry: Entry, wholeEntryBytes: number): boolean {
  return entry.uncompressedSize > 0 && entry.uncompressedSize <= wholeEntryBytes && entry.compressedSize <= wholeEntryBytes;
}

/**
 * A small entry in one read, one inflation and one write, each of which would otherwise be
 * dozens of 16 KiB stream chunks. Inflation stops at the declared size, so a lying size is
 * caught here as it is while streaming.
 */
async function writeWholeEntry({ zip, file }: OpenArchive, entry: Entry, path: string): Promise<WrittenEntry> {
  const stored = await readStoredBytes(zip, file, entry);
  const data = entry.compressionMethod === 0 ? stored : await inflateWhole(stored, entry.uncompressedSize);
  if (data.length !== entry.uncompressedSize) throw new Error(`expected ${entry.uncompressedSize} bytes, found ${data.length}`);
  if (crc32(data) >>> 0 !== entry.crc32 >>> 0) throw new Error('CRC-32 check failed');
  await writeFile(path, data, { flag: 'wx' });
  return { size_bytes: data.length, sha256: createHash('sha256').update(data).digest('hex'), head: data.subarray(0, SNIFF_BYTES) };
}

async function inflateWhole(stored: Buffer, declared: number): Promise<Buffer> {
  try {
    return await inflateRawWhole(stored, { maxOutputLength: declared });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new EntryLimitError('zip_bomb', `The entry inflates beyond its declared ${declared} bytes.`);
    }
    throw error;
  }
}

/**
 * Streams a large entry to `path`, hashing it on the way. An entry may not inflate past its
 * declared size, which its budget claim counted: that bounds the disk an upload can fill.
 */
async function streamEntry(zip: ZipFile, entry: Entry, path: string, limits: Required<ArchiveLimits>): Promise<WrittenEntry> {
  const source = await openEntryStream(zip, entry);
  const hash = createHash('sha256');
  const allowed = Math.min(entry.uncompressedSize, limits.maxEntryBytes);
  let size = 0;
  let crc = 0;
  let head = Buffer.alloc(0);
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > allowed) {
        const code = size > entry.uncompressedSize ? 'zip_bomb' : 'too_large';
        return callback(new EntryLimitError(code, `The entry inflates beyond its declared ${entry.uncompressedSize} bytes (or the ${limits.maxEntryBytes}-byte limit).`));
      }
      if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
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
function corruptionCode(error: unknown): DocumentErrorCode {
  return /too many bytes in the stream/.test((error as Error).message ?? '') ? 'zip_bomb' : 'corrupt_archive';
}

/** Our own disk failing (ENOSPC, EACCES) is not the archive's fault and must not be blamed on it. */
function isSystemError(error: unknown): boolean {
  return typeof (error as { syscall?: unknown } | null)?.syscall === 'string';
}

function isIgnored(name: string): boolean {
  // "./bill.pdf" is a bill in the archive's root, not a hidden folder.
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  const baseName = (segments[segments.length - 1] ?? '').toLowerCase();
  // Dot segments cover .DS_Store, macOS "._" resource forks and hidden folders such as .git/.
  return segments.some((segment) => segment === '__MACOSX' || segment.startsWith('.')) || IGNORED_FILE_NAMES.has(baseName);
}

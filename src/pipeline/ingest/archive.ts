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
import { mkdir, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { DocumentErrorCode } from '../../domain/types.js';
import type { DocumentProblem } from '../types.js';
import { safeExtension } from './names.js';
import { MEDIA, sniffMediaType } from './sniff.js';
import { entryFileName, nextEntry, openEntryStream, openZip } from './zip-reader.js';

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

/** Uncompressed bytes written so far for one upload; pass the same object for all its archives. */
export interface ExpansionBudget {
  writtenBytes: number;
}

export interface ExpandedEntry {
  /** Name inside the archive, folders kept. */
  name: string;
  /** Where the entry was written (a generated name under outDir). */
  path: string;
  size_bytes: number;
  sha256: string;
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
}

interface Expansion {
  limits: Required<ArchiveLimits>;
  budget: ExpansionBudget;
  result: ArchiveExpansion;
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

/** Expands `zipPath` into `options.outDir`; never throws for a bad archive, only reports it. */
export async function expandArchive(zipPath: string, options: ExpandArchiveOptions): Promise<ArchiveExpansion> {
  const expansion: Expansion = {
    limits: { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits },
    budget: options.budget ?? { writtenBytes: 0 },
    result: { entries: [], problems: [] },
    signal: options.signal,
    nextFileNumber: 1,
  };
  await expandLevel(expansion, zipPath, options.archiveName, '', 0, options.outDir);
  return expansion.result;
}

async function expandLevel(expansion: Expansion, zipPath: string, archiveName: string, namePrefix: string, depth: number, outDir: string): Promise<void> {
  const { result, limits } = expansion;
  const before = result.entries.length + result.problems.length;
  const report = (name: string, code: DocumentErrorCode, message: string): void => {
    result.problems.push({ name, code, message });
  };
  await mkdir(outDir, { recursive: true });
  let zip: ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (error) {
    report(archiveName, 'corrupt_archive', `Not a readable ZIP archive: ${(error as Error).message}.`);
    return;
  }
  // Errors are taken from nextEntry(); this keeps a late one from being an uncaught 'error' event.
  zip.on('error', () => undefined);
  try {
    // yauzl reads exactly entryCount records, so this bound holds for the whole iteration.
    if (zip.entryCount > limits.maxEntries) {
      report(archiveName, 'archive_limit', `The archive has ${zip.entryCount} entries; at most ${limits.maxEntries} are read.`);
      return;
    }
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      expansion.signal?.throwIfAborted();
      const name = entryFileName(entry);
      const label = namePrefix + name;
      const unsafe = name.includes('\0') ? 'NUL character in file name' : yauzl.validateFileName(name);
      if (unsafe !== null) {
        report(label, 'unsafe_path', `The entry's path is unsafe (${unsafe}); it was not extracted.`);
        continue;
      }
      if (name.endsWith('/') || isIgnored(name)) continue;
      const refusal = refuseBeforeInflating(entry, limits, expansion.budget);
      if (refusal) {
        report(label, refusal.code, refusal.message);
        continue;
      }
      const path = join(outDir, `${String(expansion.nextFileNumber++).padStart(5, '0')}${safeExtension(name)}`);
      try {
        const written = await writeEntry(zip, entry, path, limits, expansion.budget);
        if (written.size_bytes === 0) {
          await rm(path, { force: true });
          report(label, 'empty_file', 'The file is empty.');
          continue;
        }
        if ((await sniffMediaType(path, name)) !== MEDIA.zip) {
          result.entries.push({ name: label, path, ...written });
          continue;
        }
        if (depth + 1 > limits.maxNestingDepth) {
          report(label, 'nested_too_deep', `A ZIP nested ${depth + 1} levels deep; at most ${limits.maxNestingDepth} level(s) of ZIPs inside ZIPs are read.`);
        } else {
          await expandLevel(expansion, path, label, `${label}/`, depth + 1, join(outDir, `${posix.basename(path)}.d`));
        }
        await rm(path, { force: true });
      } catch (error) {
        await rm(path, { force: true });
        if (error instanceof EntryLimitError) report(label, error.code, error.message);
        else if (expansion.signal?.aborted || isSystemError(error)) throw error;
        else report(label, corruptionCode(error), `The entry could not be extracted: ${(error as Error).message}.`);
      }
    }
  } catch (error) {
    if (expansion.signal?.aborted || isSystemError(error)) throw error;
    report(archiveName, 'corrupt_archive', `The archive is damaged; entries after the damage were not read: ${(error as Error).message}.`);
  } finally {
    zip.close();
  }
  if (result.entries.length + result.problems.length === before) {
    report(archiveName, 'empty_file', 'The archive contains no documents.');
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
  if (budget.writtenBytes + declared > limits.maxTotalBytes) {
    return { code: 'archive_limit', message: `The upload's archives hold more than ${limits.maxTotalBytes} bytes uncompressed; this entry was not read.` };
  }
  return null;
}

async function writeEntry(zip: ZipFile, entry: Entry, path: string, limits: Required<ArchiveLimits>, budget: ExpansionBudget): Promise<{ size_bytes: number; sha256: string }> {
  const source = await openEntryStream(zip, entry);
  const hash = createHash('sha256');
  const allowed = Math.min(entry.uncompressedSize, limits.maxEntryBytes);
  let size = 0;
  let crc = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      budget.writtenBytes += chunk.length;
      if (size > allowed) {
        const code = size > entry.uncompressedSize ? 'zip_bomb' : 'too_large';
        return callback(new EntryLimitError(code, `The entry inflates beyond its declared ${entry.uncompressedSize} bytes (or the ${limits.maxEntryBytes}-byte limit).`));
      }
      if (budget.writtenBytes > limits.maxTotalBytes) {
        return callback(new EntryLimitError('archive_limit', `The upload's archives hold more than ${limits.maxTotalBytes} bytes uncompressed.`));
      }
      hash.update(chunk);
      crc = crc32(chunk, crc);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, guard, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    budget.writtenBytes -= size;
    throw error;
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) throw new Error('CRC-32 check failed');
  return { size_bytes: size, sha256: hash.digest('hex') };
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
  const segments = name.split('/').filter((segment) => segment !== '');
  const baseName = (segments[segments.length - 1] ?? '').toLowerCase();
  // Dot segments cover .DS_Store, macOS "._" resource forks and hidden folders such as .git/.
  return segments.some((segment) => segment === '__MACOSX' || segment.startsWith('.')) || IGNORED_FILE_NAMES.has(baseName);
}

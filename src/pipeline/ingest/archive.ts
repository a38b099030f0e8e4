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
import { type FileHandle, mkdir, open, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { DocumentErrorCode } from '../../domain/types.js';
import { mapWithConcurrency } from '../concurrency.js';
import type { DocumentProblem } from '../types.js';
import {
  corruptionCode,
  DEFAULT_WHOLE_ENTRY_BYTES,
  EntryLimitError,
  type OpenArchive,
  writeEntry,
} from './entry-writer.js';
import { safeExtension } from './names.js';
import { MEDIA, mediaTypeOf } from './sniff.js';
import { entryFileName, nextEntry, openZip } from './zip-reader.js';

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
/** Expands `zipPath` into `options.outDir`; never throws for a bad archive, only reports it. */
export async function expandArchive(
  zipPath: string,
  options: ExpandArchiveOptions,
): Promise<ArchiveExpansion> {
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
async function expandLevel(
  expansion: Expansion,
  zipPath: string,
  archiveName: string,
  namePrefix: string,
  depth: number,
  outDir: string,
): Promise<ArchiveExpansion> {
  const { limits } = expansion;
  const level: ArchiveExpansion = { entries: [], problems: [] };
  await mkdir(outDir, { recursive: true });
  let zip: ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (error) {
    level.problems.push({
      name: archiveName,
      code: 'corrupt_archive',
      message: `Not a readable ZIP archive: ${(error as Error).message}.`,
    });
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
      level.problems.push({
        name: archiveName,
        code: 'archive_limit',
        message: `The archive has ${zip.entryCount} entries; at most ${limits.maxEntries} are read.`,
      });
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
        const unsafe = name.includes('\0')
          ? 'NUL character in file name'
          : yauzl.validateFileName(name);
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
        const path = join(
          outDir,
          `${String(expansion.nextFileNumber++).padStart(5, '0')}${safeExtension(name)}`,
        );
        slots.push(slot);
        const accepted = entry;
        writes.push(() =>
          extractEntry(expansion, archive, accepted, { label, path, depth, outDir }, slot),
        );
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
    level.problems.push({
      name: archiveName,
      code: 'corrupt_archive',
      message: `The archive is damaged; entries after the damage were not read: ${damage.message}.`,
    });
  }
  if (level.entries.length + level.problems.length === 0) {
    level.problems.push({
      name: archiveName,
      code: 'empty_file',
      message: 'The archive contains no documents.',
    });
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
    const written = await writeEntry(archive, entry, path, {
      maxEntryBytes: limits.maxEntryBytes,
      wholeEntryBytes: expansion.wholeEntryBytes,
    });
    if (written.size_bytes === 0) {
      await rm(path, { force: true });
      report('empty_file', 'The file is empty.');
      return;
    }
    const mediaType = mediaTypeOf(written.head, label);
    if (mediaType !== MEDIA.zip) {
      slot.entries.push({
        name: label,
        path,
        size_bytes: written.size_bytes,
        sha256: written.sha256,
        media_type: mediaType,
      });
      return;
    }
    if (depth + 1 > limits.maxNestingDepth) {
      report(
        'nested_too_deep',
        `A ZIP nested ${depth + 1} levels deep; at most ${limits.maxNestingDepth} level(s) of ZIPs inside ZIPs are read.`,
      );
    } else {
      const nested = await expandLevel(
        expansion,
        path,
        label,
        `${label}/`,
        depth + 1,
        join(outDir, `${posix.basename(path)}.d`),
      );
      slot.entries.push(...nested.entries);
      slot.problems.push(...nested.problems);
    }
    await rm(path, { force: true });
  } catch (error) {
    await rm(path, { force: true });
    budget.claimedBytes -= entry.uncompressedSize;
    if (error instanceof EntryLimitError) report(error.code, error.message);
    else if (expansion.signal?.aborted || isSystemError(error)) throw error;
    else
      report(
        corruptionCode(error),
        `The entry could not be extracted: ${(error as Error).message}.`,
      );
  }
}

function refuseBeforeInflating(
  entry: Entry,
  limits: Required<ArchiveLimits>,
  budget: ExpansionBudget,
): { code: DocumentErrorCode; message: string } | null {
  const hostSystem = entry.versionMadeBy >> 8;
  const unixFileType = (entry.externalFileAttributes >>> 16) & UNIX_FILE_TYPE_MASK;
  if (UNIX_MODE_HOSTS.has(hostSystem) && unixFileType === UNIX_SYMLINK) {
    return { code: 'symlink', message: 'The entry is a symbolic link; links are never followed.' };
  }
  if (entry.isEncrypted())
    return { code: 'encrypted', message: 'The entry is password-protected.' };
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return {
      code: 'corrupt_archive',
      message: `The entry uses compression method ${entry.compressionMethod}; only stored and deflated entries are read.`,
    };
  }
  const declared = entry.uncompressedSize;
  if (declared > limits.maxEntryBytes) {
    return {
      code: 'too_large',
      message: `The entry is ${declared} bytes uncompressed; the limit is ${limits.maxEntryBytes}.`,
    };
  }
  const ratio = declared / Math.max(entry.compressedSize, 1);
  if (declared >= limits.ratioCheckMinBytes && ratio > limits.maxCompressionRatio) {
    return {
      code: 'zip_bomb',
      message: `The entry expands ${Math.round(ratio)} times; at most ${limits.maxCompressionRatio} times is accepted.`,
    };
  }
  if (budget.claimedBytes + declared > limits.maxTotalBytes) {
    return {
      code: 'archive_limit',
      message: `The upload's archives hold more than ${limits.maxTotalBytes} bytes uncompressed; this entry was not read.`,
    };
  }
  return null;
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
  return (
    segments.some((segment) => segment === '__MACOSX' || segment.startsWith('.')) ||
    IGNORED_FILE_NAMES.has(baseName)
  );
}

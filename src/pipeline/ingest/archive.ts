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
import { type FileHandle, mkdir, open, rm, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { DocumentErrorCode } from '../../domain/types.js';
import { mapWithConcurrency } from '../concurrency.js';
import type { DocumentProblem } from '../types.js';
import {
  type ArchiveLimits,
  type ArchiveTally,
  DEFAULT_ARCHIVE_LIMITS,
  documentLimitReached,
  documentLimitRefusal,
  type ExpansionBudget,
  refuseArchiveRatio,
  refuseBeforeInflating,
} from './archive-limits.js';
import {
  corruptionCode,
  DEFAULT_WHOLE_ENTRY_BYTES,
  EntryLimitError,
  type OpenArchive,
  writeEntry,
} from './entry-writer.js';
import { entryLabel, safeExtension } from './names.js';
import { MEDIA, mediaTypeOf } from './sniff.js';
import { entryFileName, nextEntry, openZip } from './zip-reader.js';

export {
  type ArchiveLimits,
  DEFAULT_ARCHIVE_LIMITS,
  type ExpansionBudget,
} from './archive-limits.js';

export interface ExpandedEntry {
  /** Name inside the archive, folders kept (a label: see entryLabel). */
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
  /** The claim's budget, shared by all its archives (a fresh one when absent). */
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

/** A ZIP found inside the archive, expanded once the archive's own entries are written. */
interface NestedArchive {
  slot: ArchiveExpansion;
  path: string;
  label: string;
}

const IGNORED_FILE_NAMES = new Set(['thumbs.db', 'desktop.ini']);
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
  // The uploaded bytes are the base the claim's expansion is measured against (expansionCap).
  const uploaded = await stat(zipPath).then(
    (stats) => stats.size,
    () => 0,
  );
  expansion.budget.uploadedBytes = (expansion.budget.uploadedBytes ?? 0) + uploaded;
  return expandLevel(expansion, zipPath, options.archiveName, '', 0, options.outDir);
}

/**
 * Reads the central directory first, judging every entry and giving each its file name in archive
 * order, then writes the accepted entries a few at a time, then expands the ZIPs among them one
 * after another. Each entry's outcome has a slot of its own, so the result lists entries and
 * problems in archive order however the writes interleave, and the claim's budget is spent in
 * archive order too: which entry first finds it spent never depends on timing.
 */
async function expandLevel(
  expansion: Expansion,
  zipPath: string,
  archiveName: string,
  namePrefix: string,
  depth: number,
  outDir: string,
): Promise<ArchiveExpansion> {
  const { limits, budget } = expansion;
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
  const nested: NestedArchive[] = [];
  const tally: ArchiveTally = { declared: 0, compressed: 0 };
  let damage: Error | null = null;
  // Set when the claim's document limit left the rest unread: this archive is not empty then.
  let cut = false;
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
        const label = namePrefix + entryLabel(name);
        const unsafe = name.includes('\0')
          ? 'NUL character in file name'
          : yauzl.validateFileName(name);
        if (unsafe === null && (name.endsWith('/') || isIgnored(name))) continue;
        // Every entry from here on is a document or a problem of the job: both count.
        if (documentLimitReached(limits, budget)) {
          cut = true;
          if (!budget.documentLimitReported) {
            budget.documentLimitReported = true;
            const refusal = documentLimitRefusal(limits);
            level.problems.push({ name: label, ...refusal });
          }
          break;
        }
        budget.documents = (budget.documents ?? 0) + 1;
        const slot: ArchiveExpansion = { entries: [], problems: [] };
        slots.push(slot);
        const refuse = (code: DocumentErrorCode, message: string): void => {
          slot.problems.push({ name: label, code, message });
        };
        if (unsafe !== null) {
          refuse('unsafe_path', `The entry's path is unsafe (${unsafe}); it was not extracted.`);
          continue;
        }
        const refusal = refuseBeforeInflating(entry, limits, budget);
        if (refusal) {
          refuse(refusal.code, refusal.message);
          continue;
        }
        const bomb = refuseArchiveRatio(tally, entry, limits);
        if (bomb) {
          // The entry is not a document after all: the archive's problem stands for it and the rest.
          slots.pop();
          budget.documents -= 1;
          level.problems.push({ name: archiveName, ...bomb });
          break;
        }
        tally.declared += entry.uncompressedSize;
        tally.compressed += entry.compressedSize;
        // An entry cannot outgrow its claim (streamEntry, writeWholeEntry).
        budget.claimedBytes += entry.uncompressedSize;
        const path = join(
          outDir,
          `${String(expansion.nextFileNumber++).padStart(5, '0')}${safeExtension(name)}`,
        );
        const accepted = entry;
        writes.push(async () => {
          const zipInside = await extractEntry(expansion, archive, accepted, { label, path }, slot);
          if (zipInside) nested.push(zipInside);
        });
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
  // In archive order, one at a time: the claim's document and byte budgets are spent in order.
  nested.sort((a, b) => slots.indexOf(a.slot) - slots.indexOf(b.slot));
  // A ZIP that is read is no document itself: its entries take its place. (One nested too deep
  // stays a document, the problem saying so.)
  if (depth + 1 <= limits.maxNestingDepth)
    budget.documents = (budget.documents ?? 0) - nested.length;
  for (const inner of nested) await expandNested(expansion, inner, depth, outDir);
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
  if (!cut && level.entries.length + level.problems.length === 0) {
    level.problems.push({
      name: archiveName,
      code: 'empty_file',
      message: 'The archive contains no documents.',
    });
  }
  return level;
}

/** A ZIP inside the archive: its entries take its place (it is no document itself), or it is refused. */
async function expandNested(
  expansion: Expansion,
  inner: NestedArchive,
  depth: number,
  outDir: string,
): Promise<void> {
  const { limits } = expansion;
  try {
    if (depth + 1 > limits.maxNestingDepth) {
      inner.slot.problems.push({
        name: inner.label,
        code: 'nested_too_deep',
        message: `A ZIP nested ${depth + 1} levels deep; at most ${limits.maxNestingDepth} level(s) of ZIPs inside ZIPs are read.`,
      });
      return;
    }
    const expanded = await expandLevel(
      expansion,
      inner.path,
      inner.label,
      `${inner.label}/`,
      depth + 1,
      join(outDir, `${posix.basename(inner.path)}.d`),
    );
    inner.slot.entries.push(...expanded.entries);
    inner.slot.problems.push(...expanded.problems);
  } finally {
    await rm(inner.path, { force: true });
  }
}

/**
 * Writes one accepted entry and records what it turned out to be; a ZIP in the ZIP is returned
 * for the caller to expand once every entry of this archive is written.
 */
async function extractEntry(
  expansion: Expansion,
  archive: OpenArchive,
  entry: Entry,
  where: { label: string; path: string },
  slot: ArchiveExpansion,
): Promise<NestedArchive | null> {
  const { label, path } = where;
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
      return null;
    }
    const mediaType = mediaTypeOf(written.head, label);
    if (mediaType === MEDIA.zip) return { slot, path, label };
    slot.entries.push({
      name: label,
      path,
      size_bytes: written.size_bytes,
      sha256: written.sha256,
      media_type: mediaType,
    });
    return null;
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
    return null;
  }
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

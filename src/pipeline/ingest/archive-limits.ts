/**
 * What expanding a claim's ZIPs may cost, and the judgements made from the central directory
 * before a byte is inflated (archive.ts applies them; entry-writer.ts holds each entry to its
 * declared size while writing, so declared sizes are a bound and not a promise).
 *
 * Three scopes: one entry (size, ratio), one archive (entry count, the ratio of everything read so
 * far) and the whole claim, all its archives and the ZIPs inside them together (documents,
 * uncompressed bytes, and uncompressed bytes against the bytes that were uploaded). The claim's
 * scope is what keeps a small upload from multiplying: ZIPs inside ZIPs each within their own
 * limits still share the claim's.
 */
import type { Entry } from 'yauzl';
import type { Config } from '../../config.js';
import type { DocumentErrorCode } from '../../domain/types.js';

export interface ArchiveLimits {
  /** Most entries (files and folders) in one archive, checked from the central directory. */
  maxEntries: number;
  /** Largest uncompressed entry, in bytes. */
  maxEntryBytes: number;
  /** Largest uncompressed total of every archive of one claim (share one ExpansionBudget). */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of one entry, and of an archive's entries together. */
  maxCompressionRatio: number;
  /** How many levels of ZIPs inside the uploaded ZIP are read: 1 reads a ZIP in the ZIP, not deeper. */
  maxNestingDepth: number;
  /** Entries smaller than this skip the ratio check: tiny files compress absurdly well and harm nobody. */
  ratioCheckMinBytes?: number;
  /** Most documents (entries read or refused) of one claim, every archive and nested ZIP together. */
  maxDocuments?: number;
  /** A claim's archives may expand to at most this many times the bytes of the ZIPs uploaded… */
  maxExpansionFactor?: number;
  /** …or to this many bytes, whichever is more, so a small upload of text-heavy PDFs still fits. */
  expansionAllowanceBytes?: number;
}

/** The limits the settings give (ZIP_*, CLAIM_MAX_DOCUMENTS): what a job expands a claim under. */
export function configuredArchiveLimits(
  config: Pick<
    Config,
    | 'zipMaxEntries'
    | 'zipMaxEntryBytes'
    | 'zipMaxTotalBytes'
    | 'zipMaxRatio'
    | 'zipMaxDepth'
    | 'claimMaxDocuments'
    | 'zipMaxExpansion'
  >,
): ArchiveLimits {
  return {
    maxEntries: config.zipMaxEntries,
    maxEntryBytes: config.zipMaxEntryBytes,
    maxTotalBytes: config.zipMaxTotalBytes,
    maxCompressionRatio: config.zipMaxRatio,
    maxNestingDepth: config.zipMaxDepth,
    maxDocuments: config.claimMaxDocuments,
    maxExpansionFactor: config.zipMaxExpansion,
  };
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<Required<ArchiveLimits>> = {
  maxEntries: 2000,
  maxEntryBytes: 50 * 1024 * 1024,
  maxTotalBytes: 500 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxNestingDepth: 1,
  ratioCheckMinBytes: 1024 * 1024,
  maxDocuments: 1000,
  maxExpansionFactor: 20,
  expansionAllowanceBytes: 16 * 1024 * 1024,
};

/**
 * What one claim's expansion has used so far; pass the same object for all its archives. Only
 * claimedBytes must be given: the other counters start at zero.
 */
export interface ExpansionBudget {
  /** Uncompressed bytes claimed by accepted entries (their declared sizes). */
  claimedBytes: number;
  /** Entries read or refused: each becomes a document or a problem of the job. */
  documents?: number;
  /** Bytes of the uploaded ZIPs expanded so far: the base of maxExpansionFactor. */
  uploadedBytes?: number;
  /** Set once the document limit was reported, so it is reported once per claim. */
  documentLimitReported?: boolean;
}

/** What was refused and why, as a document problem. */
export interface Refusal {
  code: DocumentErrorCode;
  message: string;
}

/** The uncompressed and compressed sizes of the entries of one archive accepted so far. */
export interface ArchiveTally {
  declared: number;
  compressed: number;
}

const UNIX_FILE_TYPE_MASK = 0o170000;
const UNIX_SYMLINK = 0o120000;
/** "Version made by" hosts whose external attributes carry a unix mode: 3 unix, 19 macOS. */
const UNIX_MODE_HOSTS = new Set([3, 19]);

/** The most uncompressed bytes the claim may hold now: fixed, and relative to what was uploaded. */
export function expansionCap(limits: Required<ArchiveLimits>, budget: ExpansionBudget): number {
  const relative = Math.max(
    limits.maxExpansionFactor * (budget.uploadedBytes ?? 0),
    limits.expansionAllowanceBytes,
  );
  return Math.min(limits.maxTotalBytes, relative);
}

/** One entry judged from the central directory alone, before anything is inflated. */
export function refuseBeforeInflating(
  entry: Entry,
  limits: Required<ArchiveLimits>,
  budget: ExpansionBudget,
): Refusal | null {
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
      message: `The claim's archives hold more than ${limits.maxTotalBytes} bytes uncompressed; this entry was not read.`,
    };
  }
  const cap = expansionCap(limits, budget);
  if (budget.claimedBytes + declared > cap) {
    return {
      code: 'archive_limit',
      message: `The claim's archives expand to more than ${cap} bytes, ${limits.maxExpansionFactor} times the ${budget.uploadedBytes ?? 0} bytes uploaded; this entry was not read.`,
    };
  }
  return null;
}

/**
 * The archive judged as a whole with `entry` added: many entries each too small for the
 * per-entry ratio check (a thousand blocks of zeros just under 1 MiB) still make a bomb together.
 * Returns the refusal for the archive when accepting the entry would break the ratio.
 */
export function refuseArchiveRatio(
  tally: ArchiveTally,
  entry: Entry,
  limits: Required<ArchiveLimits>,
): Refusal | null {
  const declared = tally.declared + entry.uncompressedSize;
  const compressed = tally.compressed + entry.compressedSize;
  const ratio = declared / Math.max(compressed, 1);
  if (declared < limits.ratioCheckMinBytes || ratio <= limits.maxCompressionRatio) return null;
  return {
    code: 'zip_bomb',
    message: `The archive's entries expand ${Math.round(ratio)} times together; at most ${limits.maxCompressionRatio} times is accepted, so this entry and the rest of the archive were not read.`,
  };
}

/** True when the claim has as many documents as it may hold (every later entry is left unread). */
export function documentLimitReached(
  limits: Required<ArchiveLimits>,
  budget: ExpansionBudget,
): boolean {
  return (budget.documents ?? 0) >= limits.maxDocuments;
}

export function documentLimitRefusal(limits: Required<ArchiveLimits>): Refusal {
  return {
    code: 'archive_limit',
    message: `The claim holds more than ${limits.maxDocuments} documents in its archives (ZIPs inside ZIPs included); the entries from here on, in this and any later archive, were not read.`,
  };
}

/**
 * Promise wrappers over yauzl's callback and event API, for archive.ts. Names are not decoded on
 * open: with decodeStrings on, yauzl fails the whole archive at the first unsafe name, where we
 * want to report that one entry and read on.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

// yauzl 3 exports this; @types/yauzl still describes 2.x.
declare module 'yauzl' {
  function getFileNameLowLevel(
    generalPurposeBitFlag: number,
    fileNameBuffer: Buffer,
    extraFields: Array<{ id: number; data: Buffer }>,
    strictFileNames: boolean,
  ): string;
  interface ZipFile {
    readLocalFileHeader(
      entry: Entry,
      options: { minimal: true },
      callback: (error: Error | null, header?: { fileDataStart: number }) => void,
    ): void;
  }
}

/**
 * The entry's name decoded as yauzl would (CP437 or UTF-8, Info-ZIP Unicode Path, backslashes
 * turned into slashes) but not yet validated: the caller judges whether it is safe.
 */
export function entryFileName(entry: Entry): string {
  // With decodeStrings off, yauzl leaves the undecoded bytes here (typed as string by @types/yauzl 2.x).
  const raw = (entry as unknown as { fileNameRaw: Buffer }).fileNameRaw;
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
}

/** Opens a ZIP for one-entry-at-a-time reading with sizes checked; names are left undecoded. */
export function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      path,
      { lazyEntries: true, validateEntrySizes: true, decodeStrings: false, autoClose: false },
      (error, zip) => {
        if (error || !zip) reject(error ?? new Error('no archive'));
        else resolve(zip);
      },
    );
  });
}

export function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const settle = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry): void => {
      settle();
      resolve(entry);
    };
    const onEnd = (): void => {
      settle();
      resolve(null);
    };
    const onError = (error: Error): void => {
      settle();
      reject(error);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

export function openEntryStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) reject(error ?? new Error('no entry stream'));
      else resolve(stream);
    });
  });
}

/**
 * The entry's bytes as stored (still compressed) in one read of `file`, the same archive opened
 * again: for small entries a stream costs more per chunk than the bytes do.
 */
export async function readStoredBytes(
  zip: ZipFile,
  file: FileHandle,
  entry: Entry,
): Promise<Buffer> {
  // yauzl checks the local header's signature and that the data lies inside the file.
  const fileDataStart = await new Promise<number>((resolve, reject) => {
    zip.readLocalFileHeader(entry, { minimal: true }, (error, header) => {
      if (error || !header) reject(error ?? new Error('no local file header'));
      else resolve(header.fileDataStart);
    });
  });
  const stored = Buffer.allocUnsafe(entry.compressedSize);
  const { bytesRead } = await file.read(stored, 0, entry.compressedSize, fileDataStart);
  if (bytesRead !== entry.compressedSize) throw new Error('unexpected end of archive');
  return stored;
}

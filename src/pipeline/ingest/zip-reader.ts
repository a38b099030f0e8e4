/**
 * Promise wrappers over yauzl's callback and event API, for archive.ts. Names are not decoded on
 * open: with decodeStrings on, yauzl fails the whole archive at the first unsafe name, where we
 * want to report that one entry and read on.
 */
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

// yauzl 3 exports this; @types/yauzl still describes 2.x.
declare module 'yauzl' {
  function getFileNameLowLevel(generalPurposeBitFlag: number, fileNameBuffer: Buffer, extraFields: Array<{ id: number; data: Buffer }>, strictFileNames: boolean): string;
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
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, decodeStrings: false, autoClose: false }, (error, zip) => {
      if (error || !zip) reject(error ?? new Error('no archive'));
      else resolve(zip);
    });
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

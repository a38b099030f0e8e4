import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { backupDocumentsDir, copyDocuments } from '../documents/copy-documents.js';
import { createDocumentStore } from '../documents/create-document-store.js';
import { DiskDocumentStore } from '../store/disk/document-store.js';
import { databaseFile, restoreDatabase } from '../store/maintenance.js';
import { assertDataDirFree } from '../store/sqlite/data-dir-lock.js';
import { RESTORE_USAGE } from './help.js';
import { EX_TEMPFAIL, EX_USAGE, failed, usageError } from './usage.js';

export async function restore(argv: string[]): Promise<number> {
  const parsed = usageError(() =>
    parseArgs({ args: argv, options: { db: { type: 'string' } }, allowPositionals: true }),
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [backupFile] = positionals;
  if (!backupFile) {
    console.error(`Usage: ${RESTORE_USAGE}`);
    return EX_USAGE;
  }
  const target = values.db ?? databaseFile(loadConfigOrExit().dataDir);
  try {
    assertDataDirFree(dirname(target));
  } catch (error) {
    return failed(error, EX_TEMPFAIL);
  }
  try {
    const { previous } = await restoreDatabase(backupFile, target);
    console.log(
      `Restored ${backupFile} to ${target}.${previous ? ` The previous database is kept as ${previous}.` : ''}`,
    );
    const folder = backupDocumentsDir(backupFile);
    if (!existsSync(folder)) return 0;
    const to = createDocumentStore(loadConfigOrExit());
    try {
      const copy = await copyDocuments(new DiskDocumentStore(folder), to);
      console.log(
        `Restored ${copy.copied} original documents from ${folder}${copy.skipped ? `; ${copy.skipped} were there already` : ''}.`,
      );
    } finally {
      to.close?.();
    }
    return 0;
  } catch (error) {
    return failed(error);
  }
}

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { backupDocumentsDir, copyDocuments } from '../documents/copy-documents.js';
import { createDocumentStore } from '../documents/create-document-store.js';
import { DiskDocumentStore } from '../store/disk/document-store.js';
import { backupDatabase, databaseFile } from '../store/maintenance.js';
import { failed, usageError } from './usage.js';

export async function backup(argv: string[]): Promise<number> {
  const parsed = usageError(() =>
    parseArgs({
      args: argv,
      options: { db: { type: 'string' }, 'no-documents': { type: 'boolean' } },
      allowPositionals: true,
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const dataDir = () => loadConfigOrExit().dataDir;
  const source = values.db ?? databaseFile(dataDir());
  const target =
    positionals[0] ??
    join(dataDir(), 'backups', `reimburse-${new Date().toISOString().replace(/[:.]/g, '-')}.db`);
  try {
    const { bytes } = await backupDatabase(source, target);
    console.log(`Backed up ${source} to ${target} (${bytes.toLocaleString('en')} bytes).`);
    if (values['no-documents']) return 0;
    const from = createDocumentStore(loadConfigOrExit());
    try {
      const folder = backupDocumentsDir(target);
      const copy = await copyDocuments(from, new DiskDocumentStore(folder));
      console.log(
        `Backed up ${copy.copied} original documents (${copy.bytes.toLocaleString('en')} bytes) to ${folder}${copy.skipped ? `; ${copy.skipped} were there already` : ''}.`,
      );
    } finally {
      from.close?.();
    }
    return 0;
  } catch (error) {
    return failed(error);
  }
}

import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { databaseFile, restoreDatabase } from '../store/maintenance.js';
import { assertDataDirFree } from '../store/sqlite/data-dir-lock.js';
import { EX_TEMPFAIL, EX_USAGE, failed, usageError } from './usage.js';

export const RESTORE_USAGE = `reimburse restore BACKUP-FILE [--db DATABASE-FILE]
  Stop the API and workers first. The backup is checked, then atomically put in place of the
  database; the previous database is kept beside it as <file>.before-restore-<timestamp>.`;

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
    return 0;
  } catch (error) {
    return failed(error);
  }
}

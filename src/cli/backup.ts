import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { backupDatabase, databaseFile } from '../store/maintenance.js';
import { failed, usageError } from './usage.js';

export const BACKUP_USAGE = `reimburse backup [TARGET-FILE] [--db DATABASE-FILE]
  A consistent copy of the embedded database, safe while the API runs.
  Default target: DATA_DIR/backups/reimburse-<timestamp>.db`;

export async function backup(argv: string[]): Promise<number> {
  const parsed = usageError(() =>
    parseArgs({ args: argv, options: { db: { type: 'string' } }, allowPositionals: true }),
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
    return 0;
  } catch (error) {
    return failed(error);
  }
}

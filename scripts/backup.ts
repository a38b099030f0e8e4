/**
 * npm run backup -- [target-file] [--db <database-file>]
 * A consistent copy of the embedded database, safe while the API runs. Without a target the copy
 * goes to DATA_DIR/backups/reimburse-<timestamp>.db.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { backupDatabase, databaseFile } from '../src/store/maintenance.js';

const { values, positionals } = parseArgs({ options: { db: { type: 'string' } }, allowPositionals: true });
const dataDir = () => loadConfig().dataDir;
const source = values.db ?? databaseFile(dataDir());
const target = positionals[0] ?? join(dataDir(), 'backups', `reimburse-${new Date().toISOString().replace(/[:.]/g, '-')}.db`);
try {
  const { bytes } = await backupDatabase(source, target);
  console.log(`Backed up ${source} to ${target} (${bytes.toLocaleString('en')} bytes).`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

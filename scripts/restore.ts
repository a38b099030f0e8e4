/**
 * npm run restore -- <backup-file> [--db <database-file>]
 * Stop the API and workers first (restore refuses while the database is open elsewhere). The
 * backup is checked, then atomically put in place of the database; the previous database is kept
 * beside it as <file>.before-restore-<timestamp>.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { databaseFile, restoreDatabase } from '../src/store/maintenance.js';

const { values, positionals } = parseArgs({ options: { db: { type: 'string' } }, allowPositionals: true });
const [backup] = positionals;
if (!backup) {
  console.error('Usage: npm run restore -- <backup-file> [--db <database-file>]');
  process.exit(2);
}
const target = values.db ?? databaseFile(loadConfig().dataDir);
try {
  const { previous } = await restoreDatabase(backup, target);
  console.log(`Restored ${backup} to ${target}.${previous ? ` The previous database is kept as ${previous}.` : ''}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

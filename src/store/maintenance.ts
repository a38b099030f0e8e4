/**
 * Backup, restore and reindex of the invoice data. The commands in src/cli/ are thin wrappers.
 *
 * - Backup is online: SQLite's backup API copies a consistent snapshot page by page while the API
 *   keeps reading and writing (WAL), so it can run from cron against a live service.
 * - Restore is offline: stop the API (and workers) first. The file is checked, copied next to the
 *   database, then renamed over it in one atomic step; the previous file is kept beside it.
 *   Restoring under a running process would corrupt the result, so restore refuses when another
 *   connection still has the database open (see assertNotInUse).
 * - Reindex copies every record from one store into another in batches (SQLite → Qdrant when
 *   moving to server mode, or back), re-embedding when an embed function is given.
 */

import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { InvoiceFilter } from '../domain/types.js';
import { embeddingText } from './embedding-text.js';
import { MAX_PAGE_LIMIT } from './filters.js';
import type { InvoiceStore } from './ports.js';
import { ALL_MIGRATIONS } from './sqlite/migrations.js';

/** File name of the embedded database inside DATA_DIR. */
export const DATABASE_FILE_NAME = 'reimburse.db';

export function databaseFile(dataDir: string): string {
  return join(dataDir, DATABASE_FILE_NAME);
}

export class MaintenanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MaintenanceError';
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function hasSqliteHeader(file: string): boolean {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    return (
      readSync(fd, header, 0, header.length, 0) === header.length && header.equals(SQLITE_HEADER)
    );
  } finally {
    closeSync(fd);
  }
}

/**
 * Throws unless the file is an intact SQLite database made by this application: it has the
 * schema_migrations table with the invoice schema, and no migration this version does not know.
 */
export function checkDatabaseFile(file: string): { migrations: string[] } {
  if (!existsSync(file)) throw new MaintenanceError(`${file} does not exist.`);
  if (!hasSqliteHeader(file)) throw new MaintenanceError(`${file} is not a SQLite database.`);
  const db = new Database(file, { fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new MaintenanceError(`${file} is damaged: ${String(check)}`);
    const hasMigrations = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (!hasMigrations)
      throw new MaintenanceError(
        `${file} is a SQLite database but not one of this application (no schema_migrations).`,
      );
    const migrations = db
      .prepare('SELECT id FROM schema_migrations ORDER BY id')
      .pluck()
      .all() as string[];
    if (!migrations.includes('invoices:1'))
      throw new MaintenanceError(`${file} has no invoice schema (migration invoices:1 missing).`);
    const known = new Set(ALL_MIGRATIONS.map((migration) => migration.id));
    const unknown = migrations.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new MaintenanceError(
        `${file} was written by a newer version of the application (unknown migrations: ${unknown.join(', ')}).`,
      );
    }
    return { migrations };
  } finally {
    db.close();
  }
}

/** A consistent copy of a live database, written to a temporary name and renamed when complete. */
export async function backupDatabase(
  dbFile: string,
  targetFile: string,
): Promise<{ bytes: number }> {
  if (!existsSync(dbFile)) throw new MaintenanceError(`${dbFile} does not exist.`);
  mkdirSync(dirname(targetFile), { recursive: true });
  const partial = `${targetFile}.partial`;
  // Read-write although it only reads: a read-only connection cannot remove the WAL on close, and
  // a WAL left beside a stopped database would make restore believe the database is in use.
  const source = new Database(dbFile, { fileMustExist: true });
  try {
    const { totalPages } = await source.backup(partial);
    const pageSize = source.pragma('page_size', { simple: true }) as number;
    checkDatabaseFile(partial);
    renameSync(partial, targetFile);
    return { bytes: totalPages * pageSize };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
}

export interface RestoreOptions {
  /** Names the file the current database is kept as; defaults to a timestamped name. */
  now?: Date;
}

/**
 * SQLite removes the WAL when the last connection closes. So when a WAL is present, opening and
 * closing the database tells the two cases apart: the WAL goes (it was left by a crash, and its
 * transactions are now in the file) or it stays (another process has the database open).
 */
function assertNotInUse(dbFile: string): void {
  const wal = `${dbFile}-wal`;
  if (!existsSync(wal) || !existsSync(dbFile)) return;
  const probe = new Database(dbFile, { fileMustExist: true });
  // Connections open lazily: a read makes this one take part, and so run the last-close cleanup.
  probe.prepare('SELECT count(*) FROM sqlite_master').get();
  probe.close();
  if (existsSync(wal)) {
    throw new MaintenanceError(
      `${dbFile} is open in another process (a running API or worker): stop every process using it, then restore.`,
    );
  }
}

/**
 * Replaces the database with a backup. The API must be stopped. Returns where the previous
 * database was kept (null when there was none).
 */
export async function restoreDatabase(
  sourceFile: string,
  dbFile: string,
  options: RestoreOptions = {},
): Promise<{ previous: string | null }> {
  assertNotInUse(dbFile);
  checkDatabaseFile(sourceFile);
  mkdirSync(dirname(dbFile), { recursive: true });
  const incoming = `${dbFile}.restoring`;
  await copyFile(sourceFile, incoming);
  try {
    // The copy is checked again: it is the file that goes live.
    checkDatabaseFile(incoming);
  } catch (error) {
    rmSync(incoming, { force: true });
    throw error;
  }
  let previous: string | null = null;
  if (existsSync(dbFile)) {
    previous = `${dbFile}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
    linkSync(dbFile, previous);
  }
  // WAL and shared-memory files belong to the old database; left in place they would be replayed into the new one.
  rmSync(`${dbFile}-wal`, { force: true });
  rmSync(`${dbFile}-shm`, { force: true });
  renameSync(incoming, dbFile);
  return { previous };
}

export interface ReindexOptions {
  /** Records per batch (one list page, one embed call, one upsert). */
  batchSize?: number;
  /** Re-embeds every record; without it the target keeps whatever vectors it has (none when new). */
  embed?: (texts: string[]) => Promise<number[][]>;
  /** Copies only matching records. */
  filter?: InvoiceFilter;
  onBatch?: (copied: number) => void;
}

/** Streams records newest first from source into target; safe to re-run (upserts are idempotent). */
export async function reindex(
  source: InvoiceStore,
  target: InvoiceStore,
  options: ReindexOptions = {},
): Promise<{ copied: number }> {
  const batchSize = Math.min(options.batchSize ?? 200, MAX_PAGE_LIMIT);
  let copied = 0;
  let cursor: string | null = null;
  do {
    const page = await source.list(options.filter ?? {}, { limit: batchSize, cursor });
    if (page.items.length > 0) {
      const vectors = options.embed
        ? await options.embed(page.items.map((record) => embeddingText(record)))
        : undefined;
      await target.upsert(page.items, vectors);
      copied += page.items.length;
      options.onBatch?.(copied);
    }
    cursor = page.next_cursor;
  } while (cursor !== null);
  return { copied };
}

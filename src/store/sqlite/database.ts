import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';

export type SqliteDatabase = Database.Database;

/**
 * A forward-only schema change. Ids are "<area>:<number>" (e.g. "invoices:1", "jobs:1") so each
 * store area numbers its own migrations; they are applied in the order given, once each.
 */
export interface Migration {
  id: string;
  up: (db: SqliteDatabase) => void;
}

export interface OpenDatabaseOptions {
  /** File path, or ":memory:" for tests. */
  file: string;
  migrations: Migration[];
}

/** Opens (creating if needed) the embedded database, loads sqlite-vec and applies migrations. */
export function openDatabase({ file, migrations }: OpenDatabaseOptions): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL lets readers (search, SSE replay) run while the worker writes; NORMAL is durable in WAL mode
  // except for the last transactions on power loss, which idempotent job resumption re-does.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  sqliteVec.load(db);
  applyMigrations(db, migrations);
  return db;
}

export function applyMigrations(db: SqliteDatabase, migrations: Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      migration.up(db);
      record.run(migration.id, new Date().toISOString());
    })();
  }
}

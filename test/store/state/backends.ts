import { randomUUID } from 'node:crypto';
import type { Test } from 'tap';
import { openDatabase, type SqliteDatabase } from '../../../src/store/sqlite/database.js';
import { stateMigrations } from '../../../src/store/sqlite/state-migrations.js';

/** A fresh in-memory database with the state migrations, closed when the test ends. */
export function openStateDatabase(t: Test): SqliteDatabase {
  const db = openDatabase({ file: ':memory:', migrations: stateMigrations });
  t.teardown(() => db.close());
  return db;
}

/** Stores on one redis-server stay isolated by giving each its own key prefix. */
export const isolatedPrefix = (): string => `test-${randomUUID()}:`;

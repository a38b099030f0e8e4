import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Test } from 'tap';
import t from 'tap';
import type { InvoiceRecord } from '../../src/domain/types.js';
import { embeddingText } from '../../src/store/embedding-text.js';
import {
  backupDatabase,
  checkDatabaseFile,
  databaseFile,
  reindex,
  restoreDatabase,
} from '../../src/store/maintenance.js';
import type { SqliteDatabase } from '../../src/store/sqlite/database.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { axisVector, makeRecord } from './invoice-fixtures.js';

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'invoice-maintenance-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function openStore(
  t: Test,
  file: string,
  vectorDimensions?: number,
): { db: SqliteDatabase; store: SqliteInvoiceStore } {
  const db = openDatabase({ file, migrations: ALL_MIGRATIONS });
  t.teardown(() => {
    if (db.open) db.close();
  });
  return {
    db,
    store: new SqliteInvoiceStore({
      database: db,
      ...(vectorDimensions ? { vectorDimensions } : {}),
    }),
  };
}

const ids = (records: InvoiceRecord[]) => records.map((record) => record.id).sort();

t.test(
  'backup of a live database, then restore over a changed one, round-trips the data',
  async (t) => {
    const dir = tempDir(t);
    const live = databaseFile(join(dir, 'data'));
    const { db, store } = openStore(t, live, 4);
    const before = [
      makeRecord({ file: 'a.pdf', text: 'train ticket' }),
      makeRecord({ file: 'b.pdf' }),
    ];
    await store.upsert(before, [axisVector(4, 0), axisVector(4, 1)]);
    // The rows are still in the WAL, not the main file: the backup must read through the live connection's view.
    t.ok(existsSync(`${live}-wal`), 'the database is live, in WAL mode');
    const backup = join(dir, 'backups', 'one.db');
    const { bytes } = await backupDatabase(live, backup);
    t.ok(bytes > 0);
    t.notOk(existsSync(`${backup}.partial`), 'the partial file was renamed');

    await store.upsert([
      makeRecord({ file: 'after-backup.pdf', created_at: '2025-02-01T00:00:00.000Z' }),
    ]);
    await store.delete(before[0]?.id ?? '');
    db.close();

    const { previous } = await restoreDatabase(backup, live, {
      now: new Date('2025-03-01T10:00:00Z'),
    });
    t.equal(previous, `${live}.before-restore-2025-03-01T10-00-00-000Z`);
    t.ok(previous && existsSync(previous), 'the replaced database is kept');

    const restored = openStore(t, live, 4).store;
    t.same(ids((await restored.list({}, { limit: 10 })).items), ids(before));
    t.same(
      (await restored.search({ text: 'train', filter: {}, limit: 5 })).map(
        (hit) => hit.record.file_name,
      ),
      ['a.pdf'],
      'words restored',
    );
    t.same(
      (await restored.search({ vector: axisVector(4, 1), filter: {}, limit: 1 })).map(
        (hit) => hit.record.file_name,
      ),
      ['b.pdf'],
      'vectors restored',
    );
    const kept = openStore(t, previous ?? '').store;
    t.same(
      (await kept.list({}, { limit: 10 })).items.map((record) => record.file_name),
      ['after-backup.pdf', 'b.pdf'],
      'the kept file is the pre-restore state',
    );
  },
);

t.test('restore refuses while another connection has the database open', async (t) => {
  const dir = tempDir(t);
  const live = join(dir, 'live.db');
  const backup = join(dir, 'backup.db');
  const { db, store } = openStore(t, live);
  await store.upsert([makeRecord({ file: 'live.pdf' })]);
  await backupDatabase(live, backup);
  await t.rejects(
    restoreDatabase(backup, live),
    /live\.db is open in another process \(a running API or worker\)/,
  );
  t.notOk(existsSync(`${live}.restoring`), 'nothing was copied');
  db.close();
  await t.resolves(restoreDatabase(backup, live), 'once it is closed, restore runs');
  t.notOk(existsSync(`${live}-wal`), 'no WAL of the old database is left to replay');
});

t.test(
  'a WAL left by a crash does not block restore, and its data is kept with the old file',
  async (t) => {
    const dir = tempDir(t);
    const live = join(dir, 'crashed.db');
    const { db, store } = openStore(t, live);
    await store.upsert([makeRecord({ file: 'only-in-wal.pdf' })]);
    const backup = join(dir, 'empty-backup.db');
    openStore(t, backup).db.close();
    // A crash: the WAL and shared memory stay on disk with committed rows the file does not have yet.
    const crashCopy = join(dir, 'crash');
    await import('node:fs/promises').then(async ({ mkdir, copyFile }) => {
      await mkdir(crashCopy);
      for (const suffix of ['', '-wal', '-shm'])
        await copyFile(`${live}${suffix}`, join(crashCopy, `crashed.db${suffix}`));
    });
    db.close();
    const crashed = join(crashCopy, 'crashed.db');
    t.ok(existsSync(`${crashed}-wal`));
    const { previous } = await restoreDatabase(backup, crashed, {
      now: new Date('2025-03-01T00:00:00Z'),
    });
    t.same(
      (await openStore(t, crashed).store.list({}, { limit: 5 })).items,
      [],
      'the backup is live',
    );
    t.same(
      (await openStore(t, previous ?? '').store.list({}, { limit: 5 })).items.map(
        (record) => record.file_name,
      ),
      ['only-in-wal.pdf'],
      'the crashed WAL was recovered into the kept file',
    );
  },
);

t.test('restore checks the file before replacing anything', async (t) => {
  const dir = tempDir(t);
  const target = join(dir, 'target.db');
  const notSqlite = join(dir, 'notes.txt');
  writeFileSync(notSqlite, 'hello, this is not a database at all');
  await t.rejects(restoreDatabase(notSqlite, target), /is not a SQLite database/);
  await t.rejects(restoreDatabase(join(dir, 'missing.db'), target), /does not exist/);

  const foreign = join(dir, 'foreign.db');
  const other = new Database(foreign);
  other.exec('CREATE TABLE notes (text TEXT)');
  other.close();
  await t.rejects(
    restoreDatabase(foreign, target),
    /not one of this application \(no schema_migrations\)/,
  );

  const newer = join(dir, 'newer.db');
  openStore(t, newer)
    .db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)')
    .run('invoices:999', new Date().toISOString());
  await t.rejects(
    restoreDatabase(newer, target),
    /newer version of the application \(unknown migrations: invoices:999\)/,
  );

  const noInvoices = join(dir, 'no-invoices.db');
  const bare = new Database(noInvoices);
  bare.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  bare.close();
  t.throws(() => checkDatabaseFile(noInvoices), /no invoice schema/);
  t.notOk(existsSync(target), 'no failed restore created the target');
  t.notOk(existsSync(`${target}.restoring`), 'no copy is left behind');
});

t.test('backup works on a stopped database too', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'stopped.db');
  const { db, store } = openStore(t, file);
  await store.upsert([makeRecord()]);
  db.close();
  t.notOk(existsSync(`${file}-wal`), 'a clean close leaves no WAL');
  await backupDatabase(file, join(dir, 'copy.db'));
  t.notOk(existsSync(`${file}-wal`), 'nor does the backup');
  t.same(
    checkDatabaseFile(join(dir, 'copy.db')).migrations,
    ALL_MIGRATIONS.map((migration) => migration.id).sort(),
  );
});

t.test('backup of a missing database fails clearly', async (t) => {
  const dir = tempDir(t);
  await t.rejects(
    backupDatabase(join(dir, 'none.db'), join(dir, 'out.db')),
    /none\.db does not exist/,
  );
});

t.test('reindex copies every record in batches and re-embeds when asked', async (t) => {
  const source = openStore(t, ':memory:').store;
  const target = openStore(t, ':memory:', 2).store;
  const records = Array.from({ length: 7 }, (_, index) =>
    makeRecord({ file: `r${index}.pdf`, created_at: `2025-01-0${index + 1}T00:00:00.000Z` }),
  );
  await source.upsert(records);
  const embedded: string[][] = [];
  const progress: number[] = [];
  const { copied } = await reindex(source, target, {
    batchSize: 3,
    embed: async (texts) => {
      embedded.push(texts);
      return texts.map((_, index) => axisVector(2, index % 2));
    },
    onBatch: (count) => progress.push(count),
  });
  t.equal(copied, 7);
  t.same(progress, [3, 6, 7]);
  t.same(
    embedded.map((batch) => batch.length),
    [3, 3, 1],
  );
  t.equal(
    embedded[0]?.[0],
    embeddingText(records[6] as InvoiceRecord),
    'the newest first, embedded with its decision',
  );
  t.same(ids((await target.list({}, { limit: 10 })).items), ids(records));
  t.equal(
    (await target.search({ vector: axisVector(2, 0), filter: {}, limit: 10 })).length,
    7,
    'every record has a vector',
  );

  const again = await reindex(source, target, {
    filter: { file_sha256: records[0]?.file_sha256 ?? '' },
  });
  t.equal(again.copied, 1, 'a filter limits the copy; re-running is an idempotent upsert');
  t.equal((await target.list({}, { limit: 10 })).items.length, 7);
});

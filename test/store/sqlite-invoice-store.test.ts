import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { SqliteDatabase } from '../../src/store/sqlite/database.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { VectorDimensionError } from '../../src/store/sqlite/invoice-vectors.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { axisVector, makeRecord } from './invoice-fixtures.js';
import { CONTRACT_VECTOR_DIMENSIONS, runInvoiceStoreContract } from './invoice-store-contract.js';

const openDatabases: SqliteDatabase[] = [];
t.teardown(() => {
  for (const db of openDatabases) if (db.open) db.close();
});

function open(file = ':memory:'): SqliteDatabase {
  const db = openDatabase({ file, migrations: ALL_MIGRATIONS });
  openDatabases.push(db);
  return db;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'invoice-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('contract', async (t) => {
  runInvoiceStoreContract(
    t,
    async (vectorDimensions = CONTRACT_VECTOR_DIMENSIONS) =>
      new SqliteInvoiceStore({ database: open(), vectorDimensions }),
  );
});

t.test('the database file is created on first start and survives a restart', async (t) => {
  const file = join(tempDir(), 'nested', 'data.db');
  const first = open(file);
  const record = makeRecord({ file: 'kept.pdf', text: 'conference registration' });
  await new SqliteInvoiceStore({ database: first, vectorDimensions: 4 }).upsert(
    [record],
    [axisVector(4, 1)],
  );
  first.close();

  const second = open(file);
  const store = new SqliteInvoiceStore({ database: second, vectorDimensions: 4 });
  t.same(await store.get(record.id), record);
  t.same(
    (await store.search({ text: 'conference', filter: {}, limit: 5 })).map((hit) => hit.record.id),
    [record.id],
    'words survive',
  );
  t.same(
    (await store.search({ vector: axisVector(4, 1), filter: {}, limit: 5 })).map(
      (hit) => hit.record.id,
    ),
    [record.id],
    'vectors survive',
  );
  const applied = second
    .prepare("SELECT id FROM schema_migrations WHERE id LIKE 'invoices:%'")
    .pluck()
    .all();
  t.same(applied, ['invoices:1', 'invoices:2', 'invoices:3'], 'migrations were applied once');
});

t.test(
  'a vector dimension that differs from the stored one is refused with a clear error',
  async (t) => {
    const db = open();
    new SqliteInvoiceStore({ database: db, vectorDimensions: 4 });
    t.throws(
      () => new SqliteInvoiceStore({ database: db, vectorDimensions: 8 }),
      VectorDimensionError,
    );
    t.throws(
      () => new SqliteInvoiceStore({ database: db, vectorDimensions: 8 }),
      /holds 4-dimensional invoice vectors but 8 are configured/,
    );
    t.throws(
      () => new SqliteInvoiceStore({ database: open(), vectorDimensions: 0 }),
      VectorDimensionError,
    );
  },
);

t.test('vectors are checked against the configuration', async (t) => {
  const store = new SqliteInvoiceStore({ database: open(), vectorDimensions: 4 });
  const record = makeRecord();
  await t.rejects(
    store.upsert([record], [axisVector(3, 0)]),
    /Expected a 4-dimensional vector, got 3/,
  );
  await t.rejects(store.upsert([record], []), RangeError, 'one vector per record');
  t.equal(await store.get(record.id), null, 'a failed upsert writes nothing');
  await t.rejects(
    store.search({ vector: axisVector(5, 0), filter: {}, limit: 1 }),
    VectorDimensionError,
  );
});

t.test('without vectors configured, search is BM25 and filters only', async (t) => {
  const store = new SqliteInvoiceStore({ database: open() });
  const record = makeRecord({ text: 'toll plaza receipt' });
  await store.upsert([record]);
  t.same(
    (await store.search({ text: 'toll', filter: {}, limit: 5 })).map((hit) => hit.record.id),
    [record.id],
  );
  await t.rejects(
    store.search({ vector: axisVector(4, 0), filter: {}, limit: 5 }),
    /no vectors configured/,
  );
  await t.rejects(store.upsert([record], [axisVector(4, 0)]), /no vectors configured/);
  t.equal(await store.delete(record.id), true);
});

t.test('a store configured without vectors still removes vectors stored before', async (t) => {
  const db = open();
  const record = makeRecord();
  await new SqliteInvoiceStore({ database: db, vectorDimensions: 4 }).upsert(
    [record],
    [axisVector(4, 0)],
  );
  await new SqliteInvoiceStore({ database: db }).delete(record.id);
  t.equal(db.prepare('SELECT count(*) FROM invoice_embeddings').pluck().get(), 0);
  t.equal(db.prepare('SELECT count(*) FROM invoice_embedding_bits').pluck().get(), 0);
});

t.test('flags rows are replaced, not accumulated, on upsert', async (t) => {
  const db = open();
  const store = new SqliteInvoiceStore({ database: db });
  const record = makeRecord({ flags: ['ocr', 'alcohol'] });
  await store.upsert([record]);
  await store.upsert([{ ...record, flags: ['ocr'] }]);
  t.same(db.prepare('SELECT flag FROM invoice_flags').pluck().all(), ['ocr']);
  t.same((await store.list({ flags: ['alcohol'] }, { limit: 5 })).items, []);
});

t.test('the store refuses a database without the invoice migrations', async (t) => {
  const db = openDatabase({ file: ':memory:', migrations: [] });
  openDatabases.push(db);
  t.throws(() => new SqliteInvoiceStore({ database: db }), /invoices table is missing/);
});

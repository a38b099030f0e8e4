/**
 * Existing embedded databases: invoices analysed before embeddings were on, and vectors written
 * from truncated texts before the invoices:2 migration, get their vectors from the backfill, after
 * which a paraphrase finds them by meaning.
 */
import t from 'tap';
import type { InvoiceRecord } from '../../src/domain/types.js';
import { embeddingText } from '../../src/store/embedding-text.js';
import { InvoiceSearch } from '../../src/store/invoice-search.js';
import { applyMigrations, openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import {
  backfillVectors,
  canBackfillVectors,
  type VectorBackfillStore,
} from '../../src/store/vector-backfill.js';
import { fakeEmbedding } from '../fakes/fake-embeddings.js';
import {
  fakeQueryEmbedder,
  PARAPHRASE_DIMENSIONS,
  paraphraseInvoices,
} from './paraphrase-fixtures.js';

function recordingEmbedder() {
  const batches: string[][] = [];
  const embed = async (texts: string[]) => {
    batches.push(texts);
    return texts.map((text) => fakeEmbedding(text, PARAPHRASE_DIMENSIONS));
  };
  return { batches, embed };
}

t.test('invoices stored before embeddings were configured get vectors, once', async (t) => {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const invoices = paraphraseInvoices();
  const records: InvoiceRecord[] = Object.values(invoices);
  await new SqliteInvoiceStore({ database: db }).upsert(records);

  const store = new SqliteInvoiceStore({ database: db, vectorDimensions: PARAPHRASE_DIMENSIONS });
  t.ok(canBackfillVectors(store));
  const search = new InvoiceSearch(store, { embedQuery: fakeQueryEmbedder() });
  const before = await search.search({ text: 'dinner with wine', filter: {}, limit: 3 });
  t.same(before.hits, [], 'no vectors yet, and no invoice holds the words');

  const { batches, embed } = recordingEmbedder();
  const progress: number[] = [];
  const embedded = await backfillVectors(store, embed, {
    batchSize: 4,
    onBatch: (count) => progress.push(count),
  });
  t.equal(embedded, records.length);
  t.same(progress, [4, 6], 'batches of at most batchSize');
  t.same(
    batches.flat().sort(),
    records.map((record) => embeddingText(record)).sort(),
    'each invoice embedded from its whole embedding text',
  );
  const after = await search.search({ text: 'dinner with wine', filter: {}, limit: 3 });
  t.equal(after.hits[0]?.record.id, invoices.merlot.id, 'now found by meaning');

  t.equal(await backfillVectors(store, embed), 0, 'nothing left to embed');
  t.equal(batches.length, 2, 'and no call made for it');
});

t.test('the invoices:2 migration drops vectors embedded from truncated texts', async (t) => {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const invoices = paraphraseInvoices();
  const records: InvoiceRecord[] = Object.values(invoices);
  await new SqliteInvoiceStore({ database: db }).upsert(records);
  // Back to the schema versions before invoices:2 left: vectors in a vec0 table, invoice i
  // embedded from its first i characters.
  db.exec(`
    DROP TABLE invoice_embeddings; DROP TABLE invoice_embedding_bits; DROP TABLE invoice_embedding_settings;
    DELETE FROM schema_migrations WHERE id = 'invoices:2';
    CREATE VIRTUAL TABLE invoice_vectors USING vec0 (embedding float[${PARAPHRASE_DIMENSIONS}] distance_metric=cosine);
  `);
  const insert = db.prepare('INSERT INTO invoice_vectors (rowid, embedding) VALUES (?, ?)');
  records.forEach((record, index) => {
    const vector = fakeEmbedding(embeddingText(record).slice(0, index), PARAPHRASE_DIMENSIONS);
    insert.run(BigInt(index + 1), Buffer.from(Float32Array.from(vector).buffer));
  });

  applyMigrations(db, ALL_MIGRATIONS);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE name LIKE 'invoice_vectors%'")
    .pluck()
    .all();
  t.same(tables, [], 'the vec0 table and its shadow tables are gone');
  const store = new SqliteInvoiceStore({ database: db, vectorDimensions: PARAPHRASE_DIMENSIONS });
  t.same(
    (await store.withoutVectors(10)).map((record) => record.id).sort(),
    records.map((record) => record.id).sort(),
    'every invoice is left to embed again',
  );
  await backfillVectors(store, recordingEmbedder().embed);
  const search = new InvoiceSearch(store, { embedQuery: fakeQueryEmbedder() });
  t.equal(
    (await search.search({ text: 'taxi to the airport', filter: {}, limit: 3 })).hits[0]?.record.id,
    invoices.cab.id,
  );
});

t.test('a database without vectors configured has nothing to backfill', async (t) => {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const store = new SqliteInvoiceStore({ database: db });
  await store.upsert(Object.values(paraphraseInvoices()));
  t.same(await store.withoutVectors(10), []);
});

t.test('vectors for invoices deleted meanwhile are skipped, never looped on', async (t) => {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const store = new SqliteInvoiceStore({ database: db, vectorDimensions: PARAPHRASE_DIMENSIONS });
  const invoices = paraphraseInvoices();
  await store.upsert(Object.values(invoices));
  const gone = invoices.paper;
  const embedder = recordingEmbedder();
  const embedded = await backfillVectors(store, async (texts) => {
    await store.delete(gone.id);
    return embedder.embed(texts);
  });
  t.equal(embedded, 5, 'the five invoices still stored got vectors');

  // A store that never keeps what it is given keeps offering the same invoices.
  const stuck: VectorBackfillStore = {
    withoutVectors: async () => [invoices.cab],
    putVectors: async () => 0,
  };
  t.equal(await backfillVectors(stuck, embedder.embed), 0, 'stops after one try');

  const controller = new AbortController();
  controller.abort(new Error('shutting down'));
  await t.rejects(backfillVectors(store, embedder.embed, { signal: controller.signal }), {
    message: 'shutting down',
  });
});

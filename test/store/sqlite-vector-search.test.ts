/**
 * The embedded store's dense search scans sign bits for candidates and ranks them by exact cosine:
 * its answers must be those of an exact scan, near enough at scale and exactly when the filter
 * leaves fewer invoices than there are candidates; and the bits it keeps in memory for unfiltered
 * scans must follow every committed write, whichever connection made it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { InvoiceRecord } from '../../src/domain/types.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { signBits } from '../../src/store/sqlite/invoice-vectors.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { fakeEmbedding } from '../fakes/fake-embeddings.js';
import { makeRecord } from './invoice-fixtures.js';

const DIMENSIONS = 256;
const WORDS =
  'dinner lunch wine beer taxi cab ride hotel room flight train fuel petrol internet phone paper pens courier parking toll laundry thali dosa merlot lager diesel broadband'.split(
    ' ',
  );

const cosine = (a: number[], b: number[]) =>
  a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);

function corpus(size: number): { records: InvoiceRecord[]; vectors: number[][] } {
  const records: InvoiceRecord[] = [];
  const vectors: number[][] = [];
  for (let index = 0; index < size; index += 1) {
    const words = Array.from(
      { length: 4 },
      (_, at) => WORDS[(index * 7 + at * 13 + index * at) % WORDS.length],
    );
    records.push(
      makeRecord({
        file: `v/${index}.pdf`,
        owner_sub: `user-${index % 20}`,
        text: words.join(' '),
      }),
    );
    // A word of its own (as an invoice number is), so no two invoices have the same vector.
    vectors.push(fakeEmbedding(`${words.join(' ')} ref${index}`, DIMENSIONS));
  }
  return { records, vectors };
}

async function openStore(t: Test) {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  return new SqliteInvoiceStore({ database: db, vectorDimensions: DIMENSIONS });
}

function exactTop(
  records: InvoiceRecord[],
  vectors: number[][],
  query: number[],
  k: number,
  keep: (record: InvoiceRecord) => boolean = () => true,
): string[] {
  return records
    .map((record, index) => ({ record, similarity: cosine(query, vectors[index] ?? []) }))
    .filter(({ record }) => keep(record))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k)
    .map(({ record }) => record.id);
}

t.test('sign bits: one per dimension, set for positive values, padded to bytes', async (t) => {
  t.same([...signBits([0.5, -0.1, 0, 2, -3, 0.01, 1, -1, 4])], [0b01101001, 0b1]);
  t.equal(signBits(new Array(768).fill(1)).length, 96);
});

t.test('at scale the nearest invoices are those of an exact scan', async (t) => {
  const store = await openStore(t);
  // Groups of invoices with the same words, hundreds strong: the hard case for a bit scan.
  const { records, vectors } = corpus(3000);
  await store.upsert(records, vectors);
  let overlap = 0;
  let sameFirst = 0;
  const queries = WORDS.slice(0, 20).map((word, index) =>
    fakeEmbedding(`${word} ${WORDS[(index + 5) % WORDS.length]}`, DIMENSIONS),
  );
  for (const query of queries) {
    const found = (await store.search({ vector: query, filter: {}, limit: 10 })).map(
      (hit) => hit.record.id,
    );
    const exact = exactTop(records, vectors, query, 10);
    overlap += found.filter((id) => exact.includes(id)).length;
    // The bit scan estimates angles, so among near-equals the order may differ: the first answer
    // must be as near as the exact nearest, give or take that.
    const similarityOf = (id: string | undefined) =>
      cosine(query, vectors[records.findIndex((record) => record.id === id)] ?? []);
    if (similarityOf(found[0]) >= similarityOf(exact[0]) - 0.01) sameFirst += 1;
  }
  t.ok(overlap / (queries.length * 10) >= 0.9, `top 10 overlap ${overlap / (queries.length * 10)}`);
  t.equal(sameFirst, queries.length, 'the first answer is as near as the exact nearest');
});

t.test('a filter leaving fewer invoices than candidates gets the exact ranking', async (t) => {
  const store = await openStore(t);
  const { records, vectors } = corpus(3000);
  await store.upsert(records, vectors);
  const query = fakeEmbedding('wine dinner hotel', DIMENSIONS);
  const found = await store.search({ vector: query, filter: { owner_sub: 'user-3' }, limit: 20 });
  t.same(
    found.map((hit) => hit.record.id),
    exactTop(records, vectors, query, 20, (record) => record.owner_sub === 'user-3'),
  );
  const scores = found.map((hit) => hit.score);
  t.same(
    scores,
    [...scores].sort((a, b) => b - a),
    'scores (1 - cosine distance) fall with rank',
  );
});

t.test('an all-zero vector is stored and ranked last, not first', async (t) => {
  const store = await openStore(t);
  const zero = makeRecord({ file: 'zero.pdf' });
  const near = makeRecord({ file: 'near.pdf' });
  const query = fakeEmbedding('taxi', DIMENSIONS);
  await store.upsert([zero, near], [new Array(DIMENSIONS).fill(0), query]);
  t.same(
    (await store.search({ vector: query, filter: {}, limit: 2 })).map(
      (hit) => hit.record.file_name,
    ),
    ['near.pdf', 'zero.pdf'],
  );
});

t.test('the in-memory bits follow writes of this and of other connections', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vector-bits-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'data.db');
  const first = openDatabase({ file, migrations: ALL_MIGRATIONS });
  const second = openDatabase({ file, migrations: ALL_MIGRATIONS });
  t.teardown(() => {
    first.close();
    second.close();
  });
  const mine = new SqliteInvoiceStore({ database: first, vectorDimensions: DIMENSIONS });
  const theirs = new SqliteInvoiceStore({ database: second, vectorDimensions: DIMENSIONS });
  const taxi = fakeEmbedding('taxi airport', DIMENSIONS);
  const nearest = async () =>
    (await mine.search({ vector: taxi, filter: {}, limit: 1 })).map((hit) => hit.record.file_name);
  await mine.upsert([makeRecord({ file: 'hotel.pdf' })], [fakeEmbedding('hotel room', DIMENSIONS)]);
  t.same(await nearest(), ['hotel.pdf'], 'the first search loads the bits');

  await theirs.upsert([makeRecord({ file: 'cab.pdf' })], [taxi]);
  t.same(await nearest(), ['cab.pdf'], "another connection's commit is seen");

  const good = makeRecord({ file: 'rolled-back.pdf' });
  await t.rejects(
    mine.upsert([good, makeRecord({ file: 'bad.pdf' })], [taxi, [1, 2, 3]]),
    /Expected a 256-dimensional vector/,
  );
  t.same(await nearest(), ['cab.pdf'], 'a write that rolled back is not found');
  await theirs.delete(makeRecord({ file: 'cab.pdf' }).id);
  t.same(await nearest(), ['hotel.pdf'], 'nor one deleted meanwhile');
  await mine.upsert([good], [taxi]);
  t.same(await nearest(), ['rolled-back.pdf'], 'written again, it is');
});

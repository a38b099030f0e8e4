/**
 * What every InvoiceStore must do, run against each adapter: SQLite always, Qdrant when a server
 * is configured. Each subtest gets a new, empty store from makeStore.
 */
import type { Test } from 'tap';
import type { InvoiceFilter, InvoiceRecord } from '../../src/domain/types.js';
import { InvoiceSearch } from '../../src/store/invoice-search.js';
import type { InvoiceStore } from '../../src/store/ports.js';
import { axisVector, makeRecord, withOverride } from './invoice-fixtures.js';
import {
  documentVectors,
  fakeQueryEmbedder,
  PARAPHRASE_DIMENSIONS,
  PARAPHRASES,
  paraphraseInvoices,
} from './paraphrase-fixtures.js';

/** Vectors in the contract have this many dimensions unless a test asks makeStore for others. */
export const CONTRACT_VECTOR_DIMENSIONS = 4;

/** A new, empty store whose dense vectors have `vectorDimensions` (default CONTRACT_VECTOR_DIMENSIONS). */
export type MakeStore = (vectorDimensions?: number) => Promise<InvoiceStore>;

const files = (records: InvoiceRecord[]): string[] =>
  records.map((record) => record.file_name).sort();

async function listAll(
  store: InvoiceStore,
  filter: InvoiceFilter,
  limit = 100,
): Promise<InvoiceRecord[]> {
  const items: InvoiceRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.list(filter, { limit, cursor });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return items;
}

/** Eight invoices that differ in every filtered field, so each filter selects a known set. */
function filterDataset(): InvoiceRecord[] {
  return [
    makeRecord({
      file: 'a.pdf',
      employee_name: 'Rani Sharma',
      status: 'fully_reimbursed',
      category: 'meal',
      invoice_date: '2024-12-01',
      total_minor: 50_000,
      flags: [],
      job_id: 'job-1',
      created_at: '2025-01-01T00:00:01.000Z',
    }),
    makeRecord({
      file: 'b.pdf',
      employee_name: 'RANI SHARMA',
      status: 'partially_reimbursed',
      category: 'meal',
      invoice_date: '2024-12-15',
      total_minor: 150_000,
      reimbursable_minor: 100_000,
      flags: ['alcohol'],
      job_id: 'job-1',
      created_at: '2025-01-01T00:00:02.000Z',
    }),
    makeRecord({
      file: 'c.pdf',
      employee_name: 'Ráni  Sharma',
      invoice_number: 'GM7-1455',
      status: 'declined',
      category: 'cab',
      invoice_date: '2025-01-03',
      total_minor: 30_000,
      reimbursable_minor: 0,
      flags: ['alcohol', 'late_submission'],
      job_id: 'job-2',
      created_at: '2025-01-01T00:00:03.000Z',
    }),
    makeRecord({
      file: 'd.pdf',
      employee_name: 'Ravi Kumar',
      invoice_number: 'PNR 42',
      status: 'fully_reimbursed',
      category: 'travel',
      invoice_date: '2024-11-20',
      total_minor: 900_000,
      flags: ['late_submission'],
      job_id: 'job-2',
      created_at: '2025-01-01T00:00:04.000Z',
    }),
    makeRecord({
      file: 'e.pdf',
      employee_name: 'Ravi Kumar',
      status: 'declined',
      category: 'accommodation',
      invoice_date: null,
      total_minor: 400_000,
      reimbursable_minor: 0,
      flags: ['ocr'],
      job_id: 'job-3',
      created_at: '2025-01-01T00:00:05.000Z',
    }),
    makeRecord({
      file: 'f.pdf',
      employee_name: 'Sushma Rao',
      owner_sub: 'user-2',
      status: 'fully_reimbursed',
      category: 'meal',
      invoice_date: '2024-12-31',
      total_minor: 100_000,
      flags: [],
      job_id: 'job-4',
      created_at: '2025-01-01T00:00:06.000Z',
    }),
    makeRecord({
      file: 'g.pdf',
      employee_name: 'Sushma Rao',
      owner_sub: 'user-2',
      status: 'partially_reimbursed',
      category: 'cab',
      invoice_date: '2025-01-01',
      total_minor: 100_001,
      reimbursable_minor: 80_000,
      flags: ['alcohol', 'late_submission', 'ocr'],
      job_id: 'job-4',
      created_at: '2025-01-01T00:00:07.000Z',
    }),
    makeRecord({
      file: 'h.pdf',
      employee_name: 'Sushma Rao',
      owner_sub: 'user-2',
      status: 'fully_reimbursed',
      category: 'other',
      invoice_date: '2024-10-10',
      total_minor: 99_999,
      currency: 'USD',
      flags: [],
      job_id: 'job-4',
      created_at: '2025-01-01T00:00:08.000Z',
    }),
  ];
}

export function runInvoiceStoreContract(t: Test, makeStore: MakeStore): void {
  const withStore = (name: string, body: (t: Test, store: InvoiceStore) => Promise<void>): void => {
    t.test(name, async (t) => {
      const store = await makeStore();
      t.teardown(() => store.close());
      await body(t, store);
    });
  };

  withStore('upsert is idempotent by id and replaces words', async (t, store) => {
    const record = makeRecord({ file: 'taxi.pdf', vendor: 'Uber', text: 'Uber ride to airport' });
    await store.upsert([record]);
    await store.upsert([record]);
    t.equal((await listAll(store, {})).length, 1, 'one record after two upserts');
    t.equal(
      (await store.search({ text: 'airport', filter: {}, limit: 10 })).length,
      1,
      'its words are indexed once',
    );
    await store.upsert([{ ...record, vendor: 'Ola', text: 'Ola ride to station' }]);
    t.equal((await listAll(store, {})).length, 1, 'still one record after a change');
    t.equal(
      (await store.search({ text: 'airport', filter: {}, limit: 10 })).length,
      0,
      'old words are gone',
    );
    t.equal(
      (await store.search({ text: 'station', filter: {}, limit: 10 })).length,
      1,
      'new words are found',
    );
    t.equal((await store.get(record.id))?.vendor, 'Ola');
  });

  withStore('get returns the record as stored, null for an unknown id', async (t, store) => {
    const record = makeRecord({ file: 'one.pdf', flags: ['ocr'] });
    await store.upsert([record]);
    t.same(await store.get(record.id), record);
    t.equal(await store.get(makeRecord({ file: 'other.pdf' }).id), null);
    t.equal(await store.get('not-a-uuid'), null);
  });

  withStore('list filters one by one and combined', async (t, store) => {
    await store.upsert(filterDataset());
    const cases: Array<[string, InvoiceFilter, string[]]> = [
      ['no filter', {}, ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf', 'e.pdf', 'f.pdf', 'g.pdf', 'h.pdf']],
      ['owner_sub', { owner_sub: 'user-2' }, ['f.pdf', 'g.pdf', 'h.pdf']],
      ['employee', { employee: 'ravi kumar' }, ['d.pdf', 'e.pdf']],
      ['status', { status: ['declined'] }, ['c.pdf', 'e.pdf']],
      [
        'status, several',
        { status: ['declined', 'partially_reimbursed'] },
        ['b.pdf', 'c.pdf', 'e.pdf', 'g.pdf'],
      ],
      ['category', { category: ['cab', 'travel'] }, ['c.pdf', 'd.pdf', 'g.pdf']],
      ['date_from', { date_from: '2024-12-31' }, ['c.pdf', 'f.pdf', 'g.pdf']],
      ['date_to', { date_to: '2024-11-20' }, ['d.pdf', 'h.pdf']],
      [
        'date range, inclusive',
        { date_from: '2024-12-01', date_to: '2024-12-15' },
        ['a.pdf', 'b.pdf'],
      ],
      ['amount_min_minor', { amount_min_minor: 150_000 }, ['b.pdf', 'd.pdf', 'e.pdf']],
      ['amount_max_minor', { amount_max_minor: 50_000 }, ['a.pdf', 'c.pdf']],
      [
        'amount range, inclusive',
        { amount_min_minor: 99_999, amount_max_minor: 100_001 },
        ['f.pdf', 'g.pdf', 'h.pdf'],
      ],
      ['job_id', { job_id: 'job-2' }, ['c.pdf', 'd.pdf']],
      ['file_sha256', { file_sha256: makeRecord({ file: 'd.pdf' }).file_sha256 }, ['d.pdf']],
      [
        'invoice_numbers',
        { invoice_numbers: ['GM7-1455', 'PNR 42', 'unknown'] },
        ['c.pdf', 'd.pdf'],
      ],
      [
        'invoice_numbers with employee',
        { employee: 'rani sharma', invoice_numbers: ['GM7-1455', 'PNR 42'] },
        ['c.pdf'],
      ],
      [
        'empty lists filter nothing',
        { status: [], category: [], flags: [], invoice_numbers: [] },
        ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf', 'e.pdf', 'f.pdf', 'g.pdf', 'h.pdf'],
      ],
      [
        'combined',
        {
          owner_sub: 'user-1',
          status: ['fully_reimbursed', 'declined'],
          date_from: '2024-12-01',
          amount_max_minor: 100_000,
        },
        ['a.pdf', 'c.pdf'],
      ],
      [
        'combined with employee, flags and category',
        { employee: 'RANI sharma', flags: ['alcohol'], category: ['meal'] },
        ['b.pdf'],
      ],
    ];
    for (const [name, filter, expected] of cases)
      t.same(files(await listAll(store, filter)), expected, name);
  });

  withStore('employee matches ignoring case, accents and spacing', async (t, store) => {
    await store.upsert(filterDataset());
    const rani = ['a.pdf', 'b.pdf', 'c.pdf'];
    for (const name of ['Rani Sharma', 'RANI SHARMA', 'Ráni Sharma', '  rani   sharma ']) {
      t.same(files(await listAll(store, { employee: name })), rani, name);
    }
    t.same(
      files(await listAll(store, { employee: 'Rani' })),
      [],
      'the whole name is the key, not a prefix',
    );
  });

  withStore('flags filter keeps records carrying every flag asked for', async (t, store) => {
    await store.upsert(filterDataset());
    t.same(files(await listAll(store, { flags: ['alcohol'] })), ['b.pdf', 'c.pdf', 'g.pdf']);
    t.same(files(await listAll(store, { flags: ['alcohol', 'late_submission'] })), [
      'c.pdf',
      'g.pdf',
    ]);
    t.same(files(await listAll(store, { flags: ['alcohol', 'late_submission', 'ocr'] })), [
      'g.pdf',
    ]);
    t.same(files(await listAll(store, { flags: ['possible_duplicate'] })), []);
  });

  withStore(
    'text filter needs every word and cannot be broken by query syntax',
    async (t, store) => {
      await store.upsert([
        makeRecord({ file: 'x.pdf', vendor: 'Taj Hotel', text: 'Room charges Mumbai' }),
        makeRecord({ file: 'y.pdf', vendor: 'Uber', text: 'Ride Mumbai airport, मुंबई टैक्सी' }),
      ]);
      t.same(
        files(await listAll(store, { text: 'टैक्सी' })),
        ['y.pdf'],
        'Devanagari words are whole words',
      );
      t.same(files(await listAll(store, { text: 'mumbai' })), ['x.pdf', 'y.pdf']);
      t.same(
        files(await listAll(store, { text: 'MUMBAI hotel' })),
        ['x.pdf'],
        'all words, any field, any case',
      );
      for (const hostile of [
        '"mumbai',
        'mumbai OR (',
        'NEAR(mumbai',
        'mumbai*',
        "o'brien -x",
        'vendor:uber',
        '^ride',
        '"',
        '()',
        "'; DROP TABLE invoices; --",
      ]) {
        await t.resolves(
          listAll(store, { text: hostile }),
          `text ${JSON.stringify(hostile)} is taken as words`,
        );
      }
      t.same(
        files(await listAll(store, { text: 'uber:ride' })),
        ['y.pdf'],
        'a colon is a word break, not a column filter',
      );
      t.same(
        files(await listAll(store, { text: '  ' })),
        ['x.pdf', 'y.pdf'],
        'blank text filters nothing',
      );
    },
  );

  withStore(
    'list pages newest first through a cursor with no duplicates or gaps',
    async (t, store) => {
      // Three invoices share each timestamp, as when a job stores a batch at once.
      const records = Array.from({ length: 25 }, (_, index) =>
        makeRecord({
          file: `p${String(index).padStart(2, '0')}.pdf`,
          created_at: `2025-01-01T00:00:${String(Math.floor(index / 3)).padStart(2, '0')}.000Z`,
        }),
      );
      await store.upsert(records);
      const expected = [...records].sort((a, b) =>
        a.created_at === b.created_at
          ? a.id < b.id
            ? 1
            : -1
          : a.created_at < b.created_at
            ? 1
            : -1,
      );
      const seen: InvoiceRecord[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await store.list({}, { limit: 4, cursor });
        seen.push(...page.items);
        cursor = page.next_cursor;
        pages += 1;
        if (pages === 2)
          await store.upsert([
            makeRecord({ file: 'late.pdf', created_at: '2025-01-02T00:00:00.000Z' }),
          ]);
      } while (cursor !== null);
      t.equal(pages, 7, '25 records in pages of 4, the last page has no cursor');
      t.same(
        seen.map((record) => record.id),
        expected.map((record) => record.id),
        'created_at desc, id desc; a newer insert does not shift pages',
      );
      const filtered = await store.list({ status: ['fully_reimbursed'] }, { limit: 26 });
      t.equal(filtered.next_cursor, null, 'no cursor when the page holds the rest');
      await t.rejects(
        store.list({}, { limit: 4, cursor: 'garbage' }),
        { statusCode: 400, code: 'invalid_cursor' },
        'a bad cursor is a 400',
      );
    },
  );

  withStore(
    'text search ranks the best match first and skips records without the words',
    async (t, store) => {
      await store.upsert([
        makeRecord({ file: 'once.pdf', vendor: 'Cafe', text: 'coffee and a taxi receipt stub' }),
        makeRecord({
          file: 'strong.pdf',
          vendor: 'Mumbai Taxi Co',
          text: 'taxi fare taxi waiting taxi toll',
        }),
        makeRecord({ file: 'none.pdf', vendor: 'Hotel', text: 'room service' }),
      ]);
      const hits = await store.search({ text: 'Taxi', filter: {}, limit: 10 });
      t.same(
        hits.map((hit) => hit.record.file_name),
        ['strong.pdf', 'once.pdf'],
      );
      t.ok((hits[0]?.score ?? 0) > (hits[1]?.score ?? 0), 'scores fall with rank');
      const filtered = await store.search({ text: 'taxi', filter: { text: 'coffee' }, limit: 10 });
      t.same(
        filtered.map((hit) => hit.record.file_name),
        ['once.pdf'],
        'the filter applies to ranked search',
      );
    },
  );

  withStore('ranked text search applies every filter', async (t, store) => {
    await store.upsert([
      ...filterDataset(),
      withOverride(
        makeRecord({
          file: 'z.pdf',
          status: 'declined',
          reimbursable_minor: 0,
          invoice_date: '2024-12-20',
        }),
        'partially_reimbursed',
        10,
      ),
    ]);
    const search = async (filter: InvoiceFilter) =>
      files(
        (await store.search({ text: 'invoice pdf', filter, limit: 20 })).map((hit) => hit.record),
      );
    const rani = { employee: 'rani sharma', date_from: '2024-12-01', date_to: '2025-01-31' };
    t.same(await search({ ...rani, status: ['partially_reimbursed', 'declined'] }), [
      'b.pdf',
      'c.pdf',
      'z.pdf',
    ]);
    t.same(
      await search({ ...rani, status: ['declined'] }),
      ['c.pdf'],
      'the effective status after an override',
    );
    t.same(await search({ ...rani, flags: ['late_submission'] }), ['c.pdf']);
    t.same(
      await search({ owner_sub: 'user-2', category: ['meal', 'other'], amount_max_minor: 100_000 }),
      ['f.pdf', 'h.pdf'],
    );
    t.same(
      await search({ job_id: 'job-3', date_from: '2024-01-01', date_to: '2025-12-31' }),
      [],
      'no date, no match for a date range',
    );
    t.same(
      await search({ date_from: '2025-01-31', date_to: '2024-12-01' }),
      [],
      'a reversed range matches nothing',
    );
  });

  withStore('vector search returns the nearest records that pass the filter', async (t, store) => {
    const d = CONTRACT_VECTOR_DIMENSIONS;
    const near = makeRecord({ file: 'near.pdf', status: 'declined', reimbursable_minor: 0 });
    const middle = makeRecord({ file: 'middle.pdf' });
    const far = makeRecord({ file: 'far.pdf' });
    await store.upsert(
      [near, middle, far],
      [axisVector(d, 0, 1, 0.1), axisVector(d, 0, 1, 1), axisVector(d, 2)],
    );
    const all = await store.search({ vector: axisVector(d, 0), filter: {}, limit: 3 });
    t.same(
      all.map((hit) => hit.record.file_name),
      ['near.pdf', 'middle.pdf', 'far.pdf'],
    );
    t.ok((all[0]?.score ?? 0) > (all[1]?.score ?? 0), 'closer is a higher score');
    const filtered = await store.search({
      vector: axisVector(d, 0),
      filter: { status: ['fully_reimbursed'] },
      limit: 1,
    });
    t.same(
      filtered.map((hit) => hit.record.file_name),
      ['middle.pdf'],
      'the filter applies before the nearest are chosen',
    );
    await store.upsert([near]);
    const kept = await store.search({ vector: axisVector(d, 0), filter: {}, limit: 1 });
    t.same(
      kept.map((hit) => hit.record.file_name),
      ['near.pdf'],
      'an upsert without a vector keeps the stored one',
    );
  });

  withStore('hybrid search fuses words and vectors', async (t, store) => {
    const d = CONTRACT_VECTOR_DIMENSIONS;
    const both = makeRecord({ file: 'both.pdf', text: 'dinner with client' });
    const wordsOnly = makeRecord({ file: 'words.pdf', text: 'dinner dinner dinner' });
    const vectorOnly = makeRecord({ file: 'vector.pdf', text: 'flight ticket' });
    const neither = makeRecord({ file: 'neither.pdf', text: 'hotel room' });
    await store.upsert(
      [both, wordsOnly, vectorOnly, neither],
      [axisVector(d, 0, 1, 0.5), axisVector(d, 3), axisVector(d, 0, 1, 0.2), axisVector(d, 2)],
    );
    const hits = await store.search({
      text: 'client dinner',
      vector: axisVector(d, 0),
      filter: {},
      limit: 10,
    });
    t.equal(hits[0]?.record.file_name, 'both.pdf', 'ranked high in both lists, first after fusion');
    t.ok(
      hits.some((hit) => hit.record.file_name === 'words.pdf'),
      'a words-only match takes part',
    );
    t.ok(
      hits.some((hit) => hit.record.file_name === 'vector.pdf'),
      'a vector-only match takes part',
    );
    const filtered = await store.search({
      text: 'dinner',
      vector: axisVector(d, 0),
      filter: { file_sha256: vectorOnly.file_sha256 },
      limit: 10,
    });
    t.same(
      filtered.map((hit) => hit.record.file_name),
      ['vector.pdf'],
      'the filter applies to both lists',
    );
  });

  withStore(
    'vector and hybrid search never return an invoice the scope excludes',
    async (t, store) => {
      const d = CONTRACT_VECTOR_DIMENSIONS;
      const mine = makeRecord({ file: 'mine.pdf', owner_sub: 'user-1', text: 'hotel folio' });
      const colleague = makeRecord({
        file: 'colleague.pdf',
        owner_sub: 'user-2',
        employee_name: 'Sushma Rao',
        flags: ['alcohol'],
        text: 'dinner wine bar',
      });
      // The colleague's invoice is the exact vector and every word: the best match by far.
      await store.upsert([mine, colleague], [axisVector(d, 1), axisVector(d, 0)]);
      const query = { text: 'dinner wine bar', vector: axisVector(d, 0), limit: 10 };
      for (const filter of [
        { owner_sub: 'user-1' },
        { employee: 'Rani Sharma' },
        { owner_sub: 'user-1', flags: [] },
      ] satisfies InvoiceFilter[]) {
        t.same(
          files((await store.search({ ...query, filter })).map((hit) => hit.record)),
          ['mine.pdf'],
          `hybrid, ${JSON.stringify(filter)}`,
        );
        t.same(
          files(
            (await store.search({ vector: query.vector, filter, limit: 10 })).map(
              (hit) => hit.record,
            ),
          ),
          ['mine.pdf'],
          `vector only, ${JSON.stringify(filter)}`,
        );
      }
      t.same(
        await store.search({ ...query, filter: { owner_sub: 'user-3' } }),
        [],
        'an owner with no invoices gets nothing, not the nearest of others',
      );
    },
  );

  withStore(
    'hybrid search finds by vector what no word matches, and by words what has no vector',
    async (t, store) => {
      const d = CONTRACT_VECTOR_DIMENSIONS;
      const near = makeRecord({ file: 'near.pdf', text: 'grilled fish merlot' });
      const far = makeRecord({ file: 'far.pdf', text: 'printer paper' });
      // Stored before embeddings were configured: it has words but no vector.
      const old = makeRecord({ file: 'old.pdf', text: 'supper receipt' });
      await store.upsert([near, far], [axisVector(d, 0), axisVector(d, 2)]);
      await store.upsert([old]);
      const byMeaning = await store.search({
        text: 'dinner',
        vector: axisVector(d, 0, 1, 0.1),
        filter: {},
        limit: 10,
      });
      t.equal(byMeaning[0]?.record.file_name, 'near.pdf', 'the nearest vector leads');
      t.notOk(
        byMeaning.some((hit) => hit.record.file_name === 'old.pdf'),
        'no word, no vector: not found',
      );
      const byWords = await store.search({
        text: 'supper',
        vector: axisVector(d, 0),
        filter: {},
        limit: 10,
      });
      t.ok(
        byWords.some((hit) => hit.record.file_name === 'old.pdf'),
        'an invoice without a vector is still found by its words',
      );
    },
  );

  t.test(
    'a paraphrased question finds by meaning the invoice its words miss (fake embedding model)',
    async (t) => {
      const store = await makeStore(PARAPHRASE_DIMENSIONS);
      t.teardown(() => store.close());
      const invoices = paraphraseInvoices();
      const colleague = paraphraseInvoices('user-2', 'Sushma Rao');
      const records = [...Object.values(invoices), ...Object.values(colleague)];
      await store.upsert(records, documentVectors(records));
      const hybrid = new InvoiceSearch(store, { embedQuery: fakeQueryEmbedder() });
      const lexical = new InvoiceSearch(store);
      for (const { question, expected } of PARAPHRASES) {
        const scope = { owner_sub: 'user-1' };
        const words = await lexical.search({ text: question, filter: scope, limit: 5 });
        t.same(words.hits, [], `"${question}": no invoice holds its words`);
        t.same(words.retrieval, { mode: 'lexical', fallback_reason: null });
        const found = await hybrid.search({ text: question, filter: scope, limit: 5 });
        t.equal(
          found.hits[0]?.record.id,
          invoices[expected].id,
          `"${question}" finds ${invoices[expected].file_name} first`,
        );
        t.ok(
          found.hits.every((hit) => hit.record.owner_sub === 'user-1'),
          "the colleague's identical invoice stays out",
        );
        t.same(found.retrieval, { mode: 'hybrid', fallback_reason: null });
      }
    },
  );

  withStore('search without text or vector lists newest first', async (t, store) => {
    await store.upsert(filterDataset());
    const hits = await store.search({ filter: { owner_sub: 'user-2' }, limit: 2 });
    t.same(
      hits.map((hit) => hit.record.file_name),
      ['h.pdf', 'g.pdf'],
    );
  });

  withStore('aggregate counts and sums by group and currency', async (t, store) => {
    await store.upsert(filterDataset());
    t.same(await store.aggregate({}, ['status']), [
      {
        group: { status: 'declined' },
        count: 2,
        currency: 'INR',
        total_minor: 430_000,
        reimbursable_minor: 0,
      },
      {
        group: { status: 'fully_reimbursed' },
        count: 3,
        currency: 'INR',
        total_minor: 1_050_000,
        reimbursable_minor: 1_050_000,
      },
      {
        group: { status: 'fully_reimbursed' },
        count: 1,
        currency: 'USD',
        total_minor: 99_999,
        reimbursable_minor: 99_999,
      },
      {
        group: { status: 'partially_reimbursed' },
        count: 2,
        currency: 'INR',
        total_minor: 250_001,
        reimbursable_minor: 180_000,
      },
    ]);
    t.same(await store.aggregate({ owner_sub: 'user-1' }, ['employee', 'month']), [
      {
        group: { employee: 'rani sharma', month: '2024-12' },
        count: 2,
        currency: 'INR',
        total_minor: 200_000,
        reimbursable_minor: 150_000,
      },
      {
        group: { employee: 'rani sharma', month: '2025-01' },
        count: 1,
        currency: 'INR',
        total_minor: 30_000,
        reimbursable_minor: 0,
      },
      {
        group: { employee: 'ravi kumar', month: '2024-11' },
        count: 1,
        currency: 'INR',
        total_minor: 900_000,
        reimbursable_minor: 900_000,
      },
      {
        group: { employee: 'ravi kumar', month: 'unknown' },
        count: 1,
        currency: 'INR',
        total_minor: 400_000,
        reimbursable_minor: 0,
      },
    ]);
    t.same(await store.aggregate({ category: ['cab'] }, ['category']), [
      {
        group: { category: 'cab' },
        count: 2,
        currency: 'INR',
        total_minor: 130_001,
        reimbursable_minor: 80_000,
      },
    ]);
    t.same(await store.aggregate({ employee: 'nobody' }, ['status']), []);
    t.same(
      await store.aggregate({ owner_sub: 'user-2' }, []),
      [
        { group: {}, count: 2, currency: 'INR', total_minor: 200_001, reimbursable_minor: 180_000 },
        { group: {}, count: 1, currency: 'USD', total_minor: 99_999, reimbursable_minor: 99_999 },
      ],
      'no groups: totals per currency',
    );
  });

  withStore('delete removes the record from get, list and search', async (t, store) => {
    const d = CONTRACT_VECTOR_DIMENSIONS;
    const gone = makeRecord({ file: 'gone.pdf', text: 'parking ticket' });
    const stays = makeRecord({ file: 'stays.pdf', text: 'parking garage' });
    await store.upsert([gone, stays], [axisVector(d, 0), axisVector(d, 1)]);
    t.equal(await store.delete(gone.id), true);
    t.equal(await store.get(gone.id), null);
    t.same(files(await listAll(store, {})), ['stays.pdf']);
    t.same(
      (await store.search({ text: 'parking', filter: {}, limit: 10 })).map(
        (hit) => hit.record.file_name,
      ),
      ['stays.pdf'],
    );
    t.same(
      (await store.search({ vector: axisVector(d, 0), filter: {}, limit: 10 })).map(
        (hit) => hit.record.file_name,
      ),
      ['stays.pdf'],
    );
    t.equal(await store.delete(gone.id), false, 'deleting twice reports nothing deleted');
  });

  withStore(
    'a finance override sets the effective status and amount; the decision is kept',
    async (t, store) => {
      const declined = makeRecord({
        file: 'override.pdf',
        status: 'declined',
        total_minor: 70_000,
        reimbursable_minor: 0,
      });
      await store.upsert([declined]);
      const overridden = withOverride(declined, 'fully_reimbursed', 70_000);
      await store.upsert([overridden]);
      t.same(files(await listAll(store, { status: ['fully_reimbursed'] })), ['override.pdf']);
      t.same(files(await listAll(store, { status: ['declined'] })), []);
      t.same(await store.aggregate({}, ['status']), [
        {
          group: { status: 'fully_reimbursed' },
          count: 1,
          currency: 'INR',
          total_minor: 70_000,
          reimbursable_minor: 70_000,
        },
      ]);
      const stored = await store.get(declined.id);
      t.equal(stored?.decision.status, 'declined', 'the original decision stays in the record');
      t.same(stored?.override, overridden.override);
    },
  );

  withStore('invalid filters are refused with a 400', async (t, store) => {
    const invalidFilter = { statusCode: 400, code: 'invalid_filter' };
    await t.rejects(store.list({ status: ['approved' as never] }, { limit: 10 }), invalidFilter);
    await t.rejects(store.list({ date_from: '05/12/2024' }, { limit: 10 }), invalidFilter);
    await t.rejects(store.list({ amount_min_minor: 10.5 }, { limit: 10 }), invalidFilter);
    await t.rejects(store.aggregate({}, ['vendor' as never]), invalidFilter);
    await t.rejects(store.list({}, { limit: 0 }), { statusCode: 400, code: 'invalid_limit' });
  });

  withStore('ping answers', async (t, store) => {
    await t.resolves(store.ping());
  });
}

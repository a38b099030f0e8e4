/**
 * The exact Qdrant requests behind list (every filter, keyset pages), search (sparse, dense,
 * hybrid) and aggregate, against the recording fake server.
 */
import t from 'tap';
import type { InvoiceFilter, InvoiceRecord } from '../../src/domain/types.js';
import { encodeCursor } from '../../src/store/filters.js';
import { querySparseVector } from '../../src/store/qdrant/sparse.js';
import { makeRecord } from './invoice-fixtures.js';
import type { RecordedRequest } from './qdrant-fake-server.js';
import { COLLECTION, ok, openStoreOnFake } from './qdrant-fake-server.js';

const scroll = `/collections/${COLLECTION}/points/scroll`;
const query = `/collections/${COLLECTION}/points/query`;
const listPayload = ['record', 'created_at'];
const newestFirst = { key: 'created_at', direction: 'desc' };

function point(record: InvoiceRecord) {
  return { id: record.id, payload: { record, created_at: record.created_at } };
}

function scrolled(records: InvoiceRecord[], next: string | null = null) {
  return ok({ points: records.map(point), next_page_offset: next });
}

/** The access scope: uploaded by the subject, or filed for them. */
function scope(sub: string) {
  return {
    should: [
      { key: 'owner_sub', match: { value: sub } },
      { key: 'employee_id', match: { value: sub } },
    ],
  };
}

t.test('each filter becomes its Qdrant condition', async (t) => {
  const cases: Array<[InvoiceFilter, unknown[]]> = [
    [{ owner_sub: 'user-9' }, [scope('user-9')]],
    [{ employee: '  Ráni SHARMA ' }, [{ key: 'employee_key', match: { value: 'rani sharma' } }]],
    [{ employee_id: 'u-rani' }, [{ key: 'employee_id', match: { value: 'u-rani' } }]],
    [
      // Points written before employee ids have none: a name-derived id finds them by name.
      { employee_id: 'name:rani sharma' },
      [
        {
          should: [
            { key: 'employee_id', match: { value: 'name:rani sharma' } },
            {
              must: [
                { is_empty: { key: 'employee_id' } },
                { key: 'employee_key', match: { value: 'rani sharma' } },
              ],
            },
          ],
        },
      ],
    ],
    [
      { status: ['declined', 'partially_reimbursed'] },
      [{ key: 'status', match: { any: ['declined', 'partially_reimbursed'] } }],
    ],
    [{ category: ['cab'] }, [{ key: 'category', match: { any: ['cab'] } }]],
    [
      { date_from: '2024-12-01' },
      [{ key: 'invoice_date', range: { gte: '2024-12-01T00:00:00Z' } }],
    ],
    [{ date_to: '2024-12-31' }, [{ key: 'invoice_date', range: { lte: '2024-12-31T00:00:00Z' } }]],
    [
      { date_from: '2024-12-01', date_to: '2024-12-31' },
      [
        {
          key: 'invoice_date',
          range: { gte: '2024-12-01T00:00:00Z', lte: '2024-12-31T00:00:00Z' },
        },
      ],
    ],
    [{ amount_min_minor: 100 }, [{ key: 'total_minor', range: { gte: 100 } }]],
    [{ amount_max_minor: 0 }, [{ key: 'total_minor', range: { lte: 0 } }]],
    [
      { amount_min_minor: 100, amount_max_minor: 200 },
      [{ key: 'total_minor', range: { gte: 100, lte: 200 } }],
    ],
    [
      { flags: ['alcohol', 'ocr'] },
      [
        { key: 'flags', match: { value: 'alcohol' } },
        { key: 'flags', match: { value: 'ocr' } },
      ],
    ],
    [{ job_id: 'job-7' }, [{ key: 'job_id', match: { value: 'job-7' } }]],
    [{ file_sha256: 'ABCDEF' }, [{ key: 'file_sha256', match: { value: 'abcdef' } }]],
    [
      { invoice_numbers: ['GM7-1455', 'GM7-1455', 'PNR 42'] },
      [{ key: 'record.invoice_number', match: { any: ['GM7-1455', 'PNR 42'] } }],
    ],
    [{ text: 'Taxi "Mumbai" OR (' }, [{ key: 'search_text', match: { text: 'taxi mumbai or' } }]],
    [
      {
        owner_sub: 'user-1',
        employee: 'Ravi',
        status: ['declined'],
        category: ['meal', 'cab'],
        date_from: '2025-01-01',
        amount_max_minor: 5000,
        flags: ['alcohol'],
        text: 'bar',
      },
      [
        scope('user-1'),
        { key: 'employee_key', match: { value: 'ravi' } },
        { key: 'status', match: { any: ['declined'] } },
        { key: 'category', match: { any: ['meal', 'cab'] } },
        { key: 'invoice_date', range: { gte: '2025-01-01T00:00:00Z' } },
        { key: 'total_minor', range: { lte: 5000 } },
        { key: 'flags', match: { value: 'alcohol' } },
        { key: 'search_text', match: { text: 'bar' } },
      ],
    ],
  ];
  const { store, fake } = await openStoreOnFake(t, { [`POST ${scroll}`]: scrolled([]) });
  for (const [filter, must] of cases) {
    fake.requests.length = 0;
    await store.list(filter, { limit: 20 });
    t.same(
      fake.requests,
      [
        {
          method: 'POST',
          path: scroll,
          query: {},
          body: {
            filter: { must },
            limit: 21,
            with_payload: listPayload,
            with_vector: false,
            order_by: newestFirst,
          },
        },
      ],
      JSON.stringify(filter),
    );
  }
  fake.requests.length = 0;
  await store.list({ status: [], flags: [], text: ' ', employee: '' }, { limit: 20 });
  t.same(
    fake.requests[0]?.body,
    { limit: 21, with_payload: listPayload, with_vector: false, order_by: newestFirst },
    'empty values send no filter at all',
  );
});

t.test('a first page that holds everything has no cursor', async (t) => {
  const records = [
    makeRecord({ file: 'a.pdf', created_at: '2025-01-02T00:00:00.000Z' }),
    makeRecord({ file: 'b.pdf', created_at: '2025-01-01T00:00:00.000Z' }),
  ];
  const { store } = await openStoreOnFake(t, { [`POST ${scroll}`]: scrolled(records) });
  const page = await store.list({}, { limit: 5 });
  t.same(
    page.items.map((record) => record.file_name),
    ['a.pdf', 'b.pdf'],
  );
  t.equal(page.next_cursor, null);
});

t.test(
  'a page edge inside a run of equal timestamps reads the whole run and orders it by id',
  async (t) => {
    const instant = '2025-01-01T00:00:00.000Z';
    const newer = makeRecord({ file: 'newer.pdf', created_at: '2025-01-05T00:00:00.000Z' });
    const run = ['r1.pdf', 'r2.pdf', 'r3.pdf', 'r4.pdf'].map((file) =>
      makeRecord({ file, created_at: instant }),
    );
    const byIdDesc = [...run].sort((a, b) => (a.id < b.id ? 1 : -1));
    // Qdrant's order within equal timestamps is arbitrary: the ordered scroll answers ascending ids.
    const answers = [
      scrolled([newer, ...[...byIdDesc].reverse().slice(0, 2)]),
      scrolled(run.slice(0, 3), run[3]?.id ?? null),
      scrolled(run.slice(3)),
    ];
    const { store, fake } = await openStoreOnFake(t, { [`POST ${scroll}`]: () => answers.shift() });
    const page = await store.list({ owner_sub: 'user-1' }, { limit: 2 });
    t.same(
      page.items.map((record) => record.id),
      [newer.id, byIdDesc[0]?.id],
    );
    t.equal(page.next_cursor, encodeCursor({ created_at: instant, id: byIdDesc[0]?.id ?? '' }));
    const owner = scope('user-1');
    const sameInstant = { key: 'created_at', range: { gte: instant, lte: instant } };
    t.same(
      fake.requests.map((request: RecordedRequest) => request.body),
      [
        {
          filter: { must: [owner] },
          limit: 3,
          with_payload: listPayload,
          with_vector: false,
          order_by: newestFirst,
        },
        {
          filter: { must: [owner, sameInstant] },
          limit: 256,
          with_payload: listPayload,
          with_vector: false,
        },
        {
          filter: { must: [owner, sameInstant] },
          limit: 256,
          with_payload: listPayload,
          with_vector: false,
          offset: run[3]?.id,
        },
      ],
    );
  },
);

t.test('a next page finishes the run at the cursor, then reads older points', async (t) => {
  const instant = '2025-01-01T00:00:00.000Z';
  const run = ['r1.pdf', 'r2.pdf', 'r3.pdf'].map((file) =>
    makeRecord({ file, created_at: instant }),
  );
  const byIdDesc = [...run].sort((a, b) => (a.id < b.id ? 1 : -1));
  const older = makeRecord({ file: 'older.pdf', created_at: '2024-12-31T00:00:00.000Z' });
  const answers = [scrolled(run), scrolled([older])];
  const { store, fake } = await openStoreOnFake(t, { [`POST ${scroll}`]: () => answers.shift() });
  const cursor = encodeCursor({ created_at: instant, id: byIdDesc[0]?.id ?? '' });
  const page = await store.list({}, { limit: 5, cursor });
  t.same(
    page.items.map((record) => record.file_name),
    [...byIdDesc.slice(1).map((record) => record.file_name), 'older.pdf'],
  );
  t.equal(page.next_cursor, null);
  t.same(
    fake.requests.map((request: RecordedRequest) => request.body),
    [
      {
        filter: { must: [{ key: 'created_at', range: { gte: instant, lte: instant } }] },
        limit: 256,
        with_payload: listPayload,
        with_vector: false,
      },
      {
        filter: { must: [{ key: 'created_at', range: { lt: instant } }] },
        limit: 4,
        with_payload: listPayload,
        with_vector: false,
        order_by: newestFirst,
      },
    ],
  );
});

t.test('search requests: sparse BM25, dense KNN, hybrid RRF, and plain listing', async (t) => {
  const record = makeRecord();
  const { store, fake } = await openStoreOnFake(t, {
    [`POST ${query}`]: ok({
      points: [{ id: record.id, version: 1, score: 0.42, payload: { record } }],
    }),
    [`POST ${scroll}`]: scrolled([record]),
  });
  const filter = { filter: { must: [{ key: 'status', match: { any: ['declined'] } }] } };
  const taxi = querySparseVector(['taxi', 'mumbai']);
  t.same(taxi.indices.length, 2);

  const hits = await store.search({
    text: 'Taxi MUMBAI taxi',
    filter: { status: ['declined'] },
    limit: 7,
  });
  t.same(hits, [{ record, score: 0.42 }], 'records and scores come back as Qdrant ranked them');
  await store.search({ vector: [0, 0, 1, 0], filter: { status: ['declined'] }, limit: 7 });
  await store.search({
    text: 'taxi mumbai',
    vector: [0, 0, 1, 0],
    filter: { status: ['declined'] },
    limit: 7,
  });
  await store.search({ text: 'taxi mumbai', vector: [0, 0, 1, 0], filter: {}, limit: 20 });
  await store.search({ text: '?!', filter: {}, limit: 3 });
  t.same(fake.requests, [
    {
      method: 'POST',
      path: query,
      query: {},
      body: { query: taxi, using: 'bm25', ...filter, limit: 7, with_payload: ['record'] },
    },
    {
      method: 'POST',
      path: query,
      query: {},
      body: { query: [0, 0, 1, 0], using: 'dense', ...filter, limit: 7, with_payload: ['record'] },
    },
    {
      method: 'POST',
      path: query,
      query: {},
      body: {
        prefetch: [
          { query: taxi, using: 'bm25', ...filter, limit: 50 },
          { query: [0, 0, 1, 0], using: 'dense', ...filter, limit: 50 },
        ],
        query: { rrf: { k: 60 } },
        limit: 7,
        with_payload: ['record'],
      },
    },
    {
      method: 'POST',
      path: query,
      query: {},
      body: {
        prefetch: [
          { query: taxi, using: 'bm25', limit: 80 },
          { query: [0, 0, 1, 0], using: 'dense', limit: 80 },
        ],
        query: { rrf: { k: 60 } },
        limit: 20,
        with_payload: ['record'],
      },
    },
    {
      method: 'POST',
      path: scroll,
      query: {},
      body: { limit: 4, with_payload: listPayload, with_vector: false, order_by: newestFirst },
    },
  ]);
  await t.rejects(
    store.search({ vector: [1, 0], filter: {}, limit: 3 }),
    /Expected a 4-dimensional vector, got 2/,
  );
});

t.test(
  'an employee-scoped hybrid search carries the scope in the dense and the sparse prefetch',
  async (t) => {
    const record = makeRecord();
    const { store, fake } = await openStoreOnFake(t, {
      [`POST ${query}`]: ok({ points: [] }),
    });
    await store.search({
      text: 'dinner wine',
      vector: [1, 0, 0, 0],
      filter: { owner_sub: record.owner_sub, employee: 'Rani Sharma', flags: ['alcohol'] },
      limit: 10,
    });
    await store.search({ vector: [1, 0, 0, 0], filter: { owner_sub: record.owner_sub }, limit: 5 });
    const scoped = [
      scope(record.owner_sub),
      { key: 'employee_key', match: { value: 'rani sharma' } },
      { key: 'flags', match: { value: 'alcohol' } },
    ];
    const [hybrid, dense] = fake.requests.map((request) => request.body as Record<string, unknown>);
    t.same(hybrid, {
      prefetch: [
        {
          query: querySparseVector(['dinner', 'wine']),
          using: 'bm25',
          filter: { must: scoped },
          limit: 50,
        },
        { query: [1, 0, 0, 0], using: 'dense', filter: { must: scoped }, limit: 50 },
      ],
      query: { rrf: { k: 60 } },
      limit: 10,
      with_payload: ['record'],
    });
    t.notOk('filter' in (hybrid ?? {}), 'fusion only reorders what the prefetches let through');
    t.same(
      dense?.filter,
      { must: [scope(record.owner_sub)] },
      'a vector-only search is scoped too',
    );
  },
);

t.test('aggregate scrolls every matching point and sums per group and currency', async (t) => {
  const payload = (
    employee_key: string,
    status: string,
    invoice_date: string | undefined,
    currency: string,
    total_minor: number,
    reimbursable_minor: number,
  ) => ({
    id: `${employee_key}-${total_minor}`,
    payload: {
      employee_key,
      status,
      category: 'meal',
      currency,
      total_minor,
      reimbursable_minor,
      ...(invoice_date ? { invoice_date } : {}),
    },
  });
  const answers = [
    ok({
      points: [
        payload('rani', 'declined', '2024-12-05T00:00:00Z', 'INR', 100, 0),
        payload('ravi', 'fully_reimbursed', undefined, 'INR', 50, 50),
      ],
      next_page_offset: 'next-id',
    }),
    ok({
      points: [
        payload('rani', 'declined', '2024-12-20T00:00:00Z', 'INR', 30, 0),
        payload('rani', 'declined', '2024-12-21T00:00:00Z', 'USD', 7, 0),
      ],
      next_page_offset: null,
    }),
  ];
  const { store, fake } = await openStoreOnFake(t, { [`POST ${scroll}`]: () => answers.shift() });
  const rows = await store.aggregate({ category: ['meal'] }, ['employee', 'month']);
  t.same(rows, [
    {
      group: { employee: 'rani', month: '2024-12' },
      count: 2,
      currency: 'INR',
      total_minor: 130,
      reimbursable_minor: 0,
    },
    {
      group: { employee: 'rani', month: '2024-12' },
      count: 1,
      currency: 'USD',
      total_minor: 7,
      reimbursable_minor: 0,
    },
    {
      group: { employee: 'ravi', month: 'unknown' },
      count: 1,
      currency: 'INR',
      total_minor: 50,
      reimbursable_minor: 50,
    },
  ]);
  const fields = [
    'employee_key',
    'duplicate_of',
    'status',
    'category',
    'invoice_date',
    'currency',
    'total_minor',
    'reimbursable_minor',
  ];
  const must = [{ key: 'category', match: { any: ['meal'] } }];
  t.same(
    fake.requests.map((request: RecordedRequest) => request.body),
    [
      { filter: { must }, limit: 1000, with_payload: fields, with_vector: false },
      {
        filter: { must },
        limit: 1000,
        with_payload: fields,
        with_vector: false,
        offset: 'next-id',
      },
    ],
  );
});

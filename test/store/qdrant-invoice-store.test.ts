/**
 * The Qdrant adapter: the shared contract against a real server when QDRANT_URL is set, and always
 * the exact requests of start-up, writes and reads against a recording fake server.
 */

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { QdrantClient } from '@qdrant/js-client-rest';
import t from 'tap';
import {
  checkServerVersion,
  QDRANT_CLIENT_VERSION,
  QdrantCompatibilityError,
} from '../../src/store/qdrant/compatibility.js';
import { QdrantInvoiceStore } from '../../src/store/qdrant/invoice-store.js';
import { documentSparseVector, recordWords } from '../../src/store/qdrant/sparse.js';
import { axisVector, makeRecord, withOverride } from './invoice-fixtures.js';
import { CONTRACT_VECTOR_DIMENSIONS, runInvoiceStoreContract } from './invoice-store-contract.js';
import {
  COLLECTION,
  existingCollectionRoutes,
  FAKE_DIMENSIONS,
  ok,
  openStoreOnFake,
  startFakeQdrant,
} from './qdrant-fake-server.js';

const points = `/collections/${COLLECTION}/points`;
const completed = ok({ operation_id: 1, status: 'completed' });

const qdrantUrl = process.env.QDRANT_URL;
if (qdrantUrl) {
  t.test('contract against a real Qdrant', async (t) => {
    const apiKey = process.env.QDRANT_API_KEY;
    const admin = new QdrantClient({
      url: qdrantUrl,
      ...(apiKey ? { apiKey } : {}),
      checkCompatibility: false,
    });
    runInvoiceStoreContract(t, async (vectorDimensions = CONTRACT_VECTOR_DIMENSIONS) => {
      const collection = `invoices_contract_${randomUUID().replaceAll('-', '')}`;
      t.teardown(() => admin.deleteCollection(collection).then(() => undefined));
      return QdrantInvoiceStore.open({
        url: qdrantUrl,
        ...(apiKey ? { apiKey } : {}),
        collection,
        vectorDimensions,
      });
    });
  });
} else {
  // No Qdrant can be installed on the CI machine; the request-pinning tests below always run.
  const message =
    'QDRANT_URL not set: the contract suite against a real Qdrant was not run (README: "Testing against a real Qdrant")';
  console.error(`\n*** ${message} ***\n`);
  t.comment(message);
}

t.test(
  'start-up creates a missing collection with dense, sparse and every payload index',
  async (t) => {
    const fake = await startFakeQdrant({
      'GET /': { title: 'qdrant - vector search engine', version: '1.18.0' },
      [`GET /collections/${COLLECTION}/exists`]: ok({ exists: false }),
      [`PUT /collections/${COLLECTION}`]: ok(true),
      [`PUT /collections/${COLLECTION}/index`]: completed,
    });
    t.teardown(() => fake.close());
    await QdrantInvoiceStore.open({ url: fake.url, collection: COLLECTION, vectorDimensions: 768 });
    const index = (field_name: string, field_schema: unknown) => ({
      method: 'PUT',
      path: `/collections/${COLLECTION}/index`,
      query: { wait: 'true' },
      body: { field_name, field_schema },
    });
    t.same(fake.requests, [
      { method: 'GET', path: '/', query: {}, body: undefined },
      { method: 'GET', path: `/collections/${COLLECTION}/exists`, query: {}, body: undefined },
      {
        method: 'PUT',
        path: `/collections/${COLLECTION}`,
        query: {},
        body: {
          vectors: { dense: { size: 768, distance: 'Cosine' } },
          sparse_vectors: { bm25: { modifier: 'idf' } },
        },
      },
      index('owner_sub', 'keyword'),
      index('employee_key', 'keyword'),
      index('employee_id', 'keyword'),
      index('status', 'keyword'),
      index('category', 'keyword'),
      index('currency', 'keyword'),
      index('job_id', 'keyword'),
      index('file_sha256', 'keyword'),
      index('flags', 'keyword'),
      index('invoice_date', 'datetime'),
      index('created_at', 'datetime'),
      index('total_minor', 'integer'),
      index('reimbursable_minor', 'integer'),
      index('search_text', { type: 'text', tokenizer: 'whitespace', lowercase: true }),
    ]);
  },
);

t.test('start-up on an existing collection checks it and adds only missing indexes', async (t) => {
  const all = [
    'owner_sub',
    'employee_key',
    'employee_id',
    'status',
    'category',
    'currency',
    'job_id',
    'file_sha256',
    'flags',
    'invoice_date',
    'created_at',
    'total_minor',
    'search_text',
  ];
  const fake = await startFakeQdrant({
    ...existingCollectionRoutes(
      FAKE_DIMENSIONS,
      Object.fromEntries(all.map((field) => [field, { data_type: 'keyword', points: 3 }])),
    ),
    [`PUT /collections/${COLLECTION}/index`]: completed,
  });
  t.teardown(() => fake.close());
  await QdrantInvoiceStore.open({
    url: fake.url,
    collection: COLLECTION,
    vectorDimensions: FAKE_DIMENSIONS,
  });
  t.same(
    fake.requests.map((request) => `${request.method} ${request.path}`),
    [
      'GET /',
      `GET /collections/${COLLECTION}/exists`,
      `GET /collections/${COLLECTION}`,
      `PUT /collections/${COLLECTION}/index`,
    ],
  );
  t.same(fake.requests.at(-1)?.body, { field_name: 'reimbursable_minor', field_schema: 'integer' });
});

t.test('start-up refuses a collection with other vectors', async (t) => {
  const fake = await startFakeQdrant(existingCollectionRoutes(1536, {}));
  t.teardown(() => fake.close());
  await t.rejects(
    QdrantInvoiceStore.open({ url: fake.url, collection: COLLECTION, vectorDimensions: 768 }),
    {
      name: 'QdrantCompatibilityError',
      message:
        /has dense vector "dense": 1536 dimensions, Cosine; this service needs 768 dimensions/,
    },
  );
});

t.test('start-up fails with a clear error on an incompatible or absent server', async (t) => {
  for (const [version, pattern] of [
    ['1.15.2', /too old: this service needs 1.16.0 or newer/],
    ['1.16.0', /not supported by @qdrant\/js-client-rest 1.18.0 .*run a Qdrant 1.18.x server/],
    ['2.0.0', /not supported/],
  ] as const) {
    const fake = await startFakeQdrant({ 'GET /': { title: 'qdrant', version } });
    await t.rejects(
      QdrantInvoiceStore.open({ url: fake.url, collection: COLLECTION, vectorDimensions: 4 }),
      { name: 'QdrantCompatibilityError', message: pattern },
      version,
    );
    t.equal(fake.requests.length, 1, `${version}: nothing but the version was asked`);
    await fake.close();
  }
  const gone = await startFakeQdrant({});
  await gone.close();
  await t.rejects(
    QdrantInvoiceStore.open({ url: gone.url, collection: COLLECTION, vectorDimensions: 4 }),
    { message: /^Qdrant at http:\/\/127\.0\.0\.1:\d+ did not answer/ },
  );
});

t.test(
  'server version rule: at least 1.16, same major, minor within one of the client',
  async (t) => {
    for (const version of ['1.17.0', '1.18.0', '1.18.5', '1.19.1', 'v1.18.0'])
      t.doesNotThrow(() => checkServerVersion(version), version);
    for (const version of ['1.9.0', '1.16.9', '1.20.0', '2.18.0', 'dev'])
      t.throws(() => checkServerVersion(version), QdrantCompatibilityError, version);
    const installed = JSON.parse(
      readFileSync(
        new URL('../../node_modules/@qdrant/js-client-rest/package.json', import.meta.url),
        'utf8',
      ),
    ) as { version: string };
    t.equal(
      QDRANT_CLIENT_VERSION,
      installed.version,
      'the declared client version is the installed one',
    );
  },
);

t.test(
  'upsert sends one point per record: id, sparse and dense vectors, record and filter fields',
  async (t) => {
    const { store, fake } = await openStoreOnFake(t, { [`PUT ${points}`]: completed });
    const record = withOverride(
      makeRecord({
        file: 'Taxi Bill.pdf',
        employee_name: 'Ráni  SHARMA',
        status: 'declined',
        reimbursable_minor: 0,
        flags: ['ocr', 'late_submission'],
        created_at: '2025-01-10T15:30:00+05:30',
      }),
      'partially_reimbursed',
      40_000,
    );
    await store.upsert([record], [axisVector(FAKE_DIMENSIONS, 1)]);
    const words = recordWords(record);
    t.same(
      words.join(' '),
      'taxi bill pdf spice garden rani sharma inv 1 partially reimbursed meal approved by finance after review taxi bill pdf invoice',
      'effective status and reason are searchable',
    );
    t.same(fake.requests, [
      {
        method: 'PUT',
        path: points,
        query: { wait: 'true' },
        body: {
          points: [
            {
              id: record.id,
              vector: { bm25: documentSparseVector(words), dense: [0, 1, 0, 0] },
              payload: {
                record,
                owner_sub: 'user-1',
                employee_key: 'rani sharma',
                employee_id: 'name:rani sharma',
                status: 'partially_reimbursed',
                category: 'meal',
                currency: 'INR',
                job_id: 'job-1',
                file_sha256: record.file_sha256,
                flags: ['ocr', 'late_submission'],
                invoice_date: '2024-12-05T00:00:00Z',
                total_minor: 100_000,
                reimbursable_minor: 40_000,
                created_at: '2025-01-10T10:00:00.000Z',
                search_text: words.join(' '),
              },
            },
          ],
        },
      },
    ]);
  },
);

t.test('upsert without vectors keeps the dense vectors already stored', async (t) => {
  const kept = makeRecord({ file: 'kept.pdf' });
  const fresh = makeRecord({ file: 'fresh.pdf', invoice_date: null });
  const { store, fake } = await openStoreOnFake(t, {
    [`POST ${points}`]: ok([{ id: kept.id, vector: { dense: [0.5, 0.5, 0, 0] } }]),
    [`PUT ${points}`]: completed,
  });
  await store.upsert([kept, fresh]);
  t.same(fake.requests[0], {
    method: 'POST',
    path: points,
    query: {},
    body: { ids: [kept.id, fresh.id], with_payload: false, with_vector: ['dense'] },
  });
  const sent =
    (
      fake.requests[1]?.body as
        | { points: Array<{ vector: Record<string, unknown>; payload: Record<string, unknown> }> }
        | undefined
    )?.points ?? [];
  t.same(sent[0]?.vector.dense, [0.5, 0.5, 0, 0], 'the stored vector is sent back');
  t.notOk('dense' in (sent[1]?.vector ?? {}), 'a new record without a vector gets none');
  t.notOk(
    'invoice_date' in (sent[1]?.payload ?? {}),
    'no date, no invoice_date field: no date range matches it',
  );
});

t.test('upsert checks its input before sending anything', async (t) => {
  const { store, fake } = await openStoreOnFake(t, {});
  await t.rejects(
    store.upsert([makeRecord()], [axisVector(3, 0)]),
    /Expected a 4-dimensional vector, got 3/,
  );
  await t.rejects(store.upsert([makeRecord()], []), RangeError);
  await t.rejects(store.upsert([{ ...makeRecord(), id: 'invoice-1' }]), /not a UUID/);
  await store.upsert([]);
  t.equal(fake.requests.length, 0);
});

t.test('get retrieves one point with only its record', async (t) => {
  const record = makeRecord();
  const { store, fake } = await openStoreOnFake(t, {
    [`POST ${points}`]: ok([{ id: record.id, payload: { record } }]),
  });
  t.same(await store.get(record.id), record);
  t.same(fake.requests, [
    {
      method: 'POST',
      path: points,
      query: {},
      body: { ids: [record.id], with_payload: ['record'], with_vector: false },
    },
  ]);
  t.equal(await store.get('not-a-uuid'), null);
  t.equal(fake.requests.length, 1, 'an id that cannot be a point id is not asked for');
});

t.test('delete removes an existing point and reports a missing one', async (t) => {
  const record = makeRecord();
  const answers = [ok([{ id: record.id }]), ok([])];
  const { store, fake } = await openStoreOnFake(t, {
    [`POST ${points}`]: () => answers.shift(),
    [`POST ${points}/delete`]: completed,
  });
  t.equal(await store.delete(record.id), true);
  t.equal(await store.delete(record.id), false);
  t.same(fake.requests, [
    {
      method: 'POST',
      path: points,
      query: {},
      body: { ids: [record.id], with_payload: false, with_vector: false },
    },
    {
      method: 'POST',
      path: `${points}/delete`,
      query: { wait: 'true' },
      body: { points: [record.id] },
    },
    {
      method: 'POST',
      path: points,
      query: {},
      body: { ids: [record.id], with_payload: false, with_vector: false },
    },
  ]);
});

t.test('ping checks that the collection exists', async (t) => {
  // The first answer is for start-up.
  const answers = [ok({ exists: true }), ok({ exists: true }), ok({ exists: false })];
  const { store } = await openStoreOnFake(t, {
    [`GET /collections/${COLLECTION}/exists`]: () => answers.shift(),
  });
  await t.resolves(store.ping());
  await t.rejects(store.ping(), /collection "invoices" does not exist/);
});

/**
 * Hybrid search through the whole app in Gemini mode (fake Gemini server, real SDK): GET
 * /invoices?q= and the chat's search tool embed the question as RETRIEVAL_QUERY and find by
 * meaning what the words miss; an employee's search never reaches a colleague's invoice through
 * vectors; a failed query embedding falls back to words, logged and reported, never a failed search;
 * invoices stored before embeddings were on are embedded at start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import type { InvoiceRecord } from '../../src/domain/types.js';
import { embeddingText } from '../../src/store/embedding-text.js';
import { databaseFile } from '../../src/store/maintenance.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { type FakeGemini, startFakeGemini, type WireEmbedBody } from '../fakes/gemini-server.js';
import { buildTestApp } from '../helpers/app.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';
import { paraphraseInvoices } from '../store/paraphrase-fixtures.js';

const ASHA = USERS.asha;
const RAVI = USERS.ravi;
const FIONA = USERS.fiona;

interface Setup {
  app: FastifyInstance;
  gemini: FakeGemini;
  logs: Array<Record<string, unknown>>;
  asha: ReturnType<typeof paraphraseInvoices>;
  ravi: ReturnType<typeof paraphraseInvoices>;
  headers: (user: { sub: string; name: string; role: string }) => Promise<Record<string, string>>;
}

/** Asha and Ravi each have the same six invoices; vectors come from the app's own provider. */
async function setup(t: Test): Promise<Setup> {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  const logs: Array<Record<string, unknown>> = [];
  const app = await buildTestApp(t, {
    env: jwtEnv({
      GEMINI_API_KEY: gemini.apiKey,
      GEMINI_BASE_URL: gemini.url,
      GEMINI_MAX_RETRIES: '0',
      EMBEDDING_DIMENSIONS: '256',
    }),
    logger: {
      level: 'warn',
      stream: { write: (line: string) => void logs.push(JSON.parse(line)) },
    },
  });
  const asha = paraphraseInvoices(ASHA.sub, ASHA.name);
  const ravi = paraphraseInvoices(RAVI.sub, RAVI.name);
  const records: InvoiceRecord[] = [...Object.values(asha), ...Object.values(ravi)];
  const vectors = await app.services.provider.embed?.(records.map(embeddingText), 'document');
  if (!vectors) throw new Error('Gemini mode should embed documents');
  await app.services.invoices.upsert(records, vectors);
  gemini.requests.length = 0;
  return {
    app,
    gemini,
    logs,
    asha,
    ravi,
    headers: async (user) => bearer(await tokenFor(user)),
  };
}

/** What the chat sent back to the model after its latest tool call. */
function lastToolResponse(gemini: FakeGemini): Record<string, unknown> | undefined {
  for (const request of [...gemini.requests].reverse()) {
    if (request.method === 'batchEmbedContents') continue;
    const part = request.body.contents.at(-1)?.parts[0];
    if (part?.functionResponse) return part.functionResponse.response;
  }
  return undefined;
}

function queryEmbeddings(gemini: FakeGemini): WireEmbedBody['requests'] {
  return gemini.requests.flatMap((request) =>
    request.method === 'batchEmbedContents' ? request.body.requests : [],
  );
}

t.test('GET /invoices?q= ranks by meaning and words, within the caller scope', async (t) => {
  const { app, gemini, asha, ravi, headers } = await setup(t);
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/invoices?q=dinner%20with%20wine&limit=3',
    headers: await headers(ASHA),
  });
  t.equal(res.statusCode, 200, res.body);
  const page = res.json();
  t.same(page.retrieval, { mode: 'hybrid', fallback_reason: null });
  t.equal(page.items[0]?.id, asha.merlot.id, 'the bill listing a Merlot comes first');
  t.ok(
    page.items.every((item: { owner_sub: string }) => item.owner_sub === ASHA.sub),
    'never a colleague invoice, however near its vector',
  );
  t.type(page.next_cursor, 'string', 'the ranking goes on past this page');
  const [embedded] = queryEmbeddings(gemini);
  t.match(embedded, {
    content: { parts: [{ text: 'dinner with wine' }] },
    taskType: 'RETRIEVAL_QUERY',
    outputDimensionality: 256,
  });

  const next = await app.inject({
    method: 'GET',
    url: `/api/v1/invoices?q=dinner%20with%20wine&limit=3&cursor=${page.next_cursor}`,
    headers: await headers(ASHA),
  });
  t.equal(next.statusCode, 200);
  const ids = [...page.items, ...next.json().items].map((item: { id: string }) => item.id);
  t.equal(new Set(ids).size, 6, 'the second page goes on with the ranking: all six, once each');

  const finance = await app.inject({
    method: 'GET',
    url: '/api/v1/invoices?q=taxi%20to%20the%20airport&limit=2',
    headers: await headers(FIONA),
  });
  t.same(
    finance
      .json()
      .items.map((item: { id: string }) => item.id)
      .sort(),
    [asha.cab.id, ravi.cab.id].sort(),
    'finance sees every employee: both cab receipts lead',
  );
});

t.test('without q the list is newest first, with no embedding and no retrieval', async (t) => {
  const { app, gemini, headers } = await setup(t);
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/invoices?limit=2',
    headers: await headers(ASHA),
  });
  t.equal(res.statusCode, 200);
  t.notOk('retrieval' in res.json());
  t.same(queryEmbeddings(gemini), []);
});

t.test('a query embedding that fails falls back to words and says so', async (t) => {
  const { app, gemini, logs, asha, headers } = await setup(t);
  gemini.fail({ type: 'unavailable' }, { method: 'batchEmbedContents', times: 2 });
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/invoices?q=dinner%20with%20wine',
    headers: await headers(ASHA),
  });
  t.equal(res.statusCode, 200, 'the search still answers');
  t.same(res.json().retrieval, { mode: 'lexical', fallback_reason: 'query_embedding_failed' });
  t.same(res.json().items, [], 'by words: no invoice holds "dinner", "with" and "wine"');
  t.match(logs, [{ level: 40, reason: 'query_embedding_failed', msg: /fell back to words only/ }]);

  const byWords = await app.inject({
    method: 'GET',
    url: '/api/v1/invoices?q=merlot',
    headers: await headers(ASHA),
  });
  t.same(byWords.json().retrieval, { mode: 'lexical', fallback_reason: 'query_embedding_failed' });
  t.same(
    byWords.json().items.map((item: { id: string }) => item.id),
    [asha.merlot.id],
    'what the words hold is still found',
  );
});

t.test('the chat search tool finds by meaning and reports how it ranked', async (t) => {
  const { app, gemini, asha, headers } = await setup(t);
  gemini.script(
    { functionCalls: [{ name: 'search_invoices', args: { text: 'dinner with wine' } }] },
    { text: 'Found them.' },
  );
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/chat',
    headers: await headers(ASHA),
    payload: { query: 'Which dinners had wine?' },
  });
  t.equal(res.statusCode, 200, res.body);
  t.same(res.json().retrieval, { mode: 'hybrid', fallback_reason: null });
  t.equal(res.json().sources[0]?.invoice_id, asha.merlot.id, 'the Merlot bill is the first source');
  t.match(queryEmbeddings(gemini), [
    { content: { parts: [{ text: 'dinner with wine' }] }, taskType: 'RETRIEVAL_QUERY' },
  ]);
  const response = lastToolResponse(gemini);
  t.match(response, {
    ranked_by: 'meaning_and_words',
    matching_invoices: 0,
    invoices: [{ invoice_id: asha.merlot.id, flags: ['alcohol'] }],
  });
  t.ok(
    ((response?.invoices ?? []) as Array<{ employee: string }>).every(
      (invoice) => invoice.employee === ASHA.name,
    ),
    'the tool never shows a colleague invoice',
  );

  gemini.fail({ type: 'unavailable' }, { method: 'batchEmbedContents' });
  gemini.script(
    { functionCalls: [{ name: 'search_invoices', args: { text: 'dinner with wine' } }] },
    { text: 'Nothing found by words.' },
  );
  const degraded = await app.inject({
    method: 'POST',
    url: '/api/v1/chat',
    headers: await headers(ASHA),
    payload: { query: 'Which dinners had wine?' },
  });
  t.equal(degraded.statusCode, 200, 'the answer does not fail');
  t.same(degraded.json().retrieval, { mode: 'lexical', fallback_reason: 'query_embedding_failed' });
  t.match(lastToolResponse(gemini), {
    ranked_by: 'words',
    note: /ranked by words only/,
    invoices: [],
  });
});

t.test(
  'at start, invoices stored before embeddings were on are embedded in the background',
  async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-backfill-'));
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
    const asha = paraphraseInvoices(ASHA.sub, ASHA.name);
    const db = openDatabase({ file: databaseFile(dataDir), migrations: ALL_MIGRATIONS });
    await new SqliteInvoiceStore({ database: db }).upsert(Object.values(asha));
    db.close();

    const gemini = await startFakeGemini();
    t.teardown(() => gemini.close());
    const logs: Array<Record<string, unknown>> = [];
    const app = await buildTestApp(t, {
      env: jwtEnv({
        DATA_DIR: dataDir,
        GEMINI_API_KEY: gemini.apiKey,
        GEMINI_BASE_URL: gemini.url,
        EMBEDDING_DIMENSIONS: '256',
      }),
      logger: {
        level: 'info',
        stream: { write: (line: string) => void logs.push(JSON.parse(line)) },
      },
    });
    for (
      let waited = 0;
      !logs.some((line) => /vector backfill done/.test(String(line.msg)));
      waited += 20
    ) {
      if (waited > 10_000) throw new Error('the backfill did not finish');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    t.match(
      logs.find((line) => /vector backfill done/.test(String(line.msg))),
      { embedded: 6 },
    );
    const documents = queryEmbeddings(gemini);
    t.equal(documents.length, 6);
    t.ok(documents.every((entry) => entry.taskType === 'RETRIEVAL_DOCUMENT'));

    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/invoices?q=dinner%20with%20wine&limit=1',
      headers: bearer(await tokenFor(ASHA)),
    });
    t.equal(res.json().items[0]?.id, asha.merlot.id, 'found by meaning once embedded');
  },
);

/**
 * InvoiceSearch: words only without embeddings (exactly the store's lexical search), meaning and
 * words with them, words again when the query cannot be embedded, and ranked pages for
 * GET /invoices?q=.
 */
import t, { type Test } from 'tap';
import { encodeCursor } from '../../src/store/filters.js';
import { InvoiceSearch, type QueryEmbedder } from '../../src/store/invoice-search.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { makeRecord } from './invoice-fixtures.js';
import {
  documentVectors,
  fakeQueryEmbedder,
  PARAPHRASE_DIMENSIONS,
  paraphraseInvoices,
} from './paraphrase-fixtures.js';

async function openStore(t: Test) {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const store = new SqliteInvoiceStore({ database: db, vectorDimensions: PARAPHRASE_DIMENSIONS });
  const invoices = paraphraseInvoices();
  const records = [
    ...Object.values(invoices),
    makeRecord({ file: 'bistro-dinner.pdf', vendor: 'Bistro Nine', text: 'dinner for two' }),
    makeRecord({ file: 'wine-dinner.pdf', vendor: 'Bistro Nine', text: 'dinner and wine' }),
  ];
  await store.upsert(records, documentVectors(records));
  return { store, invoices };
}

function recordingLog() {
  const lines: Array<{ details: Record<string, unknown>; message: string }> = [];
  return {
    lines,
    warn: (details: Record<string, unknown>, message: string) =>
      void lines.push({ details, message }),
  };
}

const names = (hits: Array<{ record: { file_name: string } }>) =>
  hits.map((hit) => hit.record.file_name);

t.test('without embeddings a text search is the store lexical search, unchanged', async (t) => {
  const { store } = await openStore(t);
  const search = new InvoiceSearch(store);
  t.same(search.retrieval, { mode: 'lexical', fallback_reason: null });
  const result = await search.search({ text: 'dinner wine', filter: {}, limit: 10 });
  t.same(result.retrieval, { mode: 'lexical', fallback_reason: null });
  t.same(
    names(result.hits),
    names(await store.search({ text: 'dinner wine', filter: { text: 'dinner wine' }, limit: 10 })),
  );
  t.same(names(result.hits), ['wine-dinner.pdf'], 'every word must occur');

  const page = await search.page({ text: 'dinner', filter: {}, limit: 1 });
  const listed = await store.list({ text: 'dinner' }, { limit: 1 });
  t.same(page, { ...listed, retrieval: { mode: 'lexical', fallback_reason: null } });
  const next = await search.page({
    text: 'dinner',
    filter: {},
    limit: 1,
    cursor: page.next_cursor,
  });
  t.same(
    next.items,
    (await store.list({ text: 'dinner' }, { limit: 1, cursor: listed.next_cursor })).items,
    'paged by the list cursor',
  );
  t.same([...page.items, ...next.items].map((record) => record.file_name).sort(), [
    'bistro-dinner.pdf',
    'wine-dinner.pdf',
  ]);
});

t.test('with embeddings the query is embedded and the store fuses both rankings', async (t) => {
  const { store, invoices } = await openStore(t);
  const asked: Array<{ text: string; signal: AbortSignal }> = [];
  const embed = fakeQueryEmbedder();
  const search = new InvoiceSearch(store, {
    embedQuery: (text, signal) => {
      asked.push({ text, signal });
      return embed(text);
    },
  });
  t.same(search.retrieval, { mode: 'hybrid', fallback_reason: null });
  const result = await search.search({
    text: '  dinner with wine ',
    filter: { text: 'ignored words' },
    limit: 10,
  });
  t.same(
    asked.map((call) => call.text),
    ['dinner with wine'],
    'one embedding per search',
  );
  t.type(asked[0]?.signal, AbortSignal);
  t.same(result.retrieval, { mode: 'hybrid', fallback_reason: null });
  t.equal(result.hits[0]?.record.file_name, 'wine-dinner.pdf', 'both words and meaning: first');
  t.ok(
    names(result.hits).includes(invoices.merlot.file_name),
    'the bill that lists a Merlot is found without holding a word of the question',
  );
  t.ok(
    names(result.hits).indexOf(invoices.merlot.file_name) <
      names(result.hits).indexOf(invoices.paper.file_name),
    'and ranks above unrelated invoices',
  );

  const blank = await search.search({ text: '?!', filter: {}, limit: 3 });
  t.equal(asked.length, 1, 'a query without words is not embedded');
  t.equal(blank.hits.length, 3, 'it lists newest first, as the store does');
});

t.test('a query that cannot be embedded is searched by words, logged and reported', async (t) => {
  const { store } = await openStore(t);
  const expected = names(
    await store.search({ text: 'dinner wine', filter: { text: 'dinner wine' }, limit: 10 }),
  );
  const failures: Array<[string, QueryEmbedder, string]> = [
    [
      'rate limited',
      async () => {
        throw Object.assign(new Error('429 RESOURCE_EXHAUSTED: quota exceeded'), { status: 429 });
      },
      'query_embedding_failed',
    ],
    [
      'model down',
      async () => {
        throw new Error('503 UNAVAILABLE');
      },
      'query_embedding_failed',
    ],
    [
      'no answer in time',
      (_text, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
      'query_embedding_timeout',
    ],
  ];
  for (const [name, embedQuery, reason] of failures) {
    const log = recordingLog();
    const search = new InvoiceSearch(store, { embedQuery, embedTimeoutMs: 50, log });
    const started = performance.now();
    const result = await search.search({ text: 'dinner wine', filter: {}, limit: 10 });
    t.same(result.retrieval, { mode: 'lexical', fallback_reason: reason }, name);
    t.same(names(result.hits), expected, `${name}: the lexical answer`);
    t.ok(performance.now() - started < 10_000, `${name}: no long wait`);
    t.equal(log.lines.length, 1, `${name}: one warning`);
    t.match(log.lines[0], {
      message: /fell back to words only/,
      details: { reason, err: Error },
    });
  }
});

t.test('a caller that goes away ends the search instead of falling back', async (t) => {
  const { store } = await openStore(t);
  const log = recordingLog();
  const search = new InvoiceSearch(store, {
    embedQuery: (_text, signal) =>
      new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      ),
    log,
  });
  const caller = new AbortController();
  const pending = search.search({ text: 'dinner', filter: {}, limit: 5 }, caller.signal);
  caller.abort(new Error('client closed'));
  await t.rejects(pending, { message: 'client closed' });
  t.same(log.lines, [], 'nothing to report: nobody is waiting for an answer');
});

t.test('ranked pages follow one ranking without overlap or gap', async (t) => {
  const { store } = await openStore(t);
  const search = new InvoiceSearch(store, { embedQuery: fakeQueryEmbedder() });
  const whole = await search.search({ text: 'dinner wine', filter: {}, limit: 100 });
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await search.page({ text: 'dinner wine', filter: {}, limit: 3, cursor });
    t.same(page.retrieval, { mode: 'hybrid', fallback_reason: null });
    seen.push(...page.items.map((record) => record.file_name));
    cursor = page.next_cursor;
    pages += 1;
  } while (cursor !== null && pages < 10);
  t.same(seen, names(whole.hits), 'the pages are the ranking, in order');
  t.equal(new Set(seen).size, seen.length, 'no invoice twice');
  for (const bad of ['garbage', encodeCursor({ created_at: '2025-01-01T00:00:00.000Z', id: 'x' })])
    await t.rejects(
      search.page({ text: 'dinner wine', filter: {}, limit: 3, cursor: bad }),
      { statusCode: 400, code: 'invalid_cursor' },
      'a list cursor or garbage is refused',
    );
  await t.rejects(search.page({ text: 'dinner', filter: {}, limit: 0 }), {
    statusCode: 400,
    code: 'invalid_limit',
  });
});

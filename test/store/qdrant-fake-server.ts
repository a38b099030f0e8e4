/**
 * A stand-in Qdrant for request-pinning tests: a local HTTP server that records every request the
 * real @qdrant/js-client-rest sends and answers from a route table with Qdrant-shaped JSON.
 * Not a test file; tap runs it as one and finds it passes with nothing to do.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';
import { QdrantInvoiceStore } from '../../src/store/qdrant/invoice-store.js';
import { PAYLOAD_INDEXES } from '../../src/store/qdrant/payload.js';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. "/collections/invoices/points/scroll". */
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** "METHOD /path" → the JSON to answer, or a function of the request (called once per request). */
export type Routes = Record<string, unknown>;

export interface FakeQdrant {
  url: string;
  requests: RecordedRequest[];
  routes: Routes;
  close(): Promise<void>;
}

/** Qdrant wraps every result of the collections API like this. */
export function ok(result: unknown): unknown {
  return { result, status: 'ok', time: 0.0001 };
}

export const COLLECTION = 'invoices';

/** Routes a store start-up needs when the collection exists with every index. */
export function existingCollectionRoutes(
  vectorDimensions: number,
  payloadSchema: Record<string, unknown>,
): Routes {
  return {
    'GET /': { title: 'qdrant - vector search engine', version: '1.18.2', commit: 'abc' },
    [`GET /collections/${COLLECTION}/exists`]: ok({ exists: true }),
    [`GET /collections/${COLLECTION}`]: ok({
      status: 'green',
      optimizer_status: 'ok',
      segments_count: 1,
      points_count: 0,
      config: {
        params: {
          vectors: { dense: { size: vectorDimensions, distance: 'Cosine' } },
          sparse_vectors: { bm25: { modifier: 'idf' } },
          shard_number: 1,
        },
        hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000 },
        optimizer_config: {},
        wal_config: {},
      },
      payload_schema: payloadSchema,
    }),
  };
}

export async function startFakeQdrant(routes: Routes): Promise<FakeQdrant> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: text === '' ? undefined : JSON.parse(text),
      };
      requests.push(recorded);
      const route = routes[`${recorded.method} ${recorded.path}`];
      if (route === undefined) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            status: { error: `Not found: ${recorded.method} ${recorded.path}` },
            time: 0,
          }),
        );
        return;
      }
      const answer =
        typeof route === 'function'
          ? (route as (request: RecordedRequest) => unknown)(recorded)
          : route;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    routes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export const FAKE_DIMENSIONS = 4;

/**
 * A store opened against a fake whose collection already exists with every index; the start-up
 * requests are cleared, so `fake.requests` holds only what the test's own calls sent.
 */
export async function openStoreOnFake(
  t: Test,
  routes: Routes,
): Promise<{ store: QdrantInvoiceStore; fake: FakeQdrant }> {
  const indexed = Object.fromEntries(
    Object.keys(PAYLOAD_INDEXES).map((field) => [field, { data_type: 'keyword', points: 0 }]),
  );
  const fake = await startFakeQdrant({
    ...existingCollectionRoutes(FAKE_DIMENSIONS, indexed),
    ...routes,
  });
  t.teardown(() => fake.close());
  const store = await QdrantInvoiceStore.open({
    url: fake.url,
    collection: COLLECTION,
    vectorDimensions: FAKE_DIMENSIONS,
  });
  fake.requests.length = 0;
  return { store, fake };
}

/**
 * The server-mode invoice store: one Qdrant point per invoice (id = the invoice's UUIDv5), the
 * record in the payload, a dense vector "dense" when embeddings are configured and a sparse BM25
 * vector "bm25" always. Several API instances and workers can share one collection.
 */

import type { Schemas } from '@qdrant/js-client-rest';
import { QdrantClient } from '@qdrant/js-client-rest';
import type {
  AggregateGroup,
  AggregateRow,
  InvoiceFilter,
  InvoiceRecord,
} from '../../domain/types.js';
import {
  canonicalTimestamp,
  checkGroups,
  checkLimit,
  decodeCursor,
  encodeCursor,
  fusionCandidates,
  normalizeFilter,
  queryTokens,
  RRF_K,
} from '../filters.js';
import { isUuid } from '../invoice-key.js';
import type { InvoiceStore, Page, SearchHit, SearchQuery } from '../ports.js';
import { aggregatePayloads } from './aggregate.js';
import { checkCompatibility, DENSE_VECTOR, ensureCollection, SPARSE_VECTOR } from './collection.js';
import { allOf, filterConditions } from './filter.js';
import { QdrantListPager } from './list-page.js';
import { AGGREGATE_FIELDS, recordOf, toPayload } from './payload.js';
import { scrollPages } from './scroll.js';
import { documentSparseVector, querySparseVector, recordWords } from './sparse.js';

export interface QdrantInvoiceStoreOptions {
  url: string;
  apiKey?: string;
  collection: string;
  /** Size of the dense vectors (EMBEDDING_DIMENSIONS); the collection is created with it. */
  vectorDimensions: number;
  /** Per-request time limit; the client's default is five minutes. */
  timeoutMs?: number;
}

const RECORD_ONLY = ['record'];
const AGGREGATE_PAGE_SIZE = 1000;

export class QdrantInvoiceStore implements InvoiceStore {
  readonly kind = 'qdrant' as const;
  private readonly pager: QdrantListPager;

  private constructor(
    private readonly client: QdrantClient,
    private readonly collection: string,
    private readonly vectorDimensions: number,
  ) {
    this.pager = new QdrantListPager(client, collection);
  }

  /** Checks the server version, creates or checks the collection and its indexes, then returns the store. */
  static async open(options: QdrantInvoiceStoreOptions): Promise<QdrantInvoiceStore> {
    const client = new QdrantClient({
      url: options.url,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      timeout: options.timeoutMs ?? 30_000,
      // checkCompatibility below fails start-up instead of the client's background warning.
      checkCompatibility: false,
    });
    await checkCompatibility(client, options.url);
    await ensureCollection(client, options.collection, options.vectorDimensions);
    return new QdrantInvoiceStore(client, options.collection, options.vectorDimensions);
  }

  async upsert(records: InvoiceRecord[], vectors?: number[][]): Promise<void> {
    if (records.length === 0) return;
    if (vectors !== undefined && vectors.length !== records.length) {
      throw new RangeError(`upsert got ${records.length} records but ${vectors.length} vectors.`);
    }
    for (const record of records)
      if (!isUuid(record.id)) throw new TypeError(`Invoice id ${record.id} is not a UUID.`);
    for (const vector of vectors ?? []) {
      if (vector.length !== this.vectorDimensions)
        throw new RangeError(
          `Expected a ${this.vectorDimensions}-dimensional vector, got ${vector.length} dimensions.`,
        );
    }
    const dense = vectors ?? (await this.storedDenseVectors(records.map((record) => record.id)));
    const points: Schemas['PointStruct'][] = records.map((record, index) => {
      const words = recordWords(record);
      const vector = dense instanceof Map ? dense.get(record.id) : dense[index];
      return {
        id: record.id,
        vector: {
          [SPARSE_VECTOR]: documentSparseVector(words),
          ...(vector ? { [DENSE_VECTOR]: vector } : {}),
        },
        payload: { ...toPayload(record, words) },
      };
    });
    await this.client.upsert(this.collection, { wait: true, points });
  }

  /** An upsert replaces whole points, so vectors already stored are read back to be kept. */
  private async storedDenseVectors(ids: string[]): Promise<Map<string, number[]>> {
    const points = await this.client.retrieve(this.collection, {
      ids,
      with_payload: false,
      with_vector: [DENSE_VECTOR],
    });
    const kept = new Map<string, number[]>();
    for (const point of points) {
      const vector = (point.vector as Record<string, unknown> | null | undefined)?.[DENSE_VECTOR];
      if (Array.isArray(vector)) kept.set(String(point.id), vector as number[]);
    }
    return kept;
  }

  async get(id: string): Promise<InvoiceRecord | null> {
    if (!isUuid(id)) return null;
    const [point] = await this.client.retrieve(this.collection, {
      ids: [id],
      with_payload: RECORD_ONLY,
      with_vector: false,
    });
    return point ? recordOf(point.payload) : null;
  }

  async list(
    filter: InvoiceFilter,
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<InvoiceRecord>> {
    const limit = checkLimit(page.limit);
    const conditions = filterConditions(normalizeFilter(filter));
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const { items, more } = await this.pager.page(conditions, limit, after);
    const last = items.at(-1);
    return {
      items,
      next_cursor:
        more && last
          ? encodeCursor({ created_at: canonicalTimestamp(last.created_at), id: last.id })
          : null,
    };
  }

  async delete(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const found = await this.client.retrieve(this.collection, {
      ids: [id],
      with_payload: false,
      with_vector: false,
    });
    if (found.length === 0) return false;
    await this.client.delete(this.collection, { wait: true, points: [id] });
    return true;
  }

  /**
   * BM25 (sparse), dense KNN, or both fused by Qdrant's RRF with k = RRF_K, the filter applied
   * inside each prefetch so neither list can bring back what it excludes; newest first when
   * neither text nor vector is given.
   */
  async search(query: SearchQuery): Promise<SearchHit[]> {
    const limit = checkLimit(query.limit);
    const filter = allOf(filterConditions(normalizeFilter(query.filter)));
    const words = queryTokens(query.text ?? '');
    const vector = query.vector;
    if (vector !== undefined && vector.length !== this.vectorDimensions) {
      throw new RangeError(
        `Expected a ${this.vectorDimensions}-dimensional vector, got ${vector.length} dimensions.`,
      );
    }
    const sparse =
      words.length > 0 ? { query: querySparseVector(words), using: SPARSE_VECTOR } : null;
    const dense = vector !== undefined ? { query: vector, using: DENSE_VECTOR } : null;
    let request: Schemas['QueryRequest'];
    if (sparse && dense) {
      const candidates = fusionCandidates(limit);
      request = {
        prefetch: [sparse, dense].map((branch) => ({ ...branch, filter, limit: candidates })),
        query: { rrf: { k: RRF_K } },
        limit,
      };
    } else if (sparse ?? dense) {
      request = { ...(sparse ?? dense), filter, limit };
    } else {
      return (await this.list(query.filter, { limit })).items.map((record) => ({
        record,
        score: 0,
      }));
    }
    const { points } = await this.client.query(this.collection, {
      ...request,
      with_payload: RECORD_ONLY,
    });
    return points.map((point) => ({ record: recordOf(point.payload), score: point.score }));
  }

  async aggregate(filter: InvoiceFilter, groupBy: AggregateGroup[]): Promise<AggregateRow[]> {
    const groups = checkGroups(groupBy);
    const qdrantFilter = allOf(filterConditions(normalizeFilter(filter)));
    const payloads: Array<Record<string, unknown>> = [];
    const pages = scrollPages(this.client, this.collection, {
      filter: qdrantFilter,
      limit: AGGREGATE_PAGE_SIZE,
      with_payload: [...AGGREGATE_FIELDS],
    });
    for await (const points of pages)
      for (const point of points) payloads.push(point.payload ?? {});
    return aggregatePayloads(payloads, groups);
  }

  async ping(): Promise<void> {
    const { exists } = await this.client.collectionExists(this.collection);
    if (!exists) throw new Error(`Qdrant collection "${this.collection}" does not exist.`);
  }

  /** The REST client holds no connection that needs closing. */
  async close(): Promise<void> {}
}

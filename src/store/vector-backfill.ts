/**
 * Embeds stored invoices that have no vector: those analysed before Gemini embeddings were
 * configured, and those whose vectors a migration dropped (invoices:2). Until an invoice has its
 * vector, hybrid search still finds it by its words; the backfill gives it the dense side too.
 * It runs in the background of the embedded worker, a batch at a time through the shared Gemini
 * client (its concurrency cap and rate-limit pause hold), and simply stops on an error: the next
 * start carries on where it left off.
 */
import type { InvoiceRecord } from '../domain/types.js';
import { embeddingText } from './embedding-text.js';
import type { InvoiceStore } from './ports.js';

export interface VectorBackfillStore {
  /** Up to `limit` stored invoices that have no vector. */
  withoutVectors(limit: number): Promise<InvoiceRecord[]>;
  /** Sets vectors of stored invoices (their records untouched); returns how many were set. */
  putVectors(ids: string[], vectors: number[][]): Promise<number>;
}

export type DocumentEmbedder = (texts: string[], signal?: AbortSignal) => Promise<number[][]>;

export interface BackfillOptions {
  /** Invoices per embedding request (the API takes at most 100). */
  batchSize?: number;
  signal?: AbortSignal;
  /** After each batch, with the number embedded so far. */
  onBatch?: (embedded: number) => void;
}

const DEFAULT_BATCH_SIZE = 100;

export function canBackfillVectors(
  store: InvoiceStore,
): store is InvoiceStore & VectorBackfillStore {
  const candidate = store as Partial<VectorBackfillStore>;
  return (
    typeof candidate.withoutVectors === 'function' && typeof candidate.putVectors === 'function'
  );
}

/** Embeds every invoice without a vector; returns how many got one. */
export async function backfillVectors(
  store: VectorBackfillStore,
  embed: DocumentEmbedder,
  options: BackfillOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const attempted = new Set<string>();
  let embedded = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const records = await store.withoutVectors(batchSize);
    // An invoice offered again after its vector was stored would loop forever: stop instead.
    const fresh = records.filter((record) => !attempted.has(record.id));
    if (fresh.length === 0) return embedded;
    for (const record of fresh) attempted.add(record.id);
    const vectors = await embed(fresh.map(embeddingText), options.signal);
    embedded += await store.putVectors(
      fresh.map((record) => record.id),
      vectors,
    );
    options.onBatch?.(embedded);
  }
}

export interface BackfillLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

/** The backfill as the worker runs it at start: in the background, logged, never throwing. */
export async function runVectorBackfill(
  store: VectorBackfillStore,
  embed: DocumentEmbedder,
  options: { signal?: AbortSignal; log?: BackfillLog } = {},
): Promise<number> {
  const { signal, log } = options;
  try {
    const embedded = await backfillVectors(store, embed, {
      ...(signal ? { signal } : {}),
      onBatch: (count) => log?.info({ embedded: count }, 'vector backfill: invoices embedded'),
    });
    if (embedded > 0)
      log?.info(
        { embedded },
        'vector backfill done: every stored invoice is searchable by meaning',
      );
    return embedded;
  } catch (error) {
    if (!signal?.aborted)
      log?.warn({ err: error }, 'vector backfill stopped; the next start carries on');
    return 0;
  }
}

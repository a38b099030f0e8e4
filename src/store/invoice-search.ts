/**
 * Text search as the API and the chat ask for it. With embeddings configured, the question is
 * embedded (RETRIEVAL_QUERY) and the store fuses its dense and lexical rankings by reciprocal rank
 * (k = 60), so "dinner with wine" finds the restaurant bill that lists a Merlot. Without
 * embeddings, or when the question cannot be embedded (rate limit, outage, slow answer), the words
 * alone decide, exactly as a lexical-only deployment searches: a search never fails because the
 * embedding model did. Every fallback is logged and reported in `retrieval`.
 *
 * Filters (the caller's access scope among them) go to the store unchanged, which applies them to
 * both rankings before fusion: a vector never brings back an invoice the filter excludes.
 */
import type { InvoiceFilter, InvoiceRecord } from '../domain/types.js';
import { BadRequestError } from '../errors.js';
import { checkLimit, queryTokens } from './filters.js';
import type { InvoiceStore, Page, SearchHit } from './ports.js';

/** The query's vector, or a rejection; `signal` ends the call (caller gone, or too slow). */
export type QueryEmbedder = (text: string, signal: AbortSignal) => Promise<number[]>;

export type FallbackReason = 'query_embedding_failed' | 'query_embedding_timeout';

/** How a text search ranked what it returned. */
export interface Retrieval {
  /** hybrid: meaning and words fused; lexical: words only. */
  mode: 'hybrid' | 'lexical';
  /** Set when embeddings are configured but this search ran on words only, and why. */
  fallback_reason: FallbackReason | null;
}

export interface SearchLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface InvoiceSearchOptions {
  /** Leave out for lexical search only (no embeddings configured). */
  embedQuery?: QueryEmbedder;
  /**
   * Longest wait for the query's vector before searching by words alone (default 3000 ms). A
   * rate-limited client would otherwise hold a search for as long as it waits on the quota.
   */
  embedTimeoutMs?: number;
  log?: SearchLog;
}

export interface TextQuery {
  text: string;
  /** Filters both rankings; its own `text`, if any, is replaced by `text` above. */
  filter: InvoiceFilter;
  limit: number;
}

export interface TextSearchResult {
  hits: SearchHit[];
  retrieval: Retrieval;
}

export type SearchPage = Page<InvoiceRecord> & { retrieval: Retrieval };

/**
 * Results a ranked GET /invoices?q= pages through. Every page re-runs the same search at this
 * depth and slices it, so pages neither overlap nor skip (a deeper search could reorder them).
 */
export const RANKED_RESULTS = 100;
const DEFAULT_EMBED_TIMEOUT_MS = 3000;

const HYBRID: Retrieval = { mode: 'hybrid', fallback_reason: null };
const LEXICAL: Retrieval = { mode: 'lexical', fallback_reason: null };

export function encodeRankCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ rank: offset }), 'utf8').toString('base64url');
}

export function decodeRankCursor(cursor: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const rank = (parsed as { rank?: unknown } | null)?.rank;
    if (typeof rank === 'number' && Number.isSafeInteger(rank) && rank > 0) return rank;
  } catch {
    // Falls through to the one error clients see for any malformed cursor.
  }
  throw new BadRequestError(
    'invalid_cursor',
    'The cursor is not valid: pass next_cursor from the previous page unchanged, with the same q.',
  );
}

export class InvoiceSearch {
  private readonly embedTimeoutMs: number;

  constructor(
    private readonly store: InvoiceStore,
    private readonly options: InvoiceSearchOptions = {},
  ) {
    this.embedTimeoutMs = options.embedTimeoutMs ?? DEFAULT_EMBED_TIMEOUT_MS;
  }

  /** How text searches rank when nothing goes wrong. */
  get retrieval(): Retrieval {
    return this.options.embedQuery ? HYBRID : LEXICAL;
  }

  /**
   * Best matches first. Lexical: invoices holding every word, ranked by BM25. Hybrid: the BM25
   * ranking of invoices holding any word fused with the nearest vectors.
   */
  async search(query: TextQuery, signal?: AbortSignal): Promise<TextSearchResult> {
    const { text: _replaced, ...filter } = query.filter;
    const text = query.text.trim();
    const embedded = queryTokens(text).length > 0 ? await this.embed(text, signal) : null;
    if (embedded && 'vector' in embedded) {
      const hits = await this.store.search({
        text,
        vector: embedded.vector,
        filter,
        limit: query.limit,
      });
      return { hits, retrieval: HYBRID };
    }
    const hits = await this.store.search({ text, filter: { ...filter, text }, limit: query.limit });
    return {
      hits,
      retrieval: embedded ? { mode: 'lexical', fallback_reason: embedded.reason } : LEXICAL,
    };
  }

  /**
   * One page of GET /invoices?q=. Lexical: invoices holding every word, newest first, as a list.
   * Hybrid: the best RANKED_RESULTS matches in rank order, paged by position.
   */
  async page(
    query: TextQuery & { cursor?: string | null },
    signal?: AbortSignal,
  ): Promise<SearchPage> {
    const limit = checkLimit(query.limit);
    const { text: _replaced, ...filter } = query.filter;
    const text = query.text.trim();
    if (!this.options.embedQuery || queryTokens(text).length === 0) {
      const page = await this.store.list(
        { ...filter, text },
        { limit, cursor: query.cursor ?? null },
      );
      return { ...page, retrieval: LEXICAL };
    }
    const offset = query.cursor ? decodeRankCursor(query.cursor) : 0;
    const { hits, retrieval } = await this.search({ text, filter, limit: RANKED_RESULTS }, signal);
    const end = offset + limit;
    return {
      items: hits.slice(offset, end).map((hit) => hit.record),
      next_cursor: end < hits.length ? encodeRankCursor(end) : null,
      retrieval,
    };
  }

  private async embed(
    text: string,
    signal: AbortSignal | undefined,
  ): Promise<{ vector: number[] } | { reason: FallbackReason } | null> {
    const embedQuery = this.options.embedQuery;
    if (!embedQuery) return null;
    // A timer of our own rather than AbortSignal.timeout: it is cleared once the vector arrives.
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new Error(`No query vector within ${this.embedTimeoutMs} ms.`)),
      this.embedTimeoutMs,
    );
    try {
      const vector = await embedQuery(
        text,
        signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal,
      );
      return { vector };
    } catch (error) {
      // The caller went away: there is nobody to answer, by words or otherwise.
      if (signal?.aborted) throw signal.reason ?? error;
      const reason: FallbackReason = deadline.signal.aborted
        ? 'query_embedding_timeout'
        : 'query_embedding_failed';
      this.options.log?.warn(
        { err: error, reason, timeout_ms: this.embedTimeoutMs },
        'search fell back to words only: the query could not be embedded',
      );
      return { reason };
    } finally {
      clearTimeout(timer);
    }
  }
}

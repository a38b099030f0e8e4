/**
 * The invoice store as one caller may see it. Every store call of the chat, whether planned offline
 * or asked for by the model through a tool, goes through here, so the access rule is applied in one
 * place: an employee's filter is pinned to their own uploads whatever the question or the model
 * names; finance and admin see every record. No filter from a question can name an owner.
 */
import { canReadRecord, scopeFilter } from '../domain/access.js';
import type {
  AggregateGroup,
  AggregateRow,
  Caller,
  InvoiceFilter,
  InvoiceRecord,
} from '../domain/types.js';
import {
  InvoiceSearch,
  type Retrieval,
  type TextQuery,
  type TextSearchResult,
} from '../store/invoice-search.js';
import type { InvoiceStore, Page, SearchHit } from '../store/ports.js';

/** The largest page the store serves in one call. */
const PAGE_LIMIT = 1000;

export class CallerInvoices {
  private readonly textSearch: InvoiceSearch;

  constructor(
    private readonly store: InvoiceStore,
    readonly caller: Caller,
    /** Hybrid when it embeds queries; words only by default. */
    textSearch?: InvoiceSearch,
  ) {
    this.textSearch = textSearch ?? new InvoiceSearch(store);
  }

  /** The filter as it reaches the store: any owner in `filter` is dropped, then the caller's scope applied. */
  scope(filter: InvoiceFilter): InvoiceFilter {
    const { owner_sub: _ignored, ...asked } = filter;
    return scopeFilter(this.caller, asked);
  }

  list(
    filter: InvoiceFilter,
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<InvoiceRecord>> {
    return this.store.list(this.scope(filter), page);
  }

  search(query: { text?: string; filter: InvoiceFilter; limit: number }): Promise<SearchHit[]> {
    return this.store.search({ ...query, filter: this.scope(query.filter) });
  }

  /** How text searches rank when nothing goes wrong. */
  get retrieval(): Retrieval {
    return this.textSearch.retrieval;
  }

  /** Best matches for `text`, by meaning and words when queries are embedded (scope on both). */
  searchText(query: TextQuery, signal?: AbortSignal): Promise<TextSearchResult> {
    return this.textSearch.search({ ...query, filter: this.scope(query.filter) }, signal);
  }

  aggregate(filter: InvoiceFilter, groupBy: AggregateGroup[]): Promise<AggregateRow[]> {
    return this.store.aggregate(this.scope(filter), groupBy);
  }

  /** Null for an id that does not exist and for one the caller may not read alike. */
  async get(id: string): Promise<InvoiceRecord | null> {
    const record = await this.store.get(id);
    return record && canReadRecord(this.caller, record) ? record : null;
  }

  /** Employee keys the caller can see: the names a question may use. */
  async employees(): Promise<string[]> {
    const rows = await this.aggregate({}, ['employee']);
    return [...new Set(rows.map((row) => row.group.employee ?? ''))].filter(Boolean);
  }

  /** Up to `max` matching records, newest first, across pages. */
  async collect(filter: InvoiceFilter, max: number): Promise<InvoiceRecord[]> {
    const records: InvoiceRecord[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<InvoiceRecord> = await this.list(filter, {
        limit: Math.min(PAGE_LIMIT, max - records.length),
        cursor,
      });
      records.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor !== null && records.length < max);
    return records;
  }
}

/**
 * Newest-first pages over Qdrant with a (created_at, id) keyset cursor, like the SQLite adapter.
 *
 * Scroll with `order_by` cannot continue from an offset, and Qdrant orders equal created_at values
 * arbitrarily and has no "id less than" condition. So each page reads points older than the cursor
 * ordered by created_at; whenever a run of equal timestamps is cut by the page edge (a job stores
 * many invoices at the same instant), that whole run is read and ordered by id here. Runs are as
 * long as one job's batch, so this stays a few requests per page.
 */
import type { QdrantClient } from '@qdrant/js-client-rest';
import type { InvoiceRecord } from '../../domain/types.js';
import type { ListPosition } from '../filters.js';
import type { QdrantCondition } from './filter.js';
import { allOf } from './filter.js';
import { recordOf } from './payload.js';
import { scrollPages } from './scroll.js';

interface Entry {
  created_at: string;
  record: InvoiceRecord;
}

/** Points per request when reading a whole run of equal timestamps. */
const RUN_PAGE_SIZE = 256;
const LIST_PAYLOAD = ['record', 'created_at'];

function newestFirst(a: Entry, b: Entry): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.record.id === b.record.id ? 0 : a.record.id < b.record.id ? 1 : -1;
}

function entryOf(point: { payload?: Record<string, unknown> | null }): Entry {
  return { created_at: String(point.payload?.created_at), record: recordOf(point.payload) };
}

const createdAt = (range: { lt?: string; gte?: string; lte?: string }): QdrantCondition => ({
  key: 'created_at',
  range,
});

export class QdrantListPager {
  constructor(
    private readonly client: QdrantClient,
    private readonly collection: string,
  ) {}

  /** Every point matching the conditions created at exactly this instant, newest-first order. */
  private async run(conditions: QdrantCondition[], instant: string): Promise<Entry[]> {
    const entries: Entry[] = [];
    const pages = scrollPages(this.client, this.collection, {
      filter: allOf([...conditions, createdAt({ gte: instant, lte: instant })]),
      limit: RUN_PAGE_SIZE,
      with_payload: LIST_PAYLOAD,
    });
    for await (const points of pages) entries.push(...points.map(entryOf));
    return entries.sort(newestFirst);
  }

  async page(
    conditions: QdrantCondition[],
    limit: number,
    after: ListPosition | null,
  ): Promise<{ items: InvoiceRecord[]; more: boolean }> {
    const items: Entry[] = [];
    if (after) {
      const rest = (await this.run(conditions, after.created_at)).filter(
        (entry) => entry.record.id < after.id,
      );
      items.push(...rest.slice(0, limit));
      if (rest.length > limit) return { items: items.map((entry) => entry.record), more: true };
    }
    const wanted = limit - items.length;
    const older = after ? [createdAt({ lt: after.created_at })] : [];
    const batch = (
      await this.client.scroll(this.collection, {
        filter: allOf([...conditions, ...older]),
        // One more than wanted tells whether another page exists and whether the edge cuts a run.
        limit: wanted + 1,
        with_payload: LIST_PAYLOAD,
        order_by: { key: 'created_at', direction: 'desc' },
      })
    ).points.map(entryOf);
    const more = batch.length > wanted;
    const lastKept = batch[wanted - 1];
    const firstLeft = batch[wanted];
    if (!more || !lastKept || !firstLeft || firstLeft.created_at !== lastKept.created_at) {
      items.push(...batch.slice(0, wanted).sort(newestFirst));
    } else {
      const edge = lastKept.created_at;
      const newer = batch.filter((entry) => entry.created_at > edge).sort(newestFirst);
      const run = await this.run(conditions, edge);
      items.push(...newer, ...run.slice(0, wanted - newer.length));
    }
    return { items: items.map((entry) => entry.record), more };
  }
}

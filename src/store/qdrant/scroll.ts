import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';

/** Every point a scroll matches, page by page, following next_page_offset (id order, no order_by). */
export async function* scrollPages(
  client: QdrantClient,
  collection: string,
  request: Omit<Schemas['ScrollRequest'], 'offset' | 'order_by'>,
): AsyncGenerator<Schemas['Record'][]> {
  let offset: Schemas['ExtendedPointId'] | undefined;
  do {
    const page = await client.scroll(collection, {
      ...request,
      ...(offset !== undefined ? { offset } : {}),
    });
    yield page.points;
    const next = page.next_page_offset;
    offset = typeof next === 'string' || typeof next === 'number' ? next : undefined;
  } while (offset !== undefined);
}

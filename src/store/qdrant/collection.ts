/**
 * Start-up of the Qdrant adapter: the server version is checked, the collection created when
 * missing (or checked when present) and every filtered payload field indexed, because filtering on
 * an unindexed field is refused on strict-mode clusters and slow everywhere else.
 */
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import { checkServerVersion, QdrantCompatibilityError } from './compatibility.js';
import { PAYLOAD_INDEXES } from './payload.js';

export const DENSE_VECTOR = 'dense';
export const SPARSE_VECTOR = 'bm25';

export function collectionConfig(
  vectorDimensions: number,
): Pick<Schemas['CreateCollection'], 'vectors' | 'sparse_vectors'> {
  return {
    vectors: { [DENSE_VECTOR]: { size: vectorDimensions, distance: 'Cosine' } },
    sparse_vectors: { [SPARSE_VECTOR]: { modifier: 'idf' } },
  };
}

export async function checkCompatibility(client: QdrantClient, url: string): Promise<string> {
  let version: string;
  try {
    version = (await client.versionInfo()).version;
  } catch (error) {
    throw new QdrantCompatibilityError(
      `Qdrant at ${url} did not answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  checkServerVersion(version);
  return version;
}

function checkExistingCollection(
  name: string,
  info: Schemas['CollectionInfo'],
  vectorDimensions: number,
): void {
  const vectors = info.config.params.vectors as
    | Record<string, Schemas['VectorParams'] | undefined>
    | undefined;
  const dense = vectors?.[DENSE_VECTOR];
  if (!dense || dense.size !== vectorDimensions || dense.distance !== 'Cosine') {
    const found = dense ? `${dense.size} dimensions, ${dense.distance}` : 'none';
    throw new QdrantCompatibilityError(
      `Qdrant collection "${name}" has dense vector "${DENSE_VECTOR}": ${found}; this service needs ${vectorDimensions} dimensions, Cosine. ` +
        'Set EMBEDDING_DIMENSIONS to match, or use a new QDRANT_COLLECTION and reindex into it.',
    );
  }
  const sparse = info.config.params.sparse_vectors?.[SPARSE_VECTOR];
  if (sparse?.modifier !== 'idf') {
    throw new QdrantCompatibilityError(
      `Qdrant collection "${name}" lacks the sparse vector "${SPARSE_VECTOR}" with modifier idf; use a new QDRANT_COLLECTION and reindex into it.`,
    );
  }
}

/** Creates the collection and its payload indexes when missing; idempotent, safe from several instances. */
export async function ensureCollection(
  client: QdrantClient,
  name: string,
  vectorDimensions: number,
): Promise<void> {
  let indexed: Record<string, unknown> = {};
  if ((await client.collectionExists(name)).exists) {
    const info = await client.getCollection(name);
    checkExistingCollection(name, info, vectorDimensions);
    indexed = info.payload_schema;
  } else {
    try {
      await client.createCollection(name, collectionConfig(vectorDimensions));
    } catch (error) {
      // Another instance may have created it between the check and the create.
      if (!(await client.collectionExists(name)).exists) throw error;
    }
  }
  for (const [field, schema] of Object.entries(PAYLOAD_INDEXES)) {
    if (field in indexed) continue;
    await client.createPayloadIndex(name, { field_name: field, field_schema: schema, wait: true });
  }
}

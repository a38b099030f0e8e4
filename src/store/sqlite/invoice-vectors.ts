/**
 * Dense vectors of invoices in a sqlite-vec `vec0` table whose rowid is invoices.seq.
 *
 * The table is made here rather than in a migration because its dimension is configuration. KNN is
 * exact (sqlite-vec 0.1.9 scans every vector) and filters apply before ranking through
 * `rowid IN (subquery)`, which vec0 honours inside the KNN query, so a filtered search returns the
 * k nearest matching invoices, not the matching few among the k nearest overall.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';
import type { SqlCondition } from './invoice-where.js';

const TABLE = 'invoice_vectors';
/** The largest k a vec0 KNN query accepts. */
export const MAX_NEAREST = 4096;

export interface Nearest {
  seq: number;
  distance: number;
}

export class VectorDimensionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VectorDimensionError';
  }
}

function storedDimensions(db: SqliteDatabase): number | null {
  const sql = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
    .pluck()
    .get(TABLE) as string | undefined;
  if (sql === undefined) return null;
  const match = /float\[(\d+)\]/.exec(sql);
  if (!match) throw new VectorDimensionError(`Cannot read the dimension of ${TABLE} from: ${sql}`);
  return Number(match[1]);
}

function asBlob(vector: number[]): Buffer {
  const floats = Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
}

export class InvoiceVectors {
  /** Null when vectors are not configured: then only removals are done (for vectors kept from before). */
  readonly dimensions: number | null;
  private readonly statements: { remove: Database.Statement; insert: Database.Statement } | null;

  constructor(
    private readonly db: SqliteDatabase,
    configuredDimensions: number | undefined,
  ) {
    const existing = storedDimensions(db);
    if (configuredDimensions !== undefined) {
      if (!Number.isSafeInteger(configuredDimensions) || configuredDimensions < 1) {
        throw new VectorDimensionError(
          `vectorDimensions must be a positive whole number, got ${configuredDimensions}`,
        );
      }
      if (existing !== null && existing !== configuredDimensions) {
        throw new VectorDimensionError(
          `The database holds ${existing}-dimensional invoice vectors but ${configuredDimensions} are configured: ` +
            `set EMBEDDING_DIMENSIONS=${existing}, or drop the table ${TABLE} and re-embed every invoice (reindex() with an embed function).`,
        );
      }
      if (existing === null)
        db.exec(
          `CREATE VIRTUAL TABLE ${TABLE} USING vec0 (embedding float[${configuredDimensions}] distance_metric=cosine)`,
        );
    }
    this.dimensions = configuredDimensions ?? null;
    const tableExists = configuredDimensions !== undefined || existing !== null;
    this.statements = tableExists
      ? {
          remove: db.prepare(`DELETE FROM ${TABLE} WHERE rowid = ?`),
          insert: db.prepare(`INSERT INTO ${TABLE} (rowid, embedding) VALUES (?, ?)`),
        }
      : null;
  }

  private requireDimensions(vector: number[]): void {
    if (this.dimensions === null)
      throw new VectorDimensionError(
        'This invoice store has no vectors configured (vectorDimensions).',
      );
    if (vector.length !== this.dimensions) {
      throw new VectorDimensionError(
        `Expected a ${this.dimensions}-dimensional vector, got ${vector.length} dimensions.`,
      );
    }
  }

  replace(seq: number, vector: number[]): void {
    this.requireDimensions(vector);
    // vec0 accepts neither INSERT OR REPLACE nor rowids bound as JavaScript numbers.
    this.statements?.remove.run(BigInt(seq));
    this.statements?.insert.run(BigInt(seq), asBlob(vector));
  }

  remove(seq: number): void {
    this.statements?.remove.run(BigInt(seq));
  }

  /**
   * Invoices without a vector, in storage order: stored before embeddings were configured, or
   * cleared by a migration. None when vectors are not configured.
   */
  missing(limit: number): number[] {
    if (this.dimensions === null) return [];
    return this.db
      .prepare(
        `SELECT i.seq FROM invoices i WHERE i.seq NOT IN (SELECT rowid FROM ${TABLE}) ORDER BY i.seq LIMIT ?`,
      )
      .pluck()
      .all(limit) as number[];
  }

  /** Nearest invoices matching the condition, closest first, with their cosine distance. */
  nearest(vector: number[], k: number, condition: SqlCondition): Nearest[] {
    this.requireDimensions(vector);
    const restrict =
      condition.sql === '1'
        ? ''
        : `AND rowid IN (SELECT i.seq FROM invoices i WHERE ${condition.sql})`;
    // vec0 allows no ORDER BY but distance in a KNN query: the KNN runs materialized, and the outer
    // ORDER BY makes ties stable.
    const sql = `
      WITH knn AS MATERIALIZED (SELECT rowid AS seq, distance FROM ${TABLE} WHERE embedding MATCH ? AND k = ? ${restrict})
      SELECT seq, distance FROM knn ORDER BY distance, seq`;
    return this.db
      .prepare(sql)
      .all(asBlob(vector), Math.min(k, MAX_NEAREST), ...condition.params) as Nearest[];
  }
}

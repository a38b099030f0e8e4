/**
 * Dense vectors of invoices, keyed by invoices.seq, searched with sqlite-vec's distance functions.
 *
 * Two tables (migration invoices:2): `invoice_embeddings` holds each vector as float32, and
 * `invoice_embedding_bits` its sign bits (one bit per dimension, 96 bytes at 768 dimensions). A
 * search scans the bits by Hamming distance for several hundred candidates, then ranks those by the
 * exact cosine distance of their float vectors. Measured at 100,000 invoices of 768 dimensions on
 * two cores: scanning the bits takes about 20 ms in SQL (a few in memory: bit-index.ts, used when
 * no filter narrows the scan) and the exact ranking 2 ms, where a vec0 table took 630 ms for an
 * exact float KNN and 130 ms for a bit KNN at the depth fusion needs (its cost grew with k).
 * Filters are ordinary SQL on the invoices table, applied before either stage, so the
 * nearest invoices are chosen among those the filter (an employee's scope included) lets through;
 * when fewer pass than there are candidates, every one of them is ranked exactly.
 */
import type Database from 'better-sqlite3';
import { BitIndex } from './bit-index.js';
import type { SqliteDatabase } from './database.js';
import type { SqlCondition } from './invoice-where.js';

/**
 * Candidates the bit scan hands to exact ranking per vector wanted, and at least MIN_CANDIDATES:
 * ranking 800 float vectors costs about 2 ms, and with fewer a large group of near-identical
 * invoices (hundreds of one vendor's receipts) could crowd a slightly nearer one out of the
 * candidates, the bits being only an estimate of the angle.
 */
const OVERSAMPLING = 4;
const MIN_CANDIDATES = 800;
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

function asBlob(vector: number[]): Buffer {
  const floats = Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
}

/** Sign bits, least significant first, padded with zeros to whole bytes. */
export function signBits(vector: number[]): Buffer {
  const bits = Buffer.alloc(Math.ceil(vector.length / 8));
  vector.forEach((value, index) => {
    if (value > 0) bits[index >> 3] = (bits[index >> 3] ?? 0) | (1 << (index & 7));
  });
  return bits;
}

function storedDimensions(db: SqliteDatabase): number | null {
  const value = db.prepare('SELECT dimensions FROM invoice_embedding_settings').pluck().get() as
    | number
    | undefined;
  return value ?? null;
}

export class InvoiceVectors {
  /** Null when vectors are not configured: then only removals are done (for vectors kept from before). */
  readonly dimensions: number | null;
  private readonly statements: Record<
    'removeFloats' | 'removeBits' | 'putFloats' | 'putBits' | 'missing' | 'rank',
    Database.Statement
  >;

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
            `set EMBEDDING_DIMENSIONS=${existing}, or delete the stored vectors (DELETE FROM invoice_embeddings; ` +
            'DELETE FROM invoice_embedding_bits; DELETE FROM invoice_embedding_settings) and restart: the worker embeds every invoice again.',
        );
      }
      if (existing === null)
        db.prepare('INSERT INTO invoice_embedding_settings (dimensions) VALUES (?)').run(
          configuredDimensions,
        );
    }
    this.dimensions = configuredDimensions ?? null;
    this.statements = {
      removeFloats: db.prepare('DELETE FROM invoice_embeddings WHERE seq = ?'),
      removeBits: db.prepare('DELETE FROM invoice_embedding_bits WHERE seq = ?'),
      putFloats: db.prepare(
        'INSERT OR REPLACE INTO invoice_embeddings (seq, embedding) VALUES (?, ?)',
      ),
      putBits: db.prepare(
        'INSERT OR REPLACE INTO invoice_embedding_bits (seq, bits) VALUES (?, ?)',
      ),
      missing: db
        .prepare(`SELECT i.seq FROM invoices i LEFT JOIN invoice_embeddings e ON e.seq = i.seq
                  WHERE e.seq IS NULL ORDER BY i.seq LIMIT ?`)
        .pluck(),
      // A candidate whose vector is gone since (bit-index.ts keeps it) drops out of the join.
      rank: db.prepare(`
        SELECT e.seq AS seq, COALESCE(vec_distance_cosine(e.embedding, @vector), 1) AS distance
        FROM json_each(@candidates) c JOIN invoice_embeddings e ON e.seq = c.value
        ORDER BY distance, e.seq LIMIT @wanted`),
    };
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
    const bits = signBits(vector);
    this.statements.putFloats.run(seq, asBlob(vector));
    this.statements.putBits.run(seq, bits);
    BitIndex.of(this.db, vector.length).put(seq, bits);
  }

  remove(seq: number): void {
    this.statements.removeFloats.run(seq);
    this.statements.removeBits.run(seq);
    BitIndex.existing(this.db)?.remove();
  }

  /**
   * Invoices without a vector, in storage order: stored before embeddings were configured, or
   * cleared by a migration. None when vectors are not configured.
   */
  missing(limit: number): number[] {
    if (this.dimensions === null) return [];
    return this.statements.missing.all(limit) as number[];
  }

  /** The k nearest invoices matching the condition, closest first, with their cosine distance. */
  nearest(vector: number[], k: number, condition: SqlCondition): Nearest[] {
    this.requireDimensions(vector);
    const wanted = Math.min(k, MAX_NEAREST);
    const candidates = Math.max(wanted * OVERSAMPLING, MIN_CANDIDATES);
    // Without a filter every vector is a candidate: the in-memory bits are scanned. With one, the
    // invoices' indexes lead and only the bits of the invoices it lets through are read.
    if (condition.sql === '1')
      return this.rank(vector, this.index().nearest(signBits(vector), candidates), wanted);
    // A zero vector has no cosine distance (NULL): it counts as unrelated, not as nearest.
    const sql = `
      WITH coarse AS MATERIALIZED (
        SELECT b.seq FROM invoices i JOIN invoice_embedding_bits b ON b.seq = i.seq
        WHERE ${condition.sql}
        ORDER BY vec_distance_hamming(vec_bit(b.bits), vec_bit(@bits)) LIMIT @candidates)
      SELECT e.seq AS seq, COALESCE(vec_distance_cosine(e.embedding, @vector), 1) AS distance
      FROM coarse JOIN invoice_embeddings e ON e.seq = coarse.seq
      ORDER BY distance, e.seq LIMIT @wanted`;
    const named = { bits: signBits(vector), vector: asBlob(vector), candidates, wanted };
    const statement = this.db.prepare(sql);
    return (
      condition.params.length > 0 ? statement.all(...condition.params, named) : statement.all(named)
    ) as Nearest[];
  }

  private index(): BitIndex {
    return BitIndex.of(this.db, this.dimensions ?? 0);
  }

  /** The candidates ranked by exact cosine distance, nearest first. */
  private rank(vector: number[], candidates: number[], wanted: number): Nearest[] {
    return this.statements.rank.all({
      vector: asBlob(vector),
      candidates: JSON.stringify(candidates),
      wanted,
    }) as Nearest[];
  }
}

/**
 * The sign bits of every stored invoice vector, held in memory for the one dense scan that reads
 * them all: a search without a filter. XOR and a 16-bit popcount table compare 100,000 vectors of
 * 768 bits in a few milliseconds, where SQLite spends about 20 ms calling sqlite-vec once per row.
 * 96 bytes an invoice at 768 dimensions (9.6 MB at 100,000).
 *
 * The index only proposes candidates; the caller ranks them by the float vectors in the database.
 * So it may hold more than the table (a vector written in a transaction that rolled back, or one
 * deleted since), which costs a candidate slot, but never less than this connection committed:
 * writes through InvoiceVectors add to it at once, and commits by other connections are noticed
 * through `PRAGMA data_version`, which reloads it.
 */
import type { SqliteDatabase } from './database.js';

const POPCOUNT = (() => {
  const table = new Uint8Array(1 << 16);
  for (let value = 1; value < table.length; value += 1)
    table[value] = (table[value >> 1] ?? 0) + (value & 1);
  return table;
})();

/** Removals tolerated, as a share of the entries, before the next search reloads from the table. */
const STALE_SHARE = 0.1;
const indexes = new WeakMap<SqliteDatabase, BitIndex>();

function wordsOf(bits: Buffer, words: number): Uint32Array {
  const padded = new Uint8Array(words * 4);
  padded.set(bits.subarray(0, padded.length));
  return new Uint32Array(padded.buffer);
}

export class BitIndex {
  private bits: Uint32Array;
  private seqs: Float64Array;
  private readonly slots = new Map<number, number>();
  private size = 0;
  private removed = 0;
  private loadedAt: number | null = null;

  private constructor(
    private readonly db: SqliteDatabase,
    /** 32-bit words per vector. */
    private readonly words: number,
  ) {
    this.bits = new Uint32Array(0);
    this.seqs = new Float64Array(0);
  }

  /** The index of this connection, if a search has made one. */
  static existing(db: SqliteDatabase): BitIndex | undefined {
    return indexes.get(db);
  }

  /** The index of this connection's vectors (one per connection and dimension). */
  static of(db: SqliteDatabase, dimensions: number): BitIndex {
    const words = Math.ceil(dimensions / 32);
    const existing = indexes.get(db);
    if (existing && existing.words === words) return existing;
    const index = new BitIndex(db, words);
    indexes.set(db, index);
    return index;
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private reload(): void {
    this.loadedAt = this.dataVersion();
    this.slots.clear();
    this.size = 0;
    this.removed = 0;
    const rows = this.db.prepare('SELECT seq, bits FROM invoice_embedding_bits').raw().iterate();
    for (const [seq, bits] of rows as Iterable<[number, Buffer]>) this.write(seq, bits);
  }

  private write(seq: number, bits: Buffer): void {
    let slot = this.slots.get(seq);
    if (slot === undefined) {
      slot = this.size;
      this.size += 1;
      if (slot >= this.seqs.length) this.grow();
      this.slots.set(seq, slot);
      this.seqs[slot] = seq;
    }
    const bytes = this.words * 4;
    const view = new Uint8Array(this.bits.buffer, slot * bytes, bytes);
    view.set(bits.subarray(0, bytes));
    view.fill(0, Math.min(bits.length, bytes));
  }

  private grow(): void {
    const capacity = Math.max(1024, this.seqs.length * 2);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    const bits = new Uint32Array(capacity * this.words);
    bits.set(this.bits);
    this.seqs = seqs;
    this.bits = bits;
  }

  /** A vector stored (or replaced) by this connection. Before the first search, nothing to do. */
  put(seq: number, bits: Buffer): void {
    if (this.loadedAt !== null) this.write(seq, bits);
  }

  /** A vector deleted by this connection: kept until enough are gone to be worth a reload. */
  remove(): void {
    this.removed += 1;
  }

  /** Up to `count` seqs whose bits are nearest to `query` by Hamming distance (ties: stored order). */
  nearest(query: Buffer, count: number): number[] {
    if (
      this.loadedAt === null ||
      this.loadedAt !== this.dataVersion() ||
      this.removed > this.size * STALE_SHARE
    )
      this.reload();
    const words = this.words;
    const target = wordsOf(query, words);
    const distances = new Uint16Array(this.size);
    const histogram = new Uint32Array(words * 32 + 1);
    for (let slot = 0; slot < this.size; slot += 1) {
      let distance = 0;
      const offset = slot * words;
      for (let word = 0; word < words; word += 1) {
        const diff = ((this.bits[offset + word] ?? 0) ^ (target[word] ?? 0)) >>> 0;
        distance += (POPCOUNT[diff & 0xffff] ?? 0) + (POPCOUNT[diff >>> 16] ?? 0);
      }
      distances[slot] = distance;
      histogram[distance] = (histogram[distance] ?? 0) + 1;
    }
    // The distance below which fewer than `count` vectors lie, then those vectors in slot order.
    let cutoff = 0;
    for (let below = 0; cutoff < histogram.length; cutoff += 1) {
      below += histogram[cutoff] ?? 0;
      if (below >= count) break;
    }
    const found: number[] = [];
    for (let slot = 0; slot < this.size && found.length < count; slot += 1)
      if ((distances[slot] ?? 0) < cutoff) found.push(this.seqs[slot] ?? 0);
    for (let slot = 0; slot < this.size && found.length < count; slot += 1)
      if (distances[slot] === cutoff) found.push(this.seqs[slot] ?? 0);
    return found;
  }
}

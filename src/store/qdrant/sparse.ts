/**
 * BM25 as a sparse vector, built client-side. Each word becomes an index (a 32-bit hash of the word)
 * with its term-frequency weight; Qdrant's `modifier: 'idf'` multiplies in the inverse document
 * frequency at query time, so dot products give BM25 scores without a vocabulary to maintain.
 */
import type { InvoiceRecord } from '../../domain/types.js';
import { searchableFields, textTokens } from '../filters.js';

export interface SparseVector {
  indices: number[];
  values: number[];
}

/** The usual BM25 constants; the average length is FastEmbed's default for its Qdrant/bm25 model. */
const K1 = 1.2;
const B = 0.75;
const AVERAGE_DOCUMENT_WORDS = 256;

/** FNV-1a, 32 bits: stable across processes and versions, which the stored index depends on. */
export function wordIndex(word: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(word, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function toSparse(weights: Map<number, number>): SparseVector {
  const indices = [...weights.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((index) => weights.get(index) ?? 0) };
}

/** Saturated, length-normalised term frequencies of a document's words. */
export function documentSparseVector(words: string[]): SparseVector {
  const counts = new Map<number, number>();
  for (const word of words) {
    const index = wordIndex(word);
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  const lengthNorm = 1 - B + (B * words.length) / AVERAGE_DOCUMENT_WORDS;
  const weights = new Map<number, number>();
  for (const [index, count] of counts)
    weights.set(index, (count * (K1 + 1)) / (count + K1 * lengthNorm));
  return toSparse(weights);
}

/** Each distinct query word counts once; IDF does the weighting. */
export function querySparseVector(words: string[]): SparseVector {
  return toSparse(new Map(words.map((word) => [wordIndex(word), 1])));
}

/** Every searchable word of an invoice, in field order. */
export function recordWords(record: InvoiceRecord): string[] {
  return Object.values(searchableFields(record)).flatMap((text) => textTokens(text));
}

/**
 * The fake Gemini's embedding model: deterministic, no network, and meaningful enough to test
 * hybrid search. A text becomes a bag of features: each word is a feature of its own, and a word of
 * the small concept map below also adds its concept, so "dinner with wine" lands near a restaurant
 * bill listing a Merlot although they share no word. A word of the map adds both its own feature
 * and its concept's, so the exact word still matches more closely than a synonym. Numbers carry no
 * meaning here and are skipped.
 *
 * Each feature stands for a fixed pseudo-random direction (±1 in every dimension, seeded by the
 * feature's hash), and a text is the weighted sum of its features' directions, L2-normalised to the
 * asked dimension. So, like a real model's, the vectors are dense: every dimension carries a little
 * of every word, and their signs keep the angles between texts (random-hyperplane hashing), which
 * is what a store that quantizes vectors to sign bits relies on.
 *
 * It knows nothing of invoices beyond these everyday words; a paraphrase outside the map is as
 * lost here as it is to BM25, which keeps the benchmark's figures about fusion, not about the fake.
 */
import { createHash } from 'node:crypto';

/** Concept → the words that mean it (singular; a plural "s" is dropped before lookup). */
export const CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  alcohol: [
    'alcohol',
    'alcoholic',
    'wine',
    'beer',
    'bar',
    'pub',
    'merlot',
    'chardonnay',
    'cabernet',
    'whisky',
    'whiskey',
    'vodka',
    'rum',
    'gin',
    'cocktail',
    'liquor',
    'champagne',
    'lager',
    'ale',
    'brewery',
  ],
  meal: [
    'meal',
    'dinner',
    'supper',
    'lunch',
    'breakfast',
    'brunch',
    'restaurant',
    'dining',
    'dine',
    'food',
    'bistro',
    'eatery',
    'cafe',
    'canteen',
  ],
  ride: ['cab', 'taxi', 'ride', 'rideshare', 'chauffeur', 'uber', 'ola'],
  lodging: ['hotel', 'lodging', 'accommodation', 'stay', 'inn', 'motel', 'guesthouse', 'room'],
  flight: ['flight', 'airfare', 'airline', 'plane', 'boarding', 'airport'],
  rail: ['train', 'rail', 'railway'],
  fuel: ['fuel', 'petrol', 'gasoline', 'diesel'],
  telecom: ['internet', 'broadband', 'wifi', 'phone', 'mobile', 'telecom', 'data'],
};

/** Words that carry no meaning of their own in a question. */
const STOP_WORDS = new Set(
  'a an and any are at by for from had has have i in is it me my of on or our show that the their this to was we were what which with'.split(
    ' ',
  ),
);

/**
 * A concept outweighs a single word: one shared idea must stand out of the chance overlaps that a
 * document's other words bring at these small dimensions.
 */
const CONCEPT_WEIGHT = 2;
const WORD_WEIGHT = 1;

const conceptOf = new Map<string, string>(
  Object.entries(CONCEPTS).flatMap(([concept, words]) => words.map((word) => [word, concept])),
);

function stem(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** The words of a text as the fake model reads them: accents dropped, lower case, stemmed. */
export function fakeEmbeddingWords(text: string): string[] {
  const words =
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]+/g, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((word) => !STOP_WORDS.has(word) && !/^\d+$/.test(word)).map(stem);
}

/** Directions already drawn, by dimension and feature: texts share most of their words. */
const directions = new Map<string, Int8Array>();
const MAX_CACHED_DIRECTIONS = 100_000;

function direction(feature: string, dimensions: number): Int8Array {
  const key = `${dimensions}:${feature}`;
  const cached = directions.get(key);
  if (cached) return cached;
  // xorshift32 seeded by the feature's hash: the same feature, the same direction, everywhere.
  let state = createHash('sha256').update(feature).digest().readUInt32BE(0) || 1;
  const signs = new Int8Array(dimensions);
  for (let index = 0; index < dimensions; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    signs[index] = state & 1 ? 1 : -1;
  }
  if (directions.size >= MAX_CACHED_DIRECTIONS) directions.clear();
  directions.set(key, signs);
  return signs;
}

function addFeature(vector: Float64Array, feature: string, weight: number): void {
  const signs = direction(feature, vector.length);
  for (let index = 0; index < vector.length; index += 1)
    vector[index] = (vector[index] ?? 0) + weight * (signs[index] ?? 0);
}

/** A unit vector of `dimensions` values for `text`; the same text always gets the same vector. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  if (!Number.isSafeInteger(dimensions) || dimensions < 1)
    throw new RangeError(`dimensions must be a positive whole number, got ${dimensions}`);
  const vector = new Float64Array(dimensions);
  for (const word of fakeEmbeddingWords(text)) {
    addFeature(vector, `word:${word}`, WORD_WEIGHT);
    const concept = conceptOf.get(word);
    if (concept !== undefined) addFeature(vector, `concept:${concept}`, CONCEPT_WEIGHT);
  }
  let squares = 0;
  for (const value of vector) squares += value * value;
  const norm = Math.sqrt(squares);
  return Array.from(vector, (value) => (norm === 0 ? 0 : value / norm));
}

/**
 * The fake Gemini's embedding model: deterministic, no network, and meaningful enough to test
 * hybrid search. A text becomes a hashed bag of features: each word is a feature of its own, and a
 * word of the small concept map below also adds its concept, so "dinner with wine" lands near a
 * restaurant bill listing a Merlot although they share no word. A word of the map adds both its own
 * feature and its concept's, so the exact word still matches more closely than a synonym. Numbers
 * carry no meaning here and are skipped. Vectors are L2-normalised to the asked dimension.
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
 * A concept outweighs a single word: one shared idea must stand out of the few hash collisions that
 * a document's other words bring at these small dimensions.
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

function addFeature(vector: number[], feature: string, weight: number): void {
  const digest = createHash('sha256').update(feature).digest();
  const index = digest.readUInt32BE(0) % vector.length;
  const sign = (digest[4] ?? 0) & 1 ? 1 : -1;
  vector[index] = (vector[index] ?? 0) + sign * weight;
}

/** A unit vector of `dimensions` values for `text`; the same text always gets the same vector. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  if (!Number.isSafeInteger(dimensions) || dimensions < 1)
    throw new RangeError(`dimensions must be a positive whole number, got ${dimensions}`);
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of fakeEmbeddingWords(text)) {
    addFeature(vector, `word:${word}`, WORD_WEIGHT);
    const concept = conceptOf.get(word);
    if (concept !== undefined) addFeature(vector, `concept:${concept}`, CONCEPT_WEIGHT);
  }
  let squares = 0;
  for (const value of vector) squares += value * value;
  const norm = Math.sqrt(squares);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

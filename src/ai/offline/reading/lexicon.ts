/**
 * The reader's general vocabulary, by concept: what kind of expense a document is, what kind of
 * charge a bill line is, and the class of a journey, each with its words in English, French,
 * German, Spanish and Japanese. One entry per concept, so a concept is extended in one place
 * for every language; matching is on folded text (lower case, no accents), whole words for
 * spaced scripts and substrings for Japanese.
 *
 * `strength` says how much one word tells: 3 names the kind of business or document ("folio",
 * "parking"), 1 is only consistent with it ("table", "driver").
 *
 * The words themselves are in lexicon-trips.ts and lexicon-work.ts.
 */
import type { ExpenseCategory, LineKind } from '../../../domain/facts.js';
import { TRIP_CONCEPTS } from './lexicon-trips.js';
import { WORK_CONCEPTS } from './lexicon-work.js';
import { fold, isCjk } from './normalize.js';

export interface Concept {
  /** Category the word is evidence for, if any. */
  category?: ExpenseCategory;
  /** Kind of a bill line the word names, if any. */
  line?: LineKind;
  strength: 1 | 2 | 3;
  words: string;
}

/**
 * Words are separated by "|"; each is folded before matching. Trips come first, the order of the
 * one table this was, so hits (and any tie between equal scores) come out as they always did.
 */
export const CONCEPTS: readonly Concept[] = [...TRIP_CONCEPTS, ...WORK_CONCEPTS];

export interface ConceptHit {
  concept: Concept;
  word: string;
  /** Offset in the folded text. */
  at: number;
}

interface Compiled {
  concept: Concept;
  word: string;
  cjk: boolean;
}

const compiled: Compiled[] = CONCEPTS.flatMap((concept) =>
  concept.words.split('|').map((raw) => {
    const word = fold(raw).text;
    return { concept, word, cjk: [...word].some(isCjk) };
  }),
);

/** Where a folded phrase occurs as whole words (any substring for Japanese). */
export function phraseAt(folded: string, word: string, cjk = [...word].some(isCjk)): number {
  if (cjk) return folded.indexOf(word);
  const padded = ` ${folded} `;
  const at = padded.indexOf(` ${word} `);
  if (at >= 0 || word.endsWith('s')) return at;
  // A plural names the same thing: "receipts", "nights".
  return padded.indexOf(` ${word}s `);
}

/** Letter-spaced headings ("D E L I") read as the word they spell. */
export function joinSpacedLetters(folded: string): string {
  return folded.replace(/(?<![\p{L}\p{N}])(?:\p{L} ){2,}\p{L}(?![\p{L}\p{N}])/gu, (run) =>
    run.replace(/ /g, ''),
  );
}

/** Every concept word in the text, each word once, longest first where two overlap. */
export function conceptHits(text: string, filter: (concept: Concept) => boolean): ConceptHit[] {
  const folded = joinSpacedLetters(fold(text).text);
  const hits: ConceptHit[] = [];
  for (const entry of compiled) {
    if (!filter(entry.concept)) continue;
    const at = phraseAt(folded, entry.word, entry.cjk);
    if (at >= 0) hits.push({ concept: entry.concept, word: entry.word, at });
  }
  // "service charge" and "service" name one charge: the shorter word inside the longer is dropped.
  return hits.filter(
    (hit) =>
      !hits.some(
        (other) =>
          other !== hit &&
          other.word.length > hit.word.length &&
          other.word.includes(hit.word) &&
          hit.at >= other.at &&
          hit.at < other.at + other.word.length + 1,
      ),
  );
}

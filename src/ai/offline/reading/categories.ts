/**
 * The expense category of a document from what it prints: the words of the general lexicon,
 * each word once, weighed by how much it tells. The category with the most evidence wins, and a
 * subcategory (rail, mobile) only when its own words are printed. The confidence grows with the
 * evidence and the margin over the runner-up: one weak word is a weak reading.
 */
import type { ExpenseCategory } from '../../../domain/facts.js';
import { conceptHits } from './lexicon.js';

export interface CategoryReading {
  value: ExpenseCategory;
  confidence: number;
  /** Evidence of every top-level category, for tests and for readers of lines. */
  scores: ReadonlyMap<string, number>;
}

const top = (category: string): string => category.split('.')[0] as string;

/**
 * Hosting is a meal (or an event) with guests: its words decide over the kind of place, as
 * lodging's do over the breakfast and bar lines of a folio.
 */
const OVERRIDES: ReadonlyArray<readonly [string, string]> = [['entertainment', 'meal']];

export function readCategory(text: string): CategoryReading | null {
  const hits = conceptHits(text, (concept) => concept.category !== undefined);
  const scores = new Map<string, number>();
  const subScores = new Map<string, number>();
  for (const hit of hits) {
    const category = hit.concept.category as string;
    scores.set(top(category), (scores.get(top(category)) ?? 0) + hit.concept.strength);
    if (category.includes('.'))
      subScores.set(category, (subScores.get(category) ?? 0) + hit.concept.strength);
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  let [first, second] = ranked;
  // One weak word ("ticket", "table") is no reading of a category.
  if (!first || first[1] < 2) return null;
  for (const [winner, over] of OVERRIDES) {
    const score = scores.get(winner) ?? 0;
    if (first[0] === over && score >= 3) {
      second = first;
      first = [winner, score + first[1]];
    }
  }
  const [name, score] = first;
  // Evidence of a single kind of business (one strong word) reads as about even odds.
  const margin = (score - (second?.[1] ?? 0)) / score;
  const strength = Math.min(0.95, 0.3 + 0.06 * score);
  const confidence = Math.round(strength * (0.6 + 0.4 * margin) * 100) / 100;
  const sub = [...subScores.entries()]
    .filter(([id]) => top(id) === name)
    .sort((a, b) => b[1] - a[1]);
  const [bestSub, nextSub] = sub;
  const value =
    bestSub && (nextSub === undefined || bestSub[1] > nextSub[1])
      ? bestSub[0]
      : name === 'telecom' || name === 'travel' || name === 'meal'
        ? name
        : name;
  return { value, confidence, scores };
}

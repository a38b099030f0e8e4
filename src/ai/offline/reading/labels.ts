/**
 * One matcher for every label table: finds the phrases of label-tables.ts in a line of text and
 * returns them with their role and where they sit in the line. Longest phrase first, so a line
 * reading "Total savings" is an excluded amount and "Total HT" a net one, whatever the language.
 */

import { LABEL_TABLES, type LabelRole, type Language } from './label-tables.js';
import { type Folded, fold, isCjk, joinSpacedCjk } from './normalize.js';

export type { LabelRole, Language } from './label-tables.js';

export interface LabelMatch {
  role: LabelRole;
  /** Every language whose table has the phrase in this role. */
  languages: Language[];
  /** Only trusted when nothing stronger is printed ("amount", "Betrag", "金額"). */
  weak: boolean;
  phrase: string;
  /** Offsets in the line as given. */
  start: number;
  end: number;
}

interface Entry {
  phrase: string;
  role: LabelRole;
  weak: boolean;
  languages: Language[];
  cjk: boolean;
}

function buildEntries(): Entry[] {
  const byKey = new Map<string, Entry>();
  for (const [language, table] of Object.entries(LABEL_TABLES) as Array<
    [Language, Partial<Record<LabelRole, string>>]
  >) {
    for (const [role, list] of Object.entries(table) as Array<[LabelRole, string]>) {
      for (const raw of list.split('|')) {
        const weak = raw.trim().startsWith('~');
        const phrase = raw.trim().replace(/^~/, '');
        if (!phrase) continue;
        const key = `${role}\u0000${phrase}`;
        const entry = byKey.get(key);
        if (entry) {
          if (!entry.languages.includes(language)) entry.languages.push(language);
          // Strong in any language wins: "total" is weak in German, the word of English.
          entry.weak &&= weak;
        } else {
          byKey.set(key, {
            phrase,
            role,
            weak,
            languages: [language],
            cjk: isCjk(phrase[0] ?? ''),
          });
        }
      }
    }
  }
  // Longest first: a longer phrase is the more specific reading of the same words.
  return [...byKey.values()].sort((a, b) => b.phrase.length - a.phrase.length);
}

function boundary(text: string, index: number): boolean {
  const char = text[index];
  return char === undefined || char === ' ' || /\d/.test(char) || isCjk(char);
}

/** The letters a phrase or a word of text starts with, up to a space, digit or CJK character. */
function key(text: string, from: number): string {
  if (isCjk(text[from] ?? '')) return text[from] ?? '';
  let to = from;
  while (to < text.length && !boundary(text, to)) to += 1;
  return text.slice(from, to);
}

/** Phrases by their first word (or first character in CJK), longest first within each. */
const BY_KEY = (() => {
  const index = new Map<string, Entry[]>();
  for (const entry of buildEntries()) {
    const first = key(entry.phrase, 0);
    index.set(first, [...(index.get(first) ?? []), entry]);
  }
  return index;
})();

/** The labels printed in a line, left to right, none overlapping; the longest phrase wins. */
export function matchLabels(line: string, folded: Folded = fold(line)): LabelMatch[] {
  const { text, at } = joinSpacedCjk(folded);
  const candidates: Array<{ entry: Entry; from: number; to: number }> = [];
  for (let from = 0; from < text.length; from += 1) {
    const char = text[from] ?? ' ';
    if (char === ' ' || /\d/.test(char)) continue;
    const cjk = isCjk(char);
    // Latin phrases start a word; CJK ones may start anywhere.
    if (!cjk && !boundary(text, from - 1)) continue;
    for (const entry of BY_KEY.get(key(text, from)) ?? []) {
      const to = from + entry.phrase.length;
      if (!text.startsWith(entry.phrase, from)) continue;
      if (!entry.cjk && !boundary(text, to)) continue;
      candidates.push({ entry, from, to });
    }
  }
  candidates.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  const taken: boolean[] = new Array(text.length).fill(false);
  const found: Array<{ entry: Entry; from: number; to: number }> = [];
  for (const candidate of candidates) {
    let free = true;
    for (let i = candidate.from; free && i < candidate.to; i += 1) free = !taken[i];
    if (!free) continue;
    for (let i = candidate.from; i < candidate.to; i += 1) taken[i] = true;
    found.push(candidate);
  }
  // Same words in two roles ("cliente" buyer in Spanish and Italian) are one match per role.
  return found
    .sort((a, b) => a.from - b.from)
    .map(({ entry, from, to }) => ({
      role: entry.role,
      languages: entry.languages,
      weak: entry.weak,
      phrase: entry.phrase,
      start: at[from] ?? 0,
      end: endOffset(line, at, to),
    }));
}

/** The offset in the line just after the folded character before `to`. */
function endOffset(line: string, at: number[], to: number): number {
  const last = at[to - 1] ?? 0;
  const char = line.codePointAt(last) ?? 0;
  return last + (char > 0xffff ? 2 : 1);
}

/** Languages whose labels a text uses, most used first. */
export function languagesOf(text: string): Language[] {
  const counts = new Map<Language, number>();
  for (const line of text.split('\n')) {
    for (const match of matchLabels(line)) {
      if (match.weak || match.languages.length > 2) continue;
      for (const language of match.languages) counts.set(language, (counts.get(language) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([language]) => language);
}

/**
 * The first cut of a policy sentence: words, numbers, runs of Japanese or Chinese script and
 * single symbols, each with its place in the sentence so a rule can quote what it read. Words are
 * compared in a normal form (lower case, no accents, one kind of apostrophe), so "Hôtel",
 * "hotel" and "HOTEL" are one word; a hyphen splits words ("ride-hailing" is "ride hailing"),
 * so the lexicon writes every phrase once, with spaces.
 */

export type RawKind = 'word' | 'num' | 'cjk' | 'sym';

export interface RawToken {
  kind: RawKind;
  /** As printed. */
  text: string;
  /** Lower case, accents and apostrophes normalised (numbers: as printed, spaces removed). */
  norm: string;
  start: number;
  end: number;
  /** No space between this token and the previous one ("45p", "A$", "10h30"). */
  joined: boolean;
}

// Numbers may group thousands with a comma, a dot, an apostrophe or a (narrow, no-break) space
// followed by exactly three digits; a space never joins anything else, so "30 days" stays apart.
const SCAN =
  /(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,']\d+)*)|([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]+)|([\p{L}\p{M}]+(?:['’][\p{L}]+)*['’]?)|(\S)/gu;

const PLAIN = /^[A-Za-z]+$/;

export function normalWord(text: string): string {
  if (PLAIN.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/’/g, "'").toLowerCase();
}

export function scanWords(sentence: string): RawToken[] {
  const tokens: RawToken[] = [];
  let previousEnd = -1;
  for (const match of sentence.matchAll(SCAN)) {
    const text = match[0];
    const start = match.index;
    const kind: RawKind = match[1] ? 'num' : match[2] ? 'cjk' : match[3] ? 'word' : 'sym';
    const norm =
      kind === 'num'
        ? text.replace(/[ \u00a0\u202f\u2009]/g, '')
        : kind === 'word'
          ? normalWord(text).replace(/'$/, '')
          : normalWord(text);
    tokens.push({
      kind,
      text,
      norm,
      start,
      end: start + text.length,
      joined: start === previousEnd,
    });
    previousEnd = start + text.length;
  }
  return tokens;
}

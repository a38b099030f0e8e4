/**
 * Who a question is about: a stored employee named by any of their name's words, a typo of one,
 * or a capitalised name the store does not know (which then matches nothing rather than
 * everything). Also used by the Gemini tools, so a model's "rani" finds the same person.
 */

import { NAME_MATCH_THRESHOLD, nameSimilarity, normalizeEmployeeKey } from '../../domain/text.js';
import { capitalisedRun, QuestionScanner, type ScannedWord } from './scanner.js';

/** Capitalised words that are not names: sentence openers, pronouns, audience words. */
export const NOT_A_NAME = new Set(
  'i me my we us our you your he she him her his they them their it this that these those the a an all any each every everyone everybody both some none show list what which who why how when where give tell please can could would should is are was were do does did finance company team employees employee staff people someone anyone others other admin'.split(
    ' ',
  ),
);
/** Words after which a capitalised word names a person: "invoices of X", "what did X claim". */
const NAME_CONTEXT = new Set([
  'of',
  'for',
  'by',
  'about',
  'and',
  'to',
  'does',
  'did',
  'has',
  'had',
]);
interface EmployeeMatch {
  name: string;
  words: ScannedWord[];
}

/** The known employee whose name's words the question uses most (ties: the first listed). */
export function matchKnownEmployee(
  words: readonly ScannedWord[],
  employees: readonly string[],
): EmployeeMatch | null {
  let best: EmployeeMatch | null = null;
  let bestScore = 0;
  const keyed = words.map((word) => ({ word, key: normalizeEmployeeKey(word.folded) }));
  for (const name of employees) {
    const tokens = new Set(
      normalizeEmployeeKey(name)
        .split(' ')
        .filter((token) => token.length >= 2),
    );
    const matched = keyed.filter(({ key }) => tokens.has(key));
    const score = new Set(matched.map(({ key }) => key)).size;
    if (score > bestScore)
      [best, bestScore] = [{ name, words: matched.map(({ word }) => word) }, score];
  }
  return best;
}

/** A typo of a known name ("Hardick"): only among words no recogniser took. */
function matchMisspelledEmployee(
  words: readonly ScannedWord[],
  employees: readonly string[],
): EmployeeMatch | null {
  let best: EmployeeMatch | null = null;
  let bestScore = NAME_MATCH_THRESHOLD;
  for (const word of words) {
    if (word.folded.length < 4 || NOT_A_NAME.has(word.folded)) continue;
    for (const name of employees) {
      const score = nameSimilarity(word.folded, name);
      if (score >= bestScore && (best === null || score > bestScore))
        [best, bestScore] = [{ name, words: [word] }, score];
    }
  }
  return best;
}

/** A capitalised name the store does not know ("invoices of Priya", "Priya's bills"): matches nothing. */
function matchUnknownName(scanner: QuestionScanner): EmployeeMatch | null {
  const words = scanner.words();
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (!word || NOT_A_NAME.has(word.folded) || /^\d/.test(word.folded)) continue;
    const previous = scanner.before(word.start).trimEnd().split(/\s+/).pop() ?? '';
    const run = capitalisedRun(words, index, scanner.original).filter(
      (part) => !NOT_A_NAME.has(part.folded),
    );
    const last = run[run.length - 1];
    if (last && (last.possessive || NAME_CONTEXT.has(previous)))
      return { name: run.map((part) => part.original).join(' '), words: run };
  }
  return null;
}

/** The known employee a typed name means ("rani" or "Hardick" → the stored name); the name itself when none. */
export function resolveEmployeeName(name: string, employees: readonly string[]): string {
  const words = new QuestionScanner(name).words();
  return (
    (matchKnownEmployee(words, employees) ?? matchMisspelledEmployee(words, employees))?.name ??
    name.trim()
  );
}

export function takeEmployee(
  scanner: QuestionScanner,
  employees: readonly string[],
  stage: 'known' | 'leftover',
): string | undefined {
  const match =
    stage === 'known'
      ? matchKnownEmployee(scanner.words(), employees)
      : (matchMisspelledEmployee(scanner.words(), employees) ?? matchUnknownName(scanner));
  for (const word of match?.words ?? []) scanner.consume(word.start, word.end);
  return match?.name;
}

/**
 * Reads a chat question piece by piece: each recogniser takes the phrases it understands, and a
 * taken phrase cannot be read a second time by a later recogniser ("Dec" inside "declined", the
 * "30" of "last 30 days" read as an amount). Matching runs on a folded copy of the question that
 * keeps every character at its original position, so a recogniser can still quote the original
 * spelling ("Ticket 2", "Priya") of what it matched.
 */

/** Lower case, accents removed, typographic quotes made plain: one character for one character. */
function foldCharacter(character: string): string {
  const folded = character.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (folded === '’' || folded === '‘' || folded === '`') return "'";
  if (folded === '“' || folded === '”') return '"';
  return folded.length === 1 ? folded : character;
}

export function foldAligned(text: string): string {
  let folded = '';
  for (let index = 0; index < text.length; index++) folded += foldCharacter(text.charAt(index));
  return folded;
}

export interface ScannedWord {
  /** Folded spelling, possessive ending removed: "rani" for "Rani's". */
  folded: string;
  /** Spelling as typed, possessive ending removed. */
  original: string;
  start: number;
  /** End of the word including a possessive ending. */
  end: number;
  possessive: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:[-.][\p{L}\p{N}]+)*('s|')?/gu;

export class QuestionScanner {
  readonly original: string;
  /** The whole question folded; recognisers that only look (intent words) read this. */
  readonly folded: string;
  private remaining: string;

  constructor(question: string) {
    this.original = question.normalize('NFC');
    this.folded = foldAligned(this.original);
    this.remaining = this.folded;
  }

  /**
   * Every match of `pattern` in the text not yet taken. `accept` may refuse a match (it then stays
   * available to later recognisers); accepted matches are taken and returned in order.
   */
  take(
    pattern: RegExp,
    accept: (match: RegExpExecArray) => boolean = () => true,
  ): RegExpExecArray[] {
    const global = new RegExp(pattern.source, `gd${pattern.flags.replace(/[gd]/g, '')}`);
    const accepted: RegExpExecArray[] = [];
    for (const match of this.remaining.matchAll(global)) {
      if (accept(match)) accepted.push(match);
    }
    for (const match of accepted) this.consume(match.index, match.index + match[0].length);
    return accepted;
  }

  /** Whether the text not yet taken contains the pattern. */
  has(pattern: RegExp): boolean {
    return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test(this.remaining);
  }

  /** The original spelling of a capture group of a match returned by `take`. */
  originalGroup(match: RegExpExecArray, group: number): string | undefined {
    const span = match.indices?.[group];
    return span ? this.original.slice(span[0], span[1]) : undefined;
  }

  /** Words not yet taken, in order. */
  words(): ScannedWord[] {
    const words: ScannedWord[] = [];
    for (const match of this.remaining.matchAll(WORD)) {
      const suffix = match[1] ?? '';
      const stemEnd = match.index + match[0].length - suffix.length;
      words.push({
        folded: this.remaining.slice(match.index, stemEnd),
        original: this.original.slice(match.index, stemEnd),
        start: match.index,
        end: match.index + match[0].length,
        possessive: suffix.length > 0,
      });
    }
    return words;
  }

  /** The folded text not yet taken; taken phrases are blanked, so positions match the original. */
  remainingText(): string {
    return this.remaining;
  }

  /** The folded text before a position, taken or not: the context of a word ("of", "for"). */
  before(position: number): string {
    return this.folded.slice(0, position);
  }

  consume(start: number, end: number): void {
    this.remaining =
      this.remaining.slice(0, start) + ' '.repeat(end - start) + this.remaining.slice(end);
  }
}

/**
 * Words typed with a capital, next to each other from `words[first]` on: "Lotus Courtyard". Here
 * because a person's name and a vendor's are both told apart from the question by their capitals.
 */
export function capitalisedRun(
  words: readonly ScannedWord[],
  first: number,
  original: string,
): ScannedWord[] {
  const run: ScannedWord[] = [];
  for (let index = first; index < words.length; index += 1) {
    const word = words[index];
    const previous = run[run.length - 1];
    if (!word || !/^\p{Lu}/u.test(word.original)) break;
    if (previous && (previous.possessive || original.slice(previous.end, word.start).trim() !== ''))
      break;
    run.push(word);
  }
  return run;
}

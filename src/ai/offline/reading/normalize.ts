/**
 * Two views of printed text. `readable` keeps every character where it was, only unifying the
 * forms one symbol comes in (full-width digits and letters, the several no-break spaces, the
 * minus sign), so offsets found in it point at the same text. `folded` is for matching words:
 * lower case, accents and punctuation dropped, with a map back to the readable offsets.
 */

/** Same length as the input: one character in, one character out. */
export function readable(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    // Narrow, thin and figure spaces group digits like the no-break space ("1 234,56").
    else if (code === 0x202f || code === 0x2009 || code === 0x2007) out += '\u00a0';
    else if (code === 0x2212) out += '-';
    else if (code === 0x2019 || code === 0x2018) out += "'";
    else if (code === 0xffe5) out += '¥';
    else out += char;
  }
  return out;
}

export interface Folded {
  /** Lower case, no accents, every run of punctuation and spaces one space; "n°"/"nº" read "no". */
  text: string;
  /** For each character of `text`, its offset in the text that was folded. */
  at: number[];
}

const MARKS = /\p{M}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Folds text for phrase matching; `at` maps every folded character back to its source. */
export function fold(text: string): Folded {
  let out = '';
  const at: number[] = [];
  let pendingSpace = false;
  let index = 0;
  for (const char of text) {
    const start = index;
    index += char.length;
    const code = char.charCodeAt(0);
    // Plain ASCII needs no decomposition: the common case, kept cheap.
    const mapped =
      code < 0x80
        ? char.toLowerCase()
        : (char === 'º' || char === '°' ? 'o' : char === 'ß' ? 'ss' : char)
            .normalize('NFKD')
            .split('')
            .filter((part) => !MARKS.test(part))
            .join('')
            .toLowerCase();
    for (const part of mapped) {
      const ascii = part.charCodeAt(0);
      const word =
        ascii < 0x80
          ? (ascii >= 0x61 && ascii <= 0x7a) || (ascii >= 0x30 && ascii <= 0x39)
          : WORD_CHAR.test(part);
      if (word) {
        if (pendingSpace && out.length > 0) {
          out += ' ';
          at.push(start);
        }
        pendingSpace = false;
        out += part;
        at.push(start);
      } else {
        pendingSpace = true;
      }
    }
  }
  return { text: out, at };
}

/** True for scripts written without spaces between words (Japanese, Chinese). */
export function isCjk(char: string): boolean {
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(char);
}

const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
/** A run of single CJK characters set apart by spaces: a letter-spaced heading ("合 計"). */
const SPACED_CJK = new RegExp(
  `(?<![${CJK_CLASS}])[${CJK_CLASS}](?: [${CJK_CLASS}](?![${CJK_CLASS}]))+`,
  'gu',
);

/** Folded text with letter-spaced CJK headings read as the word they spell ("合 計" → "合計"). */
export function joinSpacedCjk(folded: Folded): Folded {
  if (!SPACED_CJK.test(folded.text)) return folded;
  SPACED_CJK.lastIndex = 0;
  const drop = new Set<number>();
  for (const match of folded.text.matchAll(SPACED_CJK)) {
    for (let i = 0; i < match[0].length; i += 1)
      if (match[0][i] === ' ') drop.add((match.index ?? 0) + i);
  }
  let text = '';
  const at: number[] = [];
  for (let i = 0; i < folded.text.length; i += 1) {
    if (drop.has(i)) continue;
    text += folded.text[i];
    at.push(folded.at[i] ?? 0);
  }
  return { text, at };
}

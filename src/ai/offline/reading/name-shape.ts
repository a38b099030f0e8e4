/**
 * Whether a line of OCR text reads as a business name at all: the logo heading a photographed
 * receipt comes out as marks and scraps ("~=| @@ 8S", "a LL DT"), which no name is made of.
 */

const VOWEL = /[aeiouyäöüàâéèêëîïôùûæøåáíóú]/iu;

/**
 * A word of a name: letters, with the marks names are written with ("O'Neil", "B&B", "St."), a
 * long Latin word with a vowel; or a short number or a connector ("Studio 54", "Fish & Chips").
 */
function nameWord(token: string): boolean {
  if (/^(?:\d{1,4}|[&+-])$/.test(token)) return true;
  // One letter over and over ("EEE", "lll") is a rule or a border, not a word.
  if (/^(\p{L})\1+$/iu.test(token)) return false;
  const letters = (token.match(/\p{L}/gu) ?? []).length;
  if (!/^[\p{L}\p{N}][\p{L}\p{N}'’.&-]*$/u.test(token)) return false;
  if (letters < token.length * 0.75 || token.length > 24) return false;
  return !/^\p{Script=Latin}{5,}$/u.test(token.replace(/['’.&-]/g, '')) || VOWEL.test(token);
}

/**
 * Whether a line reads as a business name: mostly letters, made of words of a plausible length,
 * not of symbols, digits or one- and two-letter scraps.
 */
export function looksLikeName(text: string): boolean {
  const compact = text.replace(/\s/g, '');
  if (compact.length < 2 || text.length > 60) return false;
  const letters = (compact.match(/\p{L}/gu) ?? []).length;
  if (letters < compact.length * 0.6) return false;
  // Chinese and Japanese names have no spaces nor Latin vowels: letters are enough.
  if (/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー・()（）]+$/u.test(compact))
    return compact.length >= 2;
  const tokens = text.split(/\s+/).filter(Boolean);
  if (tokens.filter(nameWord).length < tokens.length * 0.7) return false;
  // A name has a word of three letters or more, and is not made of one- and two-letter scraps.
  const spelled = tokens.map((token) => (token.match(/\p{L}/gu) ?? []).length).filter(Boolean);
  if (!spelled.some((count) => count >= 3)) return false;
  const scraps = spelled.filter((count) => count <= 2).length;
  return scraps * 2 < spelled.length && letters / spelled.length >= 2.5;
}

/**
 * Where a cap's parts come from in its clause: the category (the one named right after the
 * amount with "for", else the nearest before it, else after it, else the sentence's, row's,
 * label's or heading's), the period (the "per …" after it, "per person per meal" being per
 * person), and the places beside it ("£220 in Zurich and Geneva", "in high-cost cities (New York,
 * Boston)", "elsewhere").
 */
import { type Ctx, fallbackCats } from './context.js';
import type { Period, Place } from './lexemes.js';
import { isLex, type Tok } from './lexer.js';
import { type CatRef, isPunct, isWord } from './tokens.js';

const PERIOD_RANK: Readonly<Record<string, number>> = {
  person: 0,
  night: 1,
  item: 2,
  trip: 3,
  meal: 4,
  invoice: 5,
  stay: 6,
};
const NOT_CITIES = new Set(
  'schedule annex annexe appendix table section article part clause full total addition advance ' +
    'writing cash general particular principle practice respect lieu case order line accordance'.split(
      ' ',
    ),
);

export function periodAfter(
  tokens: readonly Tok[],
  from: number,
  to: number,
): { period: Period | null; at: number } {
  const found: Array<{ period: Period; at: number }> = [];
  for (let index = from; index < to; index += 1) {
    const token = tokens[index];
    if (isLex(token, 'per')) found.push({ period: token.lex.period, at: index });
    else if (isLex(token, 'distance')) found.push({ period: 'mile', at: index });
    else if (found.length > 0 && !isLex(token, 'per')) break;
    else if (token?.t === 'money' || token?.t === 'pct') break;
  }
  if (found.length === 0) return { period: null, at: -1 };
  const shared = found.find((entry) => (PERIOD_RANK[entry.period] ?? 9) >= 9);
  const best =
    shared ??
    [...found].sort((a, b) => (PERIOD_RANK[a.period] ?? 9) - (PERIOD_RANK[b.period] ?? 9))[0];
  return best ?? { period: null, at: -1 };
}

/** Places named beside an amount: "£220 in Zurich and Geneva", "In London, up to £190". */
export function placesNear(
  tokens: readonly Tok[],
  index: number,
  nextMoney: number,
  previousMoney: number,
): Place[] {
  const after: Place[] = [];
  for (let at = index + 1; at < Math.min(nextMoney, index + 8); at += 1) {
    const token = tokens[at];
    const last = after[after.length - 1];
    if (last?.kind === 'group' && isPunct(token, '(')) {
      // "in high-cost cities (New York, San Francisco)": the group named by its cities.
      const close = tokens.findIndex((other, position) => position > at && isPunct(other, ')'));
      const named = tokens
        .slice(at + 1, close === -1 ? at + 1 : close)
        .flatMap((inner) =>
          isLex(inner, 'place') ? [inner.lex.place] : inner.t === 'word' ? [cityWord(inner)] : [],
        )
        .filter((place): place is Place => place !== null && place.kind !== 'group');
      if (named.length > 0) after.splice(after.length - 1, 1, ...named);
      at = close === -1 ? at : close;
      continue;
    }
    if (isLex(token, 'place')) after.push(token.lex.place);
    else if (isWord(token, 'in', 'for') && tokens[at + 1]?.t === 'word') {
      const city = cityWord(tokens[at + 1] as Tok);
      if (city) after.push(city);
    } else if (
      after.length > 0 &&
      !isWord(token, 'and', 'or', 'in', 'the') &&
      !isPunct(token, ',', '/')
    )
      break;
    else if (isPunct(token, ';') || (isPunct(token, ',') && after.length === 0 && at > index + 3))
      break;
  }
  if (after.length > 0) return after;
  for (let at = index - 1; at > previousMoney; at -= 1) {
    const token = tokens[at];
    if (isLex(token, 'place')) return [token.lex.place];
  }
  return [];
}

export function cityWord(token: Tok): Place | null {
  if (token.t !== 'word' || !/^\p{Lu}\p{Ll}+$/u.test(token.text) || NOT_CITIES.has(token.w))
    return null;
  return { kind: 'city', name: token.text, country: null };
}

export function assignCategories(
  clause: readonly Tok[],
  cats: readonly CatRef[],
  index: number,
  previous: number,
  next: number,
  ctx: Ctx,
  sentenceCats: readonly CatRef[],
): CatRef[] {
  // "£15 for lunch and £30 for dinner": a category named right after the amount is its own.
  const right = cats.filter(
    (ref) =>
      ref.index > index &&
      ref.index < next &&
      ref.index <= index + 3 &&
      isWord(clause[ref.index - 1], 'for', 'on'),
  );
  if (right.length > 0) return groupForward(right, clause);
  const before = cats.filter((ref) => ref.index < index && ref.index > previous);
  if (before.length > 0) return groupAround(before, clause);
  const after = cats.filter((ref) => ref.index > index && ref.index < next);
  if (after.length > 0) return groupForward(after, clause);
  const earlier = cats.filter((ref) => ref.index < index);
  if (earlier.length > 0) return groupAround(earlier, clause);
  if (sentenceCats.length > 0) return [...sentenceCats];
  return fallbackCats(ctx);
}

const joins = (between: readonly Tok[]) =>
  between.every(
    (token) =>
      isWord(token, 'and', 'or', 'the', 'home', 'own', 'their', 'your', 'small', 'other') ||
      isPunct(token, '+', '/', ',', '&'),
  );

/** The first category named after an amount, with those joined to it ("mobile and internet"). */
function groupForward(refs: readonly CatRef[], clause: readonly Tok[]): CatRef[] {
  const group = [refs[0] as CatRef];
  for (const ref of refs.slice(1)) {
    const last = group[group.length - 1] as CatRef;
    if (!joins(clause.slice(last.index + 1, ref.index))) break;
    group.push(ref);
  }
  return group;
}

/** The categories joined to the nearest one by "and", "+", "/" ("mobile phone and broadband"). */
function groupAround(refs: readonly CatRef[], clause: readonly Tok[]): CatRef[] {
  const last = refs[refs.length - 1] as CatRef;
  const group = [last];
  for (let at = refs.length - 2; at >= 0; at -= 1) {
    const ref = refs[at] as CatRef;
    const between = clause.slice(ref.index + 1, (group[0] as CatRef).index);
    const joined = between.every(
      (token) =>
        isWord(token, 'and', 'or', 'the', 'home', 'own', 'their', 'your', 'small') ||
        isPunct(token, '+', '/', ',', '&'),
    );
    if (!joined) break;
    group.unshift(ref);
  }
  return group;
}

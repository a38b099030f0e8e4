/**
 * Limits: an amount is a cap only when a limit word governs it ("up to", "capped at", "a maximum
 * of", "allowance", "at most"), when it follows "above …" in a sentence that refuses the excess,
 * or when it stands in a limits table or list. Its category is the nearest one named before it
 * (else after it, else the sentence's, row's, clause's or heading's); its period the "per …" that
 * follows; its basis the "excluding VAT" / "including VAT" beside it; places beside it make one
 * cap with a row per place ("£180 in London, £120 elsewhere"). Percentages are shares of a bill
 * ("50% of the bill") or, said of tips and service, limits relative to other lines.
 */
import type { LineKind } from '../../../domain/facts.js';
import type { Conditions } from '../../../domain/rules/types.js';
import { type Ctx, fallbackCats, inLimitsContext } from './context.js';
import type { Amount, BasisHint, BasisStatement, CapFinding, Finding } from './findings.js';
import type { Period, Place } from './lexemes.js';
import { isLex, type Tok } from './lexer.js';
import {
  type CatRef,
  categoriesIn,
  classesIn,
  hasLex,
  hasWord,
  isPunct,
  isWord,
  kindsIn,
  lexOf,
} from './tokens.js';

export interface ClauseOutput {
  findings: Finding[];
  leftovers: string[];
  consumed: Set<Tok>;
  /** Caps of this sentence left out (keyed by categories) because a place could not be named. */
  blocked: Set<string>;
}

const PERIOD_RANK: Readonly<Record<string, number>> = {
  person: 0,
  night: 1,
  item: 2,
  trip: 3,
  meal: 4,
  invoice: 5,
  stay: 6,
};
const LIMITED_KINDS: ReadonlySet<LineKind> = new Set(['tip', 'service_charge', 'fee']);
const NOT_CITIES = new Set(
  'schedule annex annexe appendix table section article part clause full total addition advance ' +
    'writing cash general particular principle practice respect lieu case order line accordance'.split(
      ' ',
    ),
);

export const amountOf = (token: Tok): Amount | null =>
  token.t === 'money' && token.minor !== null
    ? { minor: token.minor, currency: token.currency, ambiguous: token.ambiguous }
    : null;

/** "The limits include VAT", "VAT is paid only on the eligible part", "taxes paid in addition". */
export function basisStatementIn(tokens: readonly Tok[]): BasisStatement | null {
  const vat = hasLex(tokens, 'vat');
  if (vat && hasLex(tokens, 'ontop')) return 'all_tax';
  if (
    vat &&
    hasLex(tokens, 'pay', 'full') &&
    hasLex(tokens, 'ontop', 'full') &&
    !hasLex(tokens, 'only')
  )
    return 'all_tax';
  if (
    (vat || hasLex(tokens, 'gross')) &&
    hasLex(tokens, 'only') &&
    hasWord(tokens, 'part', 'portion', 'eligible', 'within', 'allowed')
  )
    return 'eligible_tax';
  if (hasLex(tokens, 'gross') || (vat && hasWord(tokens, 'include', 'includes', 'included')))
    return 'gross';
  if (hasLex(tokens, 'net')) return 'net';
  return null;
}

function periodAfter(
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
function placesNear(
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

function cityWord(token: Tok): Place | null {
  if (token.t !== 'word' || !/^\p{Lu}\p{Ll}+$/u.test(token.text) || NOT_CITIES.has(token.w))
    return null;
  return { kind: 'city', name: token.text, country: null };
}

function isLimitMoney(
  tokens: readonly Tok[],
  index: number,
  previousMoney: number,
  listContext: boolean,
): 'cap' | 'threshold' | null {
  let sawLimit = false;
  let sawMore = false;
  for (let at = index - 1; at >= 0; at -= 1) {
    const token = tokens[at];
    if (isLex(token, 'more') && at > previousMoney && !sawLimit) sawMore = true;
    if (isLex(token, 'limit') || (isLex(token, 'per') && /diem/i.test(token.text))) {
      sawLimit = true;
      break;
    }
  }
  const after = tokens.slice(index + 1, index + 4);
  if (!sawLimit && after.some((token) => isLex(token, 'limit'))) sawLimit = true;
  if (sawMore) {
    const rest = tokens.slice(index + 1);
    return hasLex(rest, 'neg', 'negv', 'selfpay') && !hasLex(rest, 'evid') ? 'cap' : 'threshold';
  }
  if (sawLimit || listContext) return 'cap';
  return null;
}

function conditionsOf(tokens: readonly Tok[], category: string): Conditions {
  const when: Conditions = {};
  const mode = category.startsWith('travel.rail')
    ? 'rail'
    : category.startsWith('travel.airfare')
      ? 'air'
      : null;
  if (category.startsWith('travel')) {
    const { classes } = classesIn(tokens, mode);
    if (classes.length > 0) when.travel_class = classes;
  }
  if (hasLex(tokens, 'alone')) when.persons_max = 1;
  const persons = personsMin(tokens);
  if (persons !== null) when.persons_min = persons;
  return when;
}

/** "two or more persons", "groups of 4 or more", "3+ guests". */
export function personsMin(tokens: readonly Tok[]): number | null {
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token?.t !== 'num' || !Number.isInteger(token.n) || token.n < 1 || token.n > 50) continue;
    const next = tokens.slice(index + 1, index + 4);
    if (hasLex(next, 'ormore') && (hasLex(next, 'who') || hasLex(tokens, 'who'))) return token.n;
  }
  // "more than one person" is two or more.
  for (let index = 1; index < tokens.length; index += 1) {
    const token = tokens[index];
    const before = tokens[index - 1];
    if (
      token?.t === 'num' &&
      isLex(before, 'more') &&
      before.lex.dir === 'above' &&
      isLex(tokens[index + 1], 'who')
    )
      return token.n + 1;
  }
  return null;
}

function assignCategories(
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

export function readLimits(
  ctx: Ctx,
  clause: Tok[],
  sentenceCats: readonly CatRef[],
  out: ClauseOutput,
): void {
  // "… limited to £65 per night; international stays to £140": the limit word carries over.
  const listContext = inLimitsContext(ctx) || out.findings.some((finding) => finding.f === 'cap');
  const cats = categoriesIn(clause);
  const moneys = clause
    .map((token, index) => ({ token, index }))
    .filter(({ token }) => token.t === 'money' && token.minor !== null);
  const statement = basisStatementIn(clause);
  // Caps of the whole sentence: a place list or a restatement may run across its clauses.
  const caps = out.findings.filter((finding): finding is CapFinding => finding.f === 'cap');
  const added: CapFinding[] = [];
  let previousLimit = -1;
  let inherited: Period | null = null;
  moneys.forEach(({ token, index }, order) => {
    const nextIndex = moneys[order + 1]?.index ?? clause.length;
    const previousIndex = moneys[order - 1]?.index ?? -1;
    const kind = isLimitMoney(clause, index, previousIndex, listContext);
    if (kind !== 'cap') return;
    const amount = amountOf(token) as Amount;
    const refs = assignCategories(clause, cats, index, previousLimit, nextIndex, ctx, sentenceCats);
    previousLimit = index;
    out.consumed.add(token);
    const found = periodAfter(clause, index + 1, nextIndex);
    let period = found.period;
    if (period === null) {
      const before = clause.slice(previousIndex + 1, index).filter((t) => isLex(t, 'per'));
      const last = before[before.length - 1];
      period = isLex(last, 'per') ? last.lex.period : inherited;
    }
    if (period === 'mile') {
      out.leftovers.push(
        `a rate per distance (${token.text}) needs the distance, which invoices do not carry`,
      );
      return;
    }
    if (period === 'week') {
      out.leftovers.push(`a weekly limit (${token.text}) cannot be stated in rules v2`);
      return;
    }
    inherited = period;
    if (refs.length === 0) {
      out.leftovers.push(`a limit of ${token.text} whose expense category is not named`);
      return;
    }
    const basisAfter = clause
      .slice(index + 1, nextIndex)
      .find((t) => isLex(t, 'net') || isLex(t, 'gross'));
    const basisBefore = clause
      .slice(previousIndex + 1, index)
      .reverse()
      .find((t) => isLex(t, 'net') || isLex(t, 'gross'));
    const basisToken =
      basisAfter ?? basisBefore ?? clause.find((t) => isLex(t, 'net') || isLex(t, 'gross'));
    const basis: BasisHint =
      basisToken && isLex(basisToken, 'net')
        ? 'net'
        : basisToken
          ? 'gross'
          : (ctx.table?.basis ?? null);
    const near = placesNear(clause, index, nextIndex, previousIndex);
    const places = near.length > 0 ? near : (ctx.row?.places.slice(0, 1) ?? []);
    const place = places[0] ?? null;
    const category = refs[0]?.category ?? '';
    const key = [...new Set(refs.map((ref) => ref.category))].join('+');
    const group = places.find((where) => where.kind === 'group');
    if (group || out.blocked.has(key)) {
      // A limit for "metro cities" cannot be written without the cities; none of the sentence's
      // limits for that category is kept, so no place gets another place's limit.
      if (group)
        out.leftovers.push(
          `a limit for a group of places (${token.text}) the policy does not list by name`,
        );
      out.blocked.add(key);
      for (const finding of out.findings)
        if (finding.f === 'cap' && finding.categories.join('+') === key) finding.categories = [];
      return;
    }
    const cap: CapFinding = {
      f: 'cap',
      categories: [...new Set(refs.map((ref) => ref.category))],
      labels: refs.map((ref) => ref.text),
      amount: place ? null : amount,
      locations: places.map((where) => ({ place: where, amount })),
      period,
      basis,
      basis_statement: statement,
      when: conditionsOf(clause, category),
      shared: hasLex(clause, 'shared') || clause.some((t) => isPunct(t, '+')),
      from_table: ctx.table !== null || listContext,
    };
    // "£180 a night in London, £120 elsewhere": one cap, a row per place.
    const same = caps.find(
      (other) =>
        other.categories.join() === cap.categories.join() &&
        (other.period === cap.period || cap.period === null) &&
        (other.locations.length > 0 || cap.locations.length > 0) &&
        other.basis === cap.basis,
    );
    if (same) {
      if (place) same.locations.push(...places.map((where) => ({ place: where, amount })));
      else same.amount = amount;
      return;
    }
    // A restatement on another basis ("at most £192 a night including VAT") adds nothing.
    if (
      caps.some(
        (other) =>
          other.categories.join() === cap.categories.join() &&
          other.period === cap.period &&
          other.basis !== cap.basis &&
          cap.basis !== null,
      )
    ) {
      return;
    }
    caps.push(cap);
    added.push(cap);
  });
  out.findings.push(...added);
  readPercentages(ctx, clause, sentenceCats, out);
}

const FOOD_BASE: LineKind[] = ['food', 'beverage'];

function baseKinds(base: readonly Tok[]): LineKind[] | null {
  const food =
    categoriesIn(base).some((ref) => ref.category.startsWith('meal')) ||
    hasWord(base, 'food', 'meal');
  // "the food and soft drinks": the food named as a category joins the kinds named beside it.
  const kinds = kindsIn(base);
  if (kinds.length > 0) return food ? [...new Set<LineKind>(['food', ...kinds])] : kinds;
  if (food) return FOOD_BASE;
  if (lexOf(base, 'bill').some((token) => /food|meal/i.test(token.text))) return FOOD_BASE;
  if (categoriesIn(base).some((ref) => ref.category === 'lodging')) return ['room'];
  return null;
}

function readPercentages(
  ctx: Ctx,
  clause: Tok[],
  sentenceCats: readonly CatRef[],
  out: ClauseOutput,
): void {
  clause.forEach((token, index) => {
    const bp = token.t === 'pct' ? token.bp : isLex(token, 'half') ? 5000 : null;
    if (bp === null) return;
    const next = clause[index + 1];
    // "the 20% VAT charged on it": a tax rate, not a rule.
    if (isLex(next, 'vat') || isLex(next, 'gross') || isLex(next, 'net')) {
      out.consumed.add(token);
      return;
    }
    const ofAt = clause.findIndex((t, at) => at > index && at <= index + 2 && isWord(t, 'of'));
    const baseEnd = clause.findIndex(
      (t, at) => at > ofAt && (isPunct(t, ',', ';') || t.t === 'money' || isLex(t, 'limit')),
    );
    const base =
      ofAt === -1 ? [] : clause.slice(ofAt + 1, baseEnd === -1 ? clause.length : baseEnd);
    const subject = clause.slice(0, index);
    const limited = kindsIn(subject).filter((kind) => LIMITED_KINDS.has(kind));
    const subjectCats = categoriesIn(subject);
    if (limited.length > 0) {
      const cats =
        subjectCats.length > 0
          ? subjectCats
          : categoriesIn(clause.slice(index + 1)).length > 0
            ? categoriesIn(clause.slice(index + 1))
            : fallbackCats(ctx);
      const of = baseKinds(base) ?? FOOD_BASE;
      out.findings.push({
        f: 'relative',
        categories: cats.length > 0 ? [...new Set(cats.map((ref) => ref.category))] : ['meal'],
        kinds: limited,
        bp,
        of,
        basis:
          hasLex(base, 'net') || hasWord(base, 'pre', 'net')
            ? 'net'
            : hasLex(base, 'gross')
              ? 'gross'
              : null,
      });
      out.consumed.add(token);
      return;
    }
    const cats =
      subjectCats.length > 0
        ? subjectCats
        : sentenceCats.length > 0
          ? sentenceCats
          : fallbackCats(ctx);
    const sharey =
      hasLex(clause, 'pay') ||
      isWord(clause[index - 1], 'at') ||
      lexOf(base, 'bill').length > 0 ||
      inLimitsContext(ctx) ||
      hasWord(clause, 'contribution', 'contributes', 'contribute');
    if (!sharey || cats.length === 0) {
      out.leftovers.push(`a percentage (${token.text}) whose base or category is not clear`);
      return;
    }
    if (bp > 10_000) {
      out.leftovers.push(`a share of ${token.text} is above 100%`);
      return;
    }
    out.findings.push({
      f: 'share',
      categories: [...new Set(cats.map((ref) => ref.category))],
      bp,
      when: null,
    });
    out.consumed.add(token);
  });
}

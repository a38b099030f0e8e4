/**
 * Refusals: "X is not reimbursed", "the Company does not pay for X", "X: declined in full", or an
 * item under "The following are never reimbursed:". The subject X is split into items, and each
 * item is read by what it names: a class of travel declines the whole ticket ("first-class rail"),
 * a kind of line is removed from the bill ("minibar", "alcoholic drinks (ビール)"), a category is
 * not eligible ("personal purchases"), other words become terms matched on invoice lines
 * ("newspapers"). "except as part of entertainment" keeps a category out of the exclusion.
 */
import type { LineKind, TravelClass } from '../../../domain/facts.js';
import { DEFAULT_TAXONOMY } from '../../../domain/taxonomy.js';
import { type Ctx, fallbackCats, inExclusionList } from './context.js';
import type { ClauseOutput, Finding } from './findings.js';
import { isLex, type Tok } from './lexer.js';
import { CLASS_WORDS, otherClasses, travelMode } from './read-classes.js';
import { unless } from './read-requirements.js';
import {
  type CatRef,
  categoriesIn,
  classesIn,
  glosses,
  hasLex,
  hasWord,
  isPunct,
  isWord,
  kindsIn,
  listItems,
  parenDepths,
  termOf,
} from './tokens.js';

const TRIGGERS = new Set(['neg', 'negv', 'selfpay', 'decline']);
const ANYWHERE_KINDS: ReadonlySet<LineKind> = new Set(['alcohol', 'tobacco', 'fine']);
const EMPTY_SUBJECT = new Set(
  'the following following these those items expenses costs are is will be also never always strictly any all of which it they them this that such otherwise then else'.split(
    ' ',
  ),
);
const TRAILING = new Set(
  'are is will shall be being also generally always never strictly not no'.split(' '),
);
const GENERIC_HEADS = new Set(
  'memberships membership subscriptions subscription charges charge fees fee costs items products purchases accessories treatments services'.split(
    ' ',
  ),
);
const TOP_LEVEL = DEFAULT_TAXONOMY.map((entry) => entry.id).filter((id) => !id.includes('.'));

function trim(tokens: readonly Tok[]): Tok[] {
  let end = tokens.length;
  while (end > 0 && (isWord(tokens[end - 1], ...TRAILING) || isPunct(tokens[end - 1], ',', '.')))
    end -= 1;
  let start = 0;
  while (start < end && isPunct(tokens[start], ',', '—', '–', '-')) start += 1;
  return tokens.slice(start, end);
}

/** "personal items such as toiletries and laundry" → head "personal items", examples after. */
function splitExamples(item: readonly Tok[]): { head: Tok[]; examples: Tok[][] } {
  const at = item.findIndex(
    (token, index) =>
      (isWord(token, 'such') && isWord(item[index + 1], 'as')) ||
      isLex(token, 'example') ||
      isLex(token, 'incl'),
  );
  if (at === -1) return { head: [...item], examples: [] };
  const skip = isWord(item[at], 'such') ? 2 : 1;
  return { head: item.slice(0, at), examples: listItems(item.slice(at + skip)) };
}

function termsOf(item: readonly Tok[]): string[] {
  const term = termOf(item);
  // "tickets for partners" names a person or a purpose, not a line an invoice prints.
  if (!term || /^other\b/.test(term) || term.split(' ').length > 4) return [];
  if (/\s(?:for|of|with|by|to|from|on)\s/.test(` ${term} `)) return [];
  const words = term.split(' ');
  const terms = [term];
  if (words.length === 2 && GENERIC_HEADS.has(words[1] as string)) terms.push(words[0] as string);
  return terms;
}

/** The last thing a clause names: "… fare First Class" → "First Class" (a row's last cell). */
function tail(clause: readonly Tok[]): Tok[] {
  const classes = clause
    .map((token, index) => ({ token, index }))
    .filter(({ token }) => isLex(token, 'class'));
  const last = classes[classes.length - 1];
  if (last) return [last.token];
  return listItems(clause).at(-1) ?? [];
}

/** The subject of a refusal in this clause, or null when the clause refuses nothing. */
function subjectOf(
  ctx: Ctx,
  clause: readonly Tok[],
  next: readonly Tok[] | undefined,
  previous: readonly Tok[] | undefined,
): Tok[] | null {
  const depths = parenDepths(clause);
  const at = clause.findIndex(
    (token, index) => token.t === 'lex' && TRIGGERS.has(token.lex.k) && depths[index] === 0,
  );
  if (at === -1) {
    // Only a fragment ("tobacco products;") takes its meaning from the list or label above it.
    const fragment =
      !hasLex(clause, 'pay', 'must', 'limit', 'proc') &&
      !clause.some((token) => token.t === 'money');
    return fragment && (inExclusionList(ctx) || ctx.labelInfo?.exclusion) ? [...clause] : null;
  }
  const trigger = clause[at] as Tok;
  if (isLex(trigger, 'negv'))
    return clause.slice(at + 1).filter((token) => !isWord(token, 'for', 'of', 'the', 'any'));
  const before = clause.slice(0, at);
  const meaningful = before.filter(
    (token) => !(token.t === 'word' && EMPTY_SUBJECT.has(token.w)) && !isPunct(token, ','),
  );
  if (meaningful.length > 0) return ctx.row ? rowSubject(before) : before;
  // "otherwise it is refused": a pronoun points back to what another reader has read.
  if (hasWord(before, 'it', 'they', 'them', 'this', 'that', 'such', 'otherwise')) return [];
  if (next) return [...next];
  return previous ? tail(previous) : [];
}

/**
 * In a table row that lost its columns the subject of a refusal is the last cell before it:
 * "Rail actual price, 2nd class 1st class not reimbursed" refuses "1st class".
 */
function rowSubject(before: readonly Tok[]): Tok[] {
  let start = before.length;
  let sawClass = false;
  while (start > 0) {
    const token = before[start - 1] as Tok;
    const stop =
      isPunct(token, ',', ';') ||
      token.t === 'money' ||
      token.t === 'pct' ||
      isLex(token, 'actual', 'limit', 'per');
    if (stop || (isLex(token, 'class') && sawClass)) break;
    if (isLex(token, 'class')) sawClass = true;
    start -= 1;
  }
  return before.slice(start);
}

/** "parking and speeding fines": a bare item before "speeding fines" shares its head noun. */
function shareHeads(raw: Tok[][]): Tok[][] {
  const items = raw.map(trim).filter((item) => item.length > 0);
  const last = items[items.length - 1];
  const head = last?.[last.length - 1];
  if (!last || !head || !isLex(head, 'kind') || !/\s/.test(head.text)) return items;
  return items.map((item, index) => {
    const core = item.filter(
      (token) => !isLex(token, 'incl', 'example') && !isWord(token, 'such', 'as'),
    );
    if (index === items.length - 1 || core.length !== 1 || isLex(core[0], 'kind', 'class'))
      return item;
    return [{ ...head, text: `${core[0]?.text} ${head.text.split(/\s+/).pop()}` }];
  });
}

export function readRefusals(
  ctx: Ctx,
  clause: Tok[],
  neighbours: { next: Tok[] | undefined; previous: Tok[] | undefined },
  sentenceCats: readonly CatRef[],
  out: ClauseOutput,
): boolean {
  const whole = subjectOf(ctx, clause, neighbours.next, neighbours.previous);
  if (whole === null || whole.length === 0) return false;
  const exceptAt = clause.findIndex((token) => isLex(token, 'except'));
  const subject =
    exceptAt === -1
      ? whole
      : whole.filter((token) => clause.indexOf(token) < exceptAt || !clause.includes(token));
  // Amounts, evidence, lateness and currency are other readers' refusals.
  const elsewhere = ['more', 'fx', 'dup', 'notdoc', 'purpose', 'slip'] as const;
  if (subject.some((token) => token.t === 'money' || elsewhere.some((k) => isLex(token, k))))
    return false;
  // "Late claims are not paid" is the submission window's; "penalties for late payment" is not.
  if (hasLex(subject, 'late') && kindsIn(subject).length === 0) return false;
  // "… are declined unless the attendees are listed": a condition, read as evidence or not at all.
  if (
    hasWord(clause, 'without') ||
    unless(clause) ||
    (hasLex(clause, 'who') && hasWord(clause, 'name', 'names', 'list', 'listed', 'named')) ||
    (hasLex(subject, 'evid') && !hasLex(subject, 'kind', 'cat', 'class'))
  )
    return false;
  const excepted =
    exceptAt === -1 ? [] : categoriesIn(clause.slice(exceptAt + 1)).map((ref) => ref.category);
  const items = shareHeads(listItems(subject));
  // "Premium economy, business and first class tickets": bare class words share "class".
  if (items.some((item) => hasLex(item, 'class'))) {
    items.forEach((item, index) => {
      const core = item.filter((token) => token.t === 'word');
      const word =
        core.length === 1 && item.length === 1 ? (core[0] as Tok & { t: 'word' }).w : null;
      const named = word ? CLASS_WORDS[word] : undefined;
      if (named) items[index] = [{ ...(item[0] as Tok), t: 'lex', lex: { k: 'class', ...named } }];
    });
  }
  const onBill = hasLex(clause, 'onbill');
  const scope = onBill ? ['lodging'] : [...new Set(fallbackCats(ctx).map((ref) => ref.category))];
  const kinds = new Set<LineKind>();
  // Alcohol, tobacco and fines are refused on any bill; each item keeps its own words so an
  // "except …" elsewhere in the policy can narrow the kind and its words together.
  const anywhere: Array<{ kinds: LineKind[]; terms: string[] }> = [];
  const terms: string[] = [];
  const anywhereTerms: string[] = [];
  const found: Finding[] = [];
  const mixed = items.some((item) => kindsIn(item).length > 0) && scope.length > 0;
  const declineClasses = new Map<string, Set<TravelClass>>();
  let vague = false;
  for (const raw of items) {
    const { head, examples } = splitExamples(trim(raw));
    const parts = [head, ...shareHeads(examples)].map(trim).filter((part) => part.length > 0);
    for (const [index, part] of parts.entries()) {
      const partKinds = kindsIn(part);
      const cats = categoriesIn(part);
      const named =
        cats[0]?.category ?? sentenceCats[0]?.category ?? fallbackCats(ctx)[0]?.category;
      const { classes, others } = classesIn(part, travelMode(named));
      if (classes.length > 0 || others) {
        const allowed = classesIn(
          clause.filter((token) => !part.includes(token)),
          travelMode(named),
        ).classes;
        const known = allowed.length > 0 ? allowed : ctx.memory.allowed;
        if (others && known.length === 0) {
          out.leftovers.push('"other classes" without the allowed class being named');
          continue;
        }
        const list = others ? otherClasses(known, travelMode(named)) : classes;
        const category = named?.startsWith('travel') ? named : 'travel';
        const set = declineClasses.get(category) ?? new Set<TravelClass>();
        for (const value of list) set.add(value);
        declineClasses.set(category, set);
        continue;
      }
      if (partKinds.length > 0) {
        const wide = partKinds.every((kind) => ANYWHERE_KINDS.has(kind)) && !onBill;
        // Drinks and tobacco are named by product ("sake", "cigars"); other kinds say it all.
        const byProduct = partKinds.some((kind) => kind === 'alcohol' || kind === 'tobacco');
        const own = byProduct
          ? termsOf(part).filter((term) => !isGenericKindWord(term) && term.split(' ').length <= 2)
          : [];
        const words = [...own, ...glosses(part)];
        if (wide) anywhere.push({ kinds: partKinds, terms: words });
        else {
          for (const kind of partKinds) kinds.add(kind);
          terms.push(...words);
        }
        continue;
      }
      // "prepaid fuel options" under rental cars names a line, not the fuel category.
      const modified =
        scope.length > 0 &&
        cats.every((ref) => !scope.includes(ref.category)) &&
        part.filter((token) => token.t === 'word' && !/^(?:the|any|all|a|an|other)$/.test(token.w))
          .length > 0;
      if (
        cats.length > 0 &&
        !modified &&
        !(mixed && cats.every((ref) => ref.category !== 'personal'))
      ) {
        for (const ref of cats)
          found.push({ f: 'ineligible', category: ref.category, label: ref.text });
        continue;
      }
      if (index === 0 && examples.length > 0 && cats.length === 0 && termsOf(part).length === 0)
        continue;
      const words = termsOf(part);
      if (words.length === 0 && / (?:for|of|with|by|to|from|on) /i.test(termOf(part))) vague = true;
      (scope.length > 0 || onBill ? terms : anywhereTerms).push(...words);
    }
  }
  for (const [category, set] of declineClasses) {
    if (set.size > 0)
      found.push({ f: 'decline', categories: [category], when: { travel_class: [...set] } });
  }
  const exceptScope = excepted.length > 0 ? allBut(excepted) : null;
  for (const group of anywhere)
    found.push({
      f: 'exclusion',
      categories: exceptScope,
      kinds: group.kinds,
      terms: group.terms,
      except: exceptScope !== null,
    });
  if (anywhereTerms.length > 0)
    found.push({
      f: 'exclusion',
      categories: exceptScope,
      kinds: [],
      terms: [...new Set(anywhereTerms)],
      except: exceptScope !== null,
    });
  if (kinds.size > 0 || terms.length > 0)
    found.push({
      f: 'exclusion',
      categories: exceptScope ?? (scope.length > 0 ? scope : null),
      kinds: [...kinds],
      terms: [...new Set(terms)],
      except: exceptScope !== null,
    });
  // "tickets for partners or family members": whom or what for, not a line of an invoice.
  if (found.length === 0 || vague) return false;
  out.findings.push(...found);
  return true;
}

const isGenericKindWord = (term: string) =>
  /^(?:alcohol|alcoholic|alcoholic (?:drinks?|beverages?|refreshments?)|tobacco|tobacco products?|fines?|penalties|penalty charges?)$/.test(
    term,
  );

/** Every top-level category but the named ones (and their children). */
export function allBut(excepted: readonly string[]): string[] {
  return TOP_LEVEL.filter(
    (id) =>
      !excepted.some(
        (except) => except === id || except.startsWith(`${id}.`) || id.startsWith(`${except}.`),
      ),
  );
}

/**
 * "Alcohol is reimbursable only as part of client entertainment": the kind is removed from every
 * other category's bills.
 */
export function readOnlyWithin(clause: readonly Tok[]): Finding | null {
  const pay = clause.findIndex((token) => isLex(token, 'pay'));
  const only = clause.findIndex((token) => isLex(token, 'only'));
  if (pay === -1 || only === -1 || hasLex(clause, 'neg', 'negv', 'decline', 'selfpay')) return null;
  const kinds = kindsIn(clause.slice(0, Math.min(pay, only)));
  const within = categoriesIn(clause.slice(only + 1)).map((ref) => ref.category);
  if (kinds.length === 0 || within.length === 0) return null;
  return { f: 'exclusion', categories: allBut(within), kinds, terms: [], except: true };
}

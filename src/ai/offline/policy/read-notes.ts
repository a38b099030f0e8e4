/**
 * Sentences that state no new rule but describe what the engine or the reader already does
 * ("duplicates are flagged", "the limit is multiplied by the number of nights", "items not
 * reimbursed are taken off the receipt"), worked examples, and sentences about the claims process
 * or the business purpose of an expense. Each note says why no rule is needed, so the reading of
 * a policy can be checked sentence by sentence.
 */
import type { Ctx } from './context.js';
import type { Finding } from './findings.js';
import { isLex, type Tok } from './lexer.js';
import { personsMin } from './statements.js';
import { categoriesIn, hasLex, hasWord, isWord, lexOf } from './tokens.js';

type Test = (tokens: readonly Tok[], ctx: Ctx) => boolean;

const money = (tokens: readonly Tok[]) => tokens.some((token) => token.t === 'money');
const above = (tokens: readonly Tok[]) =>
  lexOf(tokens, 'more').some((token) => token.lex.dir === 'above');
const notCounted = (tokens: readonly Tok[]) =>
  (hasWord(tokens, 'not') && hasWord(tokens, 'included', 'count', 'counted', 'counts')) ||
  hasWord(tokens, 'outside');

/** Notes that claim a clause before any rule is read from it. */
const FIRST: ReadonlyArray<readonly [string, Test]> = [
  ['duplicates are flagged for review by the system', (t) => hasLex(t, 'dup')],
  [
    'documents that are not invoices (quotes, estimates, pro-forma) are returned unprocessed',
    (t, ctx) =>
      hasLex(t, 'notdoc') ||
      (ctx.memory.topic === 'notdoc' && hasWord(t, 'returned', 'processed', 'process')),
  ],
  [
    'excluded items are removed from the bill with their own tax',
    (t) =>
      hasWord(t, 'deducted', 'deduct', 'taken', 'removed', 'subtracted') &&
      !money(t) &&
      // "Alcoholic drinks are not reimbursable and are deducted …" is a refusal first.
      !(hasLex(t, 'neg', 'negv') && hasLex(t, 'kind', 'cat')) &&
      (hasLex(t, 'neg', 'negv', 'kind', 'gross', 'net') || hasWord(t, 'price', 'items', 'prices')),
  ],
  [
    'a bill made only of excluded items is declined',
    (t) =>
      hasLex(t, 'only') &&
      hasLex(t, 'decline') &&
      (hasLex(t, 'neg', 'negv') || hasWord(t, 'items', 'such')),
  ],
  ['a declined ticket is not paid in part', (t) => hasLex(t, 'equiv')],
  [
    'amounts above a limit are reduced to the limit',
    (t) =>
      !money(t) &&
      ((hasLex(t, 'limit') &&
        (hasLex(t, 'selfpay') ||
          above(t) ||
          hasWord(t, 'excess', 'exceeds', 'exceed', 'difference'))) ||
        (hasLex(t, 'selfpay') &&
          (above(t) || hasWord(t, 'excess', 'difference', 'rest', 'remainder', 'balance')))),
  ],
  [
    'limits per invoice apply before shared limits',
    (t) => !money(t) && hasLex(t, 'limit') && hasWord(t, 'first', 'then', 'afterwards'),
  ],
  ['per-unit limits are multiplied by the nights or persons', (t) => hasLex(t, 'mult')],
  [
    'duplicates are flagged for review, not rejected',
    (t, ctx) => hasLex(t, 'flag') && ctx.memory.topic === 'dup' && !hasLex(t, 'within'),
  ],
  [
    'late submissions are flagged for review',
    (t) => hasLex(t, 'late') && hasLex(t, 'flag') && !t.some((token) => token.t === 'num'),
  ],
  [
    'each receipt is one meal',
    (t) =>
      hasLex(t, 'treat') &&
      categoriesIn(t).some((ref) => ref.category === 'meal') &&
      (hasLex(t, 'evid') || lexOf(t, 'per').some((token) => token.lex.period === 'invoice')),
  ],
  [
    'the meal type is read from the time printed on the receipt',
    (t) =>
      hasWord(t, 'time', 'times') && hasLex(t, 'printed') && !t.some((token) => token.t === 'time'),
  ],
  [
    'a bill counts in the month of its billing period',
    (t) => hasWord(t, 'billing') && hasWord(t, 'period', 'month', 'belongs'),
  ],
  [
    'previous balances and payments on a bill are not charges (read from the bill)',
    (t) => hasWord(t, 'balances', 'balance', 'carried') && !money(t),
  ],
  [
    'a shared allowance counts every receipt of its period',
    (t) =>
      hasLex(t, 'shared') && hasLex(t, 'limit') && !money(t) && hasLex(t, 'per', 'unit', 'evid'),
  ],
  [
    'foreign amounts are compared with the limits after conversion',
    (t) => hasWord(t, 'converted', 'conversion') && hasLex(t, 'limit') && !hasLex(t, 'fx'),
  ],
  [
    'photographs and copies of receipts are accepted',
    (t) =>
      hasLex(t, 'evid') &&
      hasWord(
        t,
        'photograph',
        'photographs',
        'photo',
        'photos',
        'scan',
        'scanned',
        'copy',
        'copies',
        'electronic',
        'digital',
      ),
  ],
  [
    'amounts in a currency without minor units are whole numbers',
    (t) => hasWord(t, 'whole') && hasWord(t, 'numbers', 'number', 'units', 'amounts'),
  ],
  [
    'limits by place are given in the table',
    (t) =>
      hasLex(t, 'limit') &&
      hasLex(t, 'place') &&
      !money(t) &&
      hasWord(t, 'higher', 'lower', 'different'),
  ],
];

/** Notes for a clause nothing else understood. */
const LAST: ReadonlyArray<readonly [string, Test]> = [
  [
    'what a limit covers; the lines stay in the category they are billed under',
    (t) =>
      hasLex(t, 'limit') &&
      !money(t) &&
      !t.some((token) => token.t === 'time') &&
      hasWord(t, 'covers', 'cover', 'includes', 'include', 'included') &&
      categoriesIn(t).length > 0,
  ],
  [
    'the limit is given elsewhere in the policy (table or schedule)',
    (t) =>
      hasLex(t, 'limit') &&
      !money(t) &&
      hasWord(t, 'schedule', 'annex', 'annexe', 'appendix', 'table', 'below'),
  ],
  ['a step of the claims process, not a rule on amounts', (t) => hasLex(t, 'proc')],
  ['the business purpose of an expense, which invoices do not show', (t) => hasLex(t, 'purpose')],
  [
    'an allowance shared by the categories it names',
    (t) => hasLex(t, 'shared') && hasLex(t, 'limit') && !money(t),
  ],
];

export function firstNote(tokens: readonly Tok[], ctx: Ctx): string | null {
  return FIRST.find(([, test]) => test(tokens, ctx))?.[0] ?? null;
}

export function lastNote(tokens: readonly Tok[], ctx: Ctx): string | null {
  return LAST.find(([, test]) => test(tokens, ctx))?.[0] ?? null;
}

/** A worked example: under an example heading, labelled, or opened by "Example:"/"e.g.". */
export function isExample(ctx: Ctx): boolean {
  if (ctx.sentence.kind === 'heading' || ctx.sentence.kind === 'header') return false;
  if (ctx.heading?.example || ctx.labelInfo?.example) return true;
  const first = ctx.tokens[0];
  if (isLex(first, 'example')) return true;
  // "An employee who spends £60 on dinner is paid £40": a case told, with no limit word.
  return (
    ctx.tokens.some((token) => token.t === 'money') &&
    !hasLex(ctx.tokens, 'limit', 'neg', 'negv', 'must') &&
    hasWord(ctx.tokens, 'employee', 'traveller', 'someone', 'colleague') &&
    hasWord(
      ctx.tokens,
      'spends',
      'claims',
      'pays',
      'stays',
      'buys',
      'books',
      'orders',
      'incurs',
      'spent',
    )
  );
}

/** "A receipt for two or more persons is entertainment, not a meal." */
export function readAlias(tokens: readonly Tok[]): Finding | null {
  const persons = personsMin(tokens);
  if (persons === null) return null;
  const verb = tokens.findIndex((token) => isWord(token, 'is', 'are') || isLex(token, 'treat'));
  if (verb === -1) return null;
  const from = categoriesIn(tokens.slice(0, verb))[0]?.category;
  const to = categoriesIn(tokens.slice(verb + 1)).find((ref) => ref.category !== from)?.category;
  if (!from || !to) return null;
  return { f: 'alias', from, to, persons_min: persons };
}

/** "Such a receipt is not included in the daily limit": the day's cap counts one-person meals. */
export function readNotCounted(tokens: readonly Tok[], ctx: Ctx): Finding | string | null {
  // "this daily cap applies only to meals the employee eats alone".
  const onlyAlone = hasLex(tokens, 'alone') && hasLex(tokens, 'only');
  if (!(notCounted(tokens) || onlyAlone) || !hasLex(tokens, 'limit') || money(tokens)) return null;
  const limitAt = tokens.findIndex((token) => isLex(token, 'limit'));
  const subjectCats = categoriesIn(tokens.slice(0, Math.max(0, limitAt - 3)));
  const limitCats = categoriesIn(tokens.slice(Math.max(0, limitAt - 3)));
  const period = tokens.find((token) => isLex(token, 'per'));
  if (
    subjectCats.length > 0 &&
    limitCats.some((ref) => !subjectCats.some((s) => s.category === ref.category))
  )
    return 'a category apart does not count toward another category’s allowance';
  const cats = limitCats.length > 0 ? limitCats : (ctx.heading?.cats ?? []);
  if (cats.length === 0) return null;
  return {
    f: 'alone',
    categories: [...new Set(cats.map((ref) => ref.category))],
    period: isLex(period, 'per') ? period.lex.period : null,
  };
}

/** "The allowance covers the mobile phone bill and the home broadband bill together." */
export function readSharedStatement(tokens: readonly Tok[]): Finding | null {
  if (money(tokens) || !hasLex(tokens, 'shared')) return null;
  if (!hasLex(tokens, 'limit') && !hasWord(tokens, 'covers', 'cover')) return null;
  const categories = [...new Set(categoriesIn(tokens).map((ref) => ref.category))];
  return categories.length >= 2 ? { f: 'shared', categories } : null;
}

/** "The food bill is the food and drink on the receipt, including VAT": the base of a percentage. */
export function readBaseDefinition(tokens: readonly Tok[]): Finding | null {
  const bill = tokens.findIndex((token) => isLex(token, 'bill'));
  if (bill === -1 || bill > 2 || money(tokens) || tokens.some((token) => token.t === 'pct'))
    return null;
  if (!isWord(tokens[bill + 1], 'is', 'means', 'includes', 'covers')) return null;
  const gross = hasLex(tokens, 'gross');
  const net = hasLex(tokens, 'net');
  if (gross === net) return null;
  return { f: 'relbasis', basis: gross ? 'gross' : 'net' };
}

/**
 * Requirements and policy-wide settings: evidence ("receipts are required above £25", "attendee
 * names must be listed", declined or flagged as the policy says), the submission window ("within
 * 90 days"), foreign currency ("at the rate printed on the card slip"), meal hours ("breakfast
 * before 10:00"), rounding ("fractions are rounded down"), the policy's currency ("All amounts
 * are in euros (EUR)"), and how limits treat tax ("every limit includes VAT").
 */
import type { EvidenceKind } from '../../../domain/rules/types.js';
import { type Ctx, fallbackCats } from './context.js';
import type { ClauseOutput, Finding } from './findings.js';
import { isLex, type LexTok, type Tok } from './lexer.js';
import { amountOf, basisStatementIn, personsMin } from './statements.js';
import { type CatRef, categoriesIn, hasLex, hasWord, isPunct, isWord, lexOf } from './tokens.js';

const STRENGTH: Readonly<Record<EvidenceKind, number>> = {
  receipt: 0,
  itemised_receipt: 1,
  attendee_names: 2,
};
const REQUIRED =
  /^(?:required|is required|are required|requires|require|mandatory|compulsory|need|needs|needed|only with)$/i;

/** "unless the attendees are listed". */
export const unless = (tokens: readonly Tok[]) =>
  tokens.some((token) => isLex(token, 'except') && /^unless$/i.test(token.text));

const SUBMIT = [
  'submit',
  'submitted',
  'submitting',
  'claimed',
  'claim',
  'claims',
  'filed',
  'lodged',
  'presented',
  'handed',
  'sent',
  'made',
  'entered',
];

/** "on the receipt", "of the receipt": a receipt named as a place, not as a requirement. */
function isPlace(tokens: readonly Tok[], index: number): boolean {
  // "on the receipt", "on every entertainment receipt": determiners and categories in between.
  for (let at = index - 1; at >= Math.max(0, index - 4); at -= 1) {
    const token = tokens[at];
    if (isWord(token, 'on', 'from', 'in', 'of', 'to')) return true;
    if (
      !isWord(token, 'the', 'a', 'an', 'each', 'every', 'its', 'their', 'any') &&
      !isLex(token, 'cat')
    )
      return false;
  }
  return false;
}

export function readEvidence(
  ctx: Ctx,
  clause: Tok[],
  sentence: readonly Tok[],
  out: ClauseOutput,
): boolean {
  const must = lexOf(clause, 'must')[0];
  const mustAt = must ? clause.indexOf(must) : -1;
  const named = hasWord(clause, 'name', 'names', 'list', 'listed', 'named', 'show', 'identify');
  // "… provided the names are written on the receipt; otherwise it is refused" is a condition too.
  const without =
    hasWord(clause, 'without', 'lacking', 'missing', 'provided') ||
    hasLex(clause, 'condition') ||
    unless(clause) ||
    (hasWord(clause, 'not') && named);
  const refused = hasLex(sentence, 'decline', 'neg', 'negv');
  // "Receipts are required …" states a requirement; "receipts must be handed in within 60 days"
  // is about handing them in.
  const adjective =
    must !== undefined &&
    (REQUIRED.test(must.text) ||
      hasWord(
        clause,
        'provided',
        'supplied',
        'attached',
        'enclosed',
        'included',
        'shown',
        'recorded',
        'written',
        'produced',
        'obtained',
        'kept',
        'listed',
        'named',
        'stated',
      ));
  const asks = lexOf(clause, 'evid').filter((token) => {
    const at = clause.indexOf(token);
    return !isPlace(clause, at) && (at > mustAt || adjective || mustAt === -1);
  });
  const required = must !== undefined && (asks.length > 0 || hasLex(clause, 'who'));
  let requires: EvidenceKind | null = asks.reduce<EvidenceKind | null>(
    (best, token) =>
      best === null || STRENGTH[token.lex.requires] > STRENGTH[best] ? token.lex.requires : best,
    null,
  );
  if (
    hasLex(clause, 'who') &&
    (named || hasWord(clause, 'recorded', 'written', 'identified', 'stated'))
  )
    requires = 'attendee_names';
  // "a receipt that shows what was bought" is an itemised receipt.
  if (requires === 'receipt' && hasWord(clause, 'bought', 'purchased', 'itemised', 'itemized'))
    requires = 'itemised_receipt';
  const slipRefused = hasLex(clause, 'slip') && hasLex(clause, 'neg');
  if (slipRefused) requires = 'receipt';
  if (requires === null || !(required || (without && refused) || slipRefused)) return false;
  let above = null;
  clause.forEach((token, index) => {
    const amount = amountOf(token);
    if (!amount) return;
    const before = clause.slice(Math.max(0, index - 3), index);
    const after = clause.slice(index + 1, index + 3);
    if (hasLex(before, 'more')) above = amount;
    else if (hasLex(after, 'ormore')) above = { ...amount, minor: Math.max(0, amount.minor - 1) };
    else return;
    out.consumed.add(token);
  });
  // The subject's categories ("an entertainment receipt without …"), or those after "for".
  const pivot = clause.findIndex(
    (token) => isLex(token, 'must') || isWord(token, 'without', 'unless'),
  );
  const cats = categoriesIn(clause).filter((ref) => {
    const one = clause[ref.index - 1];
    const two = clause[ref.index - 2];
    return (
      ref.index < pivot ||
      isWord(one, 'for', 'on') ||
      (isWord(one, 'every', 'each', 'all', 'any', 'a', 'an') && isWord(two, 'for', 'on'))
    );
  });
  const refs: CatRef[] =
    cats.length > 0 ? cats : requires === 'attendee_names' ? fallbackCats(ctx) : [];
  const persons = personsMin(clause);
  const finding: Finding = {
    f: 'evidence',
    categories:
      refs.length > 0
        ? [...new Set(refs.map((ref) => ref.category))]
        : requires === 'attendee_names'
          ? ['entertainment']
          : null,
    requires,
    above,
    when: persons !== null ? { persons_min: persons } : null,
    action: refused || slipRefused ? 'decline' : 'flag',
  };
  out.findings.push(finding);
  return true;
}

function daysOf(tokens: readonly Tok[], from: number): { days: number; months: boolean } | null {
  const number = tokens.slice(from, from + 5).find((token) => token.t === 'num');
  if (number?.t !== 'num' || !Number.isInteger(number.n)) return null;
  const at = tokens.indexOf(number);
  // "thirty (30) calendar days": the unit may follow a number repeated in parentheses.
  const unit = tokens.slice(at + 1, at + 6).find((token) => isLex(token, 'unit')) as
    | LexTok<'unit'>
    | undefined;
  if (!unit) return null;
  const factor = { day: 1, week: 7, month: 30, year: 365 }[unit.lex.unit];
  return { days: number.n * factor, months: unit.lex.unit === 'month' || unit.lex.unit === 'year' };
}

export function readWindow(clause: Tok[], out: ClauseOutput): boolean {
  if (hasLex(clause, 'proc')) return false;
  const within = clause.findIndex((token) => isLex(token, 'within'));
  const more = clause.findIndex((token) => isLex(token, 'more'));
  const submitted = hasWord(clause, ...SUBMIT) || hasLex(clause, 'evid');
  let found: { days: number; months: boolean } | null = null;
  if (within !== -1 && submitted) found = daysOf(clause, within + 1);
  if (
    !found &&
    more !== -1 &&
    (hasWord(clause, 'old', 'older', ...SUBMIT) || hasLex(clause, 'late', 'flag'))
  )
    found = daysOf(clause, more + 1);
  if (!found) return false;
  out.findings.push({ f: 'window', days: found.days });
  if (found.months) out.leftovers.push(`a window in months or years is read as ${found.days} days`);
  if (hasLex(clause, 'neg', 'decline') && !hasLex(clause, 'flag'))
    out.leftovers.push('late claims are flagged for review; rules v2 cannot decline them');
  return true;
}

export function readForeignCurrency(clause: Tok[], out: ClauseOutput): boolean {
  const converted = hasWord(clause, 'converted', 'conversion', 'convert', 'translated');
  if (!hasLex(clause, 'fx') && !(converted && hasLex(clause, 'xrate'))) return false;
  const printed =
    hasLex(clause, 'slip') ||
    (hasLex(clause, 'printed') && hasLex(clause, 'xrate', 'evid')) ||
    (hasLex(clause, 'xrate') && hasWord(clause, 'on') && hasLex(clause, 'evid'));
  if (printed && !hasLex(clause, 'neg')) {
    out.findings.push({ f: 'fx', accept: 'printed_rate' });
    return true;
  }
  if (!hasLex(clause, 'fx')) return false;
  out.findings.push({ f: 'fx', accept: 'review' });
  if (hasLex(clause, 'xrate') && !hasLex(clause, 'flag'))
    out.leftovers.push(
      'a rate that is not printed on the document is never invented: such receipts are left for review',
    );
  else if (hasLex(clause, 'neg', 'decline'))
    out.leftovers.push(
      'foreign-currency receipts are left for review; rules v2 cannot refuse them',
    );
  return true;
}

const MEALS: Readonly<Record<string, 'breakfast' | 'lunch' | 'dinner'>> = {
  'meal.breakfast': 'breakfast',
  'meal.lunch': 'lunch',
  'meal.dinner': 'dinner',
};

/** "15:59" as the last minute of a window ends it at 16:00. */
const exclusiveEnd = (time: string) => {
  if (!time.endsWith(':59')) return time;
  const hour = (Number(time.slice(0, 2)) + 1) % 24;
  return `${String(hour).padStart(2, '0')}:00`;
};

function splitAt(
  tokens: readonly Tok[],
  cut: (token: Tok) => boolean,
): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  let start = 0;
  tokens.forEach((token, index) => {
    if (!cut(token)) return;
    ranges.push({ start, end: index });
    start = index + 1;
  });
  ranges.push({ start, end: tokens.length });
  return ranges;
}

export function readMealHours(tokens: readonly Tok[], out: ClauseOutput): boolean {
  const meals = tokens
    .map((token, index) => ({ token, index }))
    .filter(({ token }) => isLex(token, 'cat') && MEALS[token.lex.category] !== undefined);
  if (meals.length === 0 || !tokens.some((token) => token.t === 'time')) return false;
  const windows: Array<{
    meal: 'breakfast' | 'lunch' | 'dinner';
    from: string | null;
    to: string | null;
  }> = [];
  // Each meal takes the times of its own part of the sentence ("before 10:30 is a breakfast, one
  // between 10:30 and 15:00 a lunch"), else the times after it up to the next meal.
  const parts = splitAt(tokens, (token) => isPunct(token, ',', ';'));
  meals.forEach(({ token, index }, order) => {
    const part = parts.find((range) => range.start <= index && index < range.end);
    const alone =
      part &&
      meals.filter((meal) => meal.index >= part.start && meal.index < part.end).length === 1;
    const inPart = part ? tokens.slice(part.start, part.end) : [];
    // "Flights departing before 07:00 … a breakfast allowance": the time is the flight's.
    const otherSubject = inPart.some(
      (item) =>
        isLex(item, 'cat') &&
        MEALS[item.lex.category] === undefined &&
        !item.lex.category.startsWith('meal'),
    );
    const hasTimes = !otherSubject && inPart.some((item) => item.t === 'time');
    const end = meals[order + 1]?.index ?? tokens.length;
    const span =
      alone && hasTimes && part ? tokens.slice(part.start, part.end) : tokens.slice(index + 1, end);
    let from: string | null = null;
    let to: string | null = null;
    span.forEach((item, at) => {
      if (item.t !== 'time') return;
      const before = span[at - 1];
      const after = span[at + 1];
      const rel = isLex(before, 'time') ? before.lex.rel : null;
      if (
        rel === 'before' ||
        rel === 'until' ||
        (from !== null && (isWord(before, 'to', 'and') || isPunct(before, '-', '–', '—')))
      ) {
        to = exclusiveEnd(item.hhmm);
      } else if (
        rel === 'after' ||
        rel === 'from' ||
        rel === 'between' ||
        isLex(after, 'open') ||
        from === null
      ) {
        if (isLex(after, 'open') && after.lex.side === 'earlier') to = exclusiveEnd(item.hhmm);
        else from = item.hhmm;
      }
    });
    if (from !== null || to !== null)
      windows.push({ meal: MEALS[(token as LexTok<'cat'>).lex.category] as 'breakfast', from, to });
  });
  if (windows.length === 0) return false;
  for (const item of tokens) if (item.t === 'time') out.consumed.add(item);
  out.findings.push({ f: 'hours', windows });
  return true;
}

export function readSettings(ctx: Ctx, clause: Tok[], out: ClauseOutput): boolean {
  let understood = false;
  for (const token of lexOf(clause, 'round')) {
    out.findings.push({ f: 'rounding', mode: token.lex.mode });
    understood = true;
  }
  const money = clause.some((token) => token.t === 'money');
  const currency = lexOf(clause, 'currency');
  if (
    !money &&
    currency.length > 0 &&
    hasWord(clause, 'amounts', 'amount', 'expressed', 'denominated', 'stated', 'limits')
  ) {
    const code = currency.find((token) => /^[A-Z]{3}$/.test(token.text)) ?? currency[0];
    if (code) {
      out.findings.push({ f: 'currency', code: code.lex.code });
      understood = true;
    }
  }
  const basis = basisStatementIn(clause);
  const aboutLimits =
    hasLex(clause, 'limit') || hasWord(clause, 'compared', 'measured', 'assessed');
  // "Tips may not exceed 20% of the pre-tax total": that basis is the percentage's, not the limits'.
  const percent = clause.some((token) => token.t === 'pct');
  if (!money && !percent && basis && aboutLimits) {
    const general =
      hasWord(clause, 'every', 'all', 'otherwise') ||
      (clause.length > 0 && isLex(clause[0], 'limit'));
    const heading = fallbackCats(ctx);
    const cats = general ? [] : heading.length > 0 ? heading : categoriesIn(clause);
    out.findings.push({
      f: 'basis',
      categories: cats.length > 0 ? [...new Set(cats.map((ref) => ref.category))] : null,
      basis,
    });
    understood = true;
  }
  return understood;
}

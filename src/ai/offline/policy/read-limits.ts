/**
 * Limits: an amount is a cap only when a limit word governs it ("up to", "capped at", "a maximum
 * of", "allowance", "at most"), when it follows "above …" in a sentence that refuses the excess,
 * or when it stands in a limits table or list (or a clause after one: "…; international stays to
 * £140"). Its category, period and places come from limit-parts.ts; its basis is the "excluding
 * VAT" / "including VAT" beside it; places beside several amounts make one cap with a row per
 * place ("£180 in London, £120 elsewhere"); a restatement on another basis is dropped.
 */
import type { Conditions } from '../../../domain/rules/types.js';
import { type Ctx, inLimitsContext } from './context.js';
import type { Amount, BasisHint, CapFinding, ClauseOutput } from './findings.js';

import type { Period } from './lexemes.js';
import { isLex, type Tok } from './lexer.js';
import { assignCategories, periodAfter, placesNear } from './limit-parts.js';
import { amountOf, basisStatementIn, personsMin } from './statements.js';
import { type CatRef, categoriesIn, classesIn, hasLex, isPunct } from './tokens.js';

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
}

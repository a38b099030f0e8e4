/**
 * What is paid: categories the policy reimburses ("Parking and fuel are reimbursed in full",
 * a list under "The following categories are eligible:", a limits-table row), lines paid on top
 * of a cap ("the tourist tax is reimbursed in addition to the limit", "parking charged on a hotel
 * bill is reimbursed"), and lines judged as another category ("breakfast charged on a hotel bill
 * is treated as a breakfast").
 */
import type { LineKind } from '../../../domain/facts.js';
import { type Ctx, fallbackCats, inEligibleList } from './context.js';
import type { ClauseOutput, Finding } from './findings.js';
import { isLex, type Tok } from './lexer.js';
import { basisStatementIn } from './statements.js';
import { type CatRef, categoriesIn, hasLex, isPunct, kindsIn } from './tokens.js';

/** The line kind a category names when it is a line on another bill. */
const CATEGORY_LINE: Readonly<Record<string, LineKind>> = {
  'meal.breakfast': 'breakfast',
  meal: 'food',
  'meal.lunch': 'food',
  'meal.dinner': 'food',
  parking: 'parking',
  fuel: 'fuel',
  telecom: 'telecom',
  lodging: 'room',
};

const REFUSED = ['neg', 'negv', 'decline', 'selfpay'] as const;

function linesNamed(tokens: readonly Tok[]): LineKind[] {
  const kinds = new Set<LineKind>(kindsIn(tokens));
  for (const ref of categoriesIn(tokens)) {
    const kind = CATEGORY_LINE[ref.category];
    if (kind && ref.category !== 'lodging') kinds.add(kind);
  }
  return [...kinds];
}

/** "In addition, …" opens a sentence; it does not put anything on top of a limit. */
function onTopAt(clause: readonly Tok[]): number {
  return clause.findIndex(
    (token, index) => isLex(token, 'ontop') && !(index === 0 && isPunct(clause[1], ',')),
  );
}

export function readLines(ctx: Ctx, clause: Tok[], out: ClauseOutput): boolean {
  const refused = hasLex(clause, ...REFUSED);
  const paid = hasLex(clause, 'pay', 'full', 'actual');
  const onBill = clause.findIndex((token) => isLex(token, 'onbill'));
  const treat = clause.findIndex((token) => isLex(token, 'treat'));
  if (onBill !== -1 && !refused && (paid || treat !== -1)) {
    const subject = clause.slice(0, onBill);
    const kinds = linesNamed(subject);
    if (kinds.length > 0 && treat > onBill) {
      const target = categoriesIn(clause.slice(treat + 1))[0]?.category;
      // "Dinner on a hotel folio is treated as a meal": judged as the dinner it is.
      const own = categoriesIn(subject).find((ref) => ref.category.startsWith('meal.'))?.category;
      const treatAs = target === 'meal' && own ? own : (target ?? null);
      if (treatAs) {
        out.findings.push({ f: 'linecat', categories: ['lodging'], kinds, treat_as: treatAs });
        return true;
      }
    }
    if (kinds.length > 0 && treat === -1) {
      out.findings.push({ f: 'ontop', categories: ['lodging'], kinds });
      return true;
    }
  }
  // "Hotel taxes and resort fees are reimbursed in full": taxes and fees of a stay, paid whole.
  const stayCharges = kindsIn(clause).filter(
    (kind) => kind === 'room_tax' || kind === 'tourist_tax' || kind === 'fee',
  );
  const wholly = hasLex(clause, 'full', 'actual') && hasLex(clause, 'pay');
  const lodging = fallbackCats(ctx).some((ref) => ref.category === 'lodging');
  if (
    onTopAt(clause) === -1 &&
    wholly &&
    !refused &&
    stayCharges.length > 0 &&
    (lodging || stayCharges.some((kind) => kind !== 'fee'))
  ) {
    out.findings.push({ f: 'ontop', categories: ['lodging'], kinds: stayCharges });
    if (stayCharges.includes('room_tax') || hasLex(clause, 'vat'))
      out.findings.push({ f: 'basis', categories: ['lodging'], basis: 'all_tax' });
    return true;
  }
  const onTop = onTopAt(clause);
  if (onTop !== -1 && !refused) {
    const kinds = kindsIn(clause);
    const cats = [...new Set(fallbackCats(ctx).map((ref) => ref.category))];
    const lodgingTax =
      kinds.length > 0 && kinds.every((kind) => kind === 'tourist_tax' || kind === 'room_tax');
    const scope = lodgingTax || cats.length === 0 ? ['lodging'] : cats;
    let understood = false;
    if (kinds.length > 0) {
      out.findings.push({ f: 'ontop', categories: scope, kinds });
      understood = true;
    }
    if (basisStatementIn(clause) === 'all_tax') {
      out.findings.push({ f: 'basis', categories: scope, basis: 'all_tax' });
      understood = true;
    }
    if (understood) return true;
  }
  return false;
}

/** Categories the clause says are paid; each with the words the policy used for it. */
export function readEligible(ctx: Ctx, clause: Tok[], out: ClauseOutput): CatRef[] {
  const refused = hasLex(clause, ...REFUSED);
  // "… supported by an invoice, a restaurant bill or a till receipt": evidence, not eligibility.
  if (refused || (hasLex(clause, 'must') && hasLex(clause, 'evid'))) return [];
  const cats = categoriesIn(clause);
  const rowValue =
    ctx.row !== null &&
    clause.some(
      (token) =>
        token.t === 'money' || token.t === 'pct' || isLex(token, 'actual') || isLex(token, 'class'),
    );
  const listed = inEligibleList(ctx) && cats.length > 0;
  const paid =
    hasLex(clause, 'pay', 'actual') || (hasLex(clause, 'full') && !hasLex(clause, 'neg'));
  if (!(paid || rowValue || listed)) return [];
  // A row is about its label ("Taxi / ride-hailing … tolls included" pays taxis, not tolls).
  const refs = ctx.row && ctx.row.cats.length > 0 ? ctx.row.cats : cats;
  const findings: Finding[] = refs.map((ref) => ({
    f: 'eligible',
    category: ref.category,
    label: ref.text,
  }));
  out.findings.push(...findings);
  if (refs.some((ref) => ref.category === 'mileage'))
    out.leftovers.push('mileage is paid per distance driven, which invoices do not carry');
  return refs;
}

/**
 * Percentages: a share of a bill ("the company pays 50% of the mobile bill", "half of the
 * broadband bill") or, said of tips and service, a limit relative to the other lines of the bill
 * ("tips up to 10% of the food and soft drinks", measured before or after tax as the policy says).
 * A percentage whose base or category cannot be told is reported, and "the 20% VAT" is a rate.
 */
import type { LineKind } from '../../../domain/facts.js';
import { type Ctx, fallbackCats, inLimitsContext } from './context.js';
import type { ClauseOutput } from './findings.js';
import { isLex, type Tok } from './lexer.js';
import {
  type CatRef,
  categoriesIn,
  hasLex,
  hasWord,
  isPunct,
  isWord,
  kindsIn,
  lexOf,
} from './tokens.js';

const LIMITED_KINDS: ReadonlySet<LineKind> = new Set(['tip', 'service_charge', 'fee']);

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

export function readPercentages(
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

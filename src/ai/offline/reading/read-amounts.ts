/**
 * The amounts of a prepared document: labelled candidates for totals, net, tax, deposits and the
 * amounts that are never totals, then the total chosen by consistency (totals.ts). A document
 * whose labels are in no known language still yields a total, by arithmetic or as its largest
 * amount, with a confidence low enough for a person to look.
 */
import type { PreparedDocument } from './document.js';
import { pairLabels, type ValueHit } from './label-pairing.js';
import { type LabelRole, SETTLEMENT_ROLES } from './label-tables.js';
import type { LabelMatch } from './labels.js';
import { type AmountToken, type DecimalMark, signed, unambiguousMark } from './numbers.js';
import { type AmountCandidate, type ChosenTotal, chooseTotal } from './totals.js';

/** The settling amounts, and the amounts a label says are never the total. */
const AMOUNT_ROLES: ReadonlySet<LabelRole> = new Set([...SETTLEMENT_ROLES, 'excluded']);

export interface AmountReading {
  candidates: AmountCandidate[];
  total: ChosenTotal | null;
  /** True when the total came from no label at all. */
  unlabelled: boolean;
}

/**
 * Whether a number can be money here: where the document prints decimals, a bare integer after
 * a label is a count or a term ("zahlbar innerhalb 30 Tagen"), unless a currency marks it.
 */
function moneyLike(doc: PreparedDocument, token: AmountToken): boolean {
  return token.decimals > 0 || token.mark !== null || doc.decimal === null || doc.minorDigits === 0;
}

/**
 * A number cut short by a misreading: its decimal mark is followed by a space and a digit or by
 * a stray mark ("19, 4¢" is not 19.00), so its value is unknown.
 */
function cutShort(text: string, token: AmountToken): boolean {
  return /^[.,](?:\s+\d|\s*[^\d\s%])/u.test(text.slice(token.end));
}

export function amountCandidates(doc: PreparedDocument): AmountCandidate[] {
  const values: Array<Array<ValueHit<AmountToken>>> = doc.amounts.map((row, index) =>
    row
      .filter((token) => moneyLike(doc, token) && !cutShort(doc.rows[index]?.text ?? '', token))
      .map((token) => ({ value: token, start: token.index, end: token.end })),
  );
  const pairs = pairLabels({ rows: doc.rows, labels: doc.labels, values }, (label: LabelMatch) =>
    AMOUNT_ROLES.has(label.role),
  );
  return pairs.map((pair) => ({
    role: pair.label.role,
    minor: signed(pair.value.value),
    weak: pair.label.weak,
    siblings: pair.siblings,
    place: pair.place,
    page: doc.rows[pair.labelRow]?.page ?? 1,
    order: pair.labelRow,
    relation: pair.relation,
    // "19.16" on a page writing "19,46": a mark the document does not use, a likely misreading.
    offStyle:
      doc.decimal !== null && unambiguousMark(pair.value.value.digits) === otherMark(doc.decimal),
  }));
}

function otherMark(mark: DecimalMark): DecimalMark {
  return mark === '.' ? ',' : '.';
}

/** Rows whose amounts are labelled as never being the total. */
function excludedRows(doc: PreparedDocument): Set<number> {
  const rows = new Set<number>();
  doc.labels.forEach((labels, index) => {
    if (labels.some((label) => ['tendered', 'change', 'excluded'].includes(label.role)))
      rows.add(index);
  });
  return rows;
}

/**
 * Without a usable label: the largest amount two others on one row add up to (net + tax), even
 * on a payment row (card or cash, when exact); else the largest amount printed with a currency;
 * else the largest printed with decimals. Never a cash, change or savings amount otherwise.
 */
function unlabelledTotal(doc: PreparedDocument): ChosenTotal | null {
  const excluded = excludedRows(doc);
  const money = doc.amounts.flatMap((row, index) =>
    row
      .filter((token) => token.decimals > 0 || token.mark !== null)
      .map((token) => ({
        minor: signed(token),
        marked: token.mark !== null,
        row: index,
        page: doc.rows[index]?.page ?? 1,
      })),
  );
  const allowed = money.filter((amount) => !excluded.has(amount.row));
  if (allowed.length === 0) return null;
  const sums = new Set<number>();
  for (const row of new Set(money.map((amount) => amount.row))) {
    const onRow = money.filter((amount) => amount.row === row).map((amount) => amount.minor);
    for (let i = 0; i < onRow.length; i += 1)
      for (let j = i + 1; j < onRow.length; j += 1) {
        const [a = 0, b = 0] = [onRow[i], onRow[j]];
        if (a > 0 && b > 0) sums.add(a + b);
      }
  }
  const largest = (list: typeof money) =>
    list.reduce<(typeof money)[number] | undefined>(
      (best, amount) => (!best || amount.minor > best.minor ? amount : best),
      undefined,
    );
  const summed = largest(money.filter((amount) => sums.has(amount.minor)));
  const marked = largest(allowed.filter((amount) => amount.marked));
  const chosen = summed ?? marked ?? largest(allowed);
  if (!chosen) return null;
  return {
    minor: chosen.minor,
    page: chosen.page,
    confidence: summed ? 0.45 : 0.3,
    checks: summed ? ['net_plus_tax'] : [],
    due: null,
    net: null,
    tax: null,
  };
}

/**
 * A receipt's items: the amounts closing the unlabelled rows right above its first total, summed
 * (rows of text alone, such as a description over its price, are stepped over).
 */
export function itemsAbove(
  doc: PreparedDocument,
  candidates: readonly AmountCandidate[],
): number | null {
  const gross = candidates.filter((c) => c.role === 'total' || c.role === 'due');
  const first = Math.min(...gross.map((c) => c.order));
  if (!Number.isFinite(first)) return null;
  let sum = 0;
  let counted = 0;
  let quiet = 0;
  for (let index = first - 1; index >= 0 && quiet < 3; index -= 1) {
    if ((doc.labels[index] ?? []).some((label) => AMOUNT_ROLES.has(label.role))) break;
    const last = (doc.amounts[index] ?? []).filter((token) => moneyLike(doc, token)).at(-1);
    if (!last) {
      quiet += 1;
      continue;
    }
    quiet = 0;
    sum += signed(last);
    counted += 1;
  }
  return counted >= 2 ? sum : null;
}

/** Cash handed over less the change given: what was paid, derived when both are printed. */
function cashPaid(candidates: readonly AmountCandidate[]): AmountCandidate[] {
  const cash = candidates.filter((c) => c.role === 'tendered');
  const change = candidates.filter((c) => c.role === 'change' && c.minor > 0);
  return cash.flatMap((given) =>
    change
      .filter((back) => given.minor > back.minor)
      .map((back) => ({
        ...given,
        role: 'total' as const,
        minor: given.minor - back.minor,
        relation: 'derived' as const,
      })),
  );
}

export function readAmounts(doc: PreparedDocument, linesMinor: number | null): AmountReading {
  const labelled = amountCandidates(doc);
  const candidates = [...labelled, ...cashPaid(labelled)];
  const total = chooseTotal({ candidates, linesMinor: linesMinor ?? itemsAbove(doc, labelled) });
  if (total) return { candidates, total, unlabelled: false };
  return { candidates, total: unlabelledTotal(doc), unlabelled: true };
}

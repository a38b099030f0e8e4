/**
 * The amounts of a prepared document: labelled candidates for totals, net, tax, deposits and the
 * amounts that are never totals, then the total chosen by consistency (totals.ts). A document
 * whose labels are in no known language still yields a total, by arithmetic or as its largest
 * amount, with a confidence low enough for a person to look.
 */
import type { PreparedDocument } from './document.js';
import type { LabelRole } from './label-tables.js';
import type { LabelMatch } from './labels.js';
import { pairLabels, type ValueHit } from './layout.js';
import { type AmountToken, signed } from './numbers.js';
import { type AmountCandidate, type ChosenTotal, chooseTotal } from './totals.js';

const AMOUNT_ROLES: ReadonlySet<LabelRole> = new Set([
  'total',
  'due',
  'net',
  'tax',
  'prepaid',
  'tendered',
  'change',
  'excluded',
  'payment',
]);

export interface AmountReading {
  candidates: AmountCandidate[];
  total: ChosenTotal | null;
  /** True when the total came from no label at all. */
  unlabelled: boolean;
}

export function amountCandidates(doc: PreparedDocument): AmountCandidate[] {
  const values: Array<Array<ValueHit<AmountToken>>> = doc.amounts.map((row) =>
    row.map((token) => ({ value: token, start: token.index, end: token.end })),
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
  }));
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
 * Without a usable label: the largest amount that two others add up to (net + tax), else the
 * largest amount printed with decimals. Never an amount on a cash, change or savings row.
 */
function unlabelledTotal(doc: PreparedDocument): ChosenTotal | null {
  const excluded = excludedRows(doc);
  const amounts = doc.amounts.flatMap((row, index) =>
    excluded.has(index)
      ? []
      : row
          .filter((token) => token.decimals > 0 || token.mark !== null)
          .map((token) => ({ minor: signed(token), page: doc.rows[index]?.page ?? 1 })),
  );
  if (amounts.length === 0) return null;
  const distinct = [...new Set(amounts.map((a) => a.minor))]
    .filter((a) => a > 0)
    .sort((a, b) => b - a);
  const sums = distinct.find((total) =>
    distinct.some((part) => part < total && part * 2 !== total && distinct.includes(total - part)),
  );
  const minor = sums ?? distinct[0] ?? amounts[0]?.minor ?? 0;
  const page = amounts.find((a) => a.minor === minor)?.page ?? 1;
  return {
    minor,
    page,
    confidence: sums !== undefined ? 0.4 : 0.3,
    checks: sums !== undefined ? ['net_plus_tax'] : [],
    due: null,
    net: null,
    tax: null,
  };
}

export function readAmounts(doc: PreparedDocument, linesMinor: number | null): AmountReading {
  const candidates = amountCandidates(doc);
  const total = chooseTotal({ candidates, linesMinor });
  if (total) return { candidates, total, unlabelled: false };
  return { candidates, total: unlabelledTotal(doc), unlabelled: true };
}

/**
 * The payable total chosen by consistency. Every labelled amount is a candidate; a candidate
 * gains when the document's other amounts agree with it (net + tax = gross, lines + tax = total,
 * total − deposits = amount due, cash − change = total, the card was charged it) and loses when
 * it cannot be the total (it sits in a summary row of several values, it is smaller than the
 * tax, it is zero while something was charged). Cash handed over, change, savings and previous
 * balances are never candidates. The confidence says whether a check confirmed the choice.
 */
import type { LabelRole } from './label-tables.js';

export interface AmountCandidate {
  role: LabelRole;
  /** Signed minor units. */
  minor: number;
  weak: boolean;
  /** Values that share the label on its row; `place` is this one's position among them. */
  siblings: number;
  place: number;
  page: number;
  /** Reading order of the label's row in the document. */
  order: number;
  /** How the value was found: under a table column header it is a line's, not a total. */
  relation?: 'right' | 'below' | 'column' | 'next' | 'block' | 'derived';
  /** Printed with the decimal mark the rest of the document does not use. */
  offStyle?: boolean;
}

export type TotalCheck =
  | 'net_plus_tax'
  | 'lines_plus_tax'
  | 'due_after_prepaid'
  | 'cash_minus_change'
  | 'card_charged'
  | 'summary_row'
  | 'repeated';

export interface ChosenTotal {
  minor: number;
  page: number;
  confidence: number;
  checks: TotalCheck[];
  /** What was still to pay, when printed apart from the total (after deposits). */
  due: { minor: number; page: number } | null;
  net: { minor: number; page: number } | null;
  tax: { minor: number; page: number } | null;
}

const GROSS_ROLES: ReadonlySet<LabelRole> = new Set(['total', 'due', 'payment']);

function prior(candidate: AmountCandidate): number {
  // Derived from cash and change, it rests on two amounts read right: it needs another check.
  if (candidate.relation === 'derived') return 0.2;
  const base =
    candidate.role === 'total' ? 0.55 : candidate.role === 'due' ? 0.5 : /* payment */ 0.3;
  let score = candidate.weak ? base - 0.2 : base;
  // A row of several values under one label is a summary table row, not the total.
  if (candidate.siblings > 1) score -= candidate.place === candidate.siblings - 1 ? 0.1 : 0.25;
  if (candidate.relation === 'column') score -= 0.3;
  if (candidate.offStyle) score -= 0.3;
  return score;
}

/** Amounts of distinct candidates of a role (the same amount printed twice counts once). */
function amountsOf(candidates: readonly AmountCandidate[], role: LabelRole): number[] {
  return [...new Set(candidates.filter((c) => c.role === role).map((c) => c.minor))];
}

/** The tax actually charged: one rate's amount, or the sum of several rates (CGST + SGST). */
function taxTotals(candidates: readonly AmountCandidate[]): number[] {
  const rows = candidates.filter((c) => c.role === 'tax' && c.place === c.siblings - 1);
  const amounts = [...new Set(rows.map((c) => c.minor))];
  const sum = amounts.reduce((total, amount) => total + amount, 0);
  // A row-by-row sum double counts when a total tax row repeats the rate rows.
  const perRow = rows.reduce((total, c) => total + c.minor, 0);
  return [...new Set([...amounts, sum, perRow])];
}

export interface TotalInputs {
  candidates: readonly AmountCandidate[];
  /** Sum of the line items read, when there are any. */
  linesMinor: number | null;
}

export function chooseTotal({ candidates, linesMinor }: TotalInputs): ChosenTotal | null {
  const gross = candidates.filter((c) => GROSS_ROLES.has(c.role));
  if (gross.length === 0) return null;
  const nets = amountsOf(candidates, 'net');
  const taxes = taxTotals(candidates);
  const prepaid = amountsOf(candidates, 'prepaid');
  const tendered = amountsOf(candidates, 'tendered');
  const change = amountsOf(candidates, 'change');
  const cards = amountsOf(candidates, 'payment');
  const dues = amountsOf(candidates, 'due');
  const summaries = summaryRows(candidates);
  const largest = Math.max(...gross.map((c) => c.minor));

  const scored = gross.map((candidate) => {
    const value = candidate.minor;
    const checks: TotalCheck[] = [];
    if (
      nets.some((net) => taxes.some((tax) => tax !== 0 && net + tax === value)) ||
      nets.some((net) => nets.some((other) => other < net && net + other === value))
    )
      checks.push('net_plus_tax');
    if (
      linesMinor !== null &&
      linesMinor !== 0 &&
      [0, ...taxes].some((tax) => linesMinor + tax === value)
    )
      checks.push('lines_plus_tax');
    if (prepaid.some((paid) => paid !== 0 && dues.some((due) => value - Math.abs(paid) === due)))
      checks.push('due_after_prepaid');
    if (tendered.some((cash) => change.some((back) => cash - back === value && back !== 0)))
      checks.push('cash_minus_change');
    if (candidate.role !== 'payment' && cards.includes(value)) checks.push('card_charged');
    if (summaries.some((sum) => sum === value)) checks.push('summary_row');
    if (gross.filter((other) => other.minor === value && other.role !== 'payment').length > 1)
      checks.push('repeated');
    let score = prior(candidate);
    for (const check of checks)
      score += check === 'repeated' ? 0.05 : check === 'card_charged' ? 0.15 : 0.3;
    if (taxes.some((tax) => tax > 0 && value > 0 && value < tax)) score -= 0.4;
    if (value === 0 && largest > 0) score -= 0.5;
    // Among equals the later one: a document's final total comes after its running totals.
    score += candidate.order * 1e-6;
    return { candidate, checks, score };
  });
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return null;
  const { candidate, checks } = best;
  const confirmed = checks.some((check) => check !== 'repeated');
  const rivals = scored.filter(
    (other) => other.candidate.minor !== candidate.minor && other.score > best.score - 0.1,
  ).length;
  const confidence = confirmed
    ? checks.includes('net_plus_tax') ||
      checks.includes('lines_plus_tax') ||
      checks.includes('cash_minus_change')
      ? 0.97
      : 0.9
    : candidate.weak
      ? 0.45
      : rivals > 0
        ? 0.55
        : 0.75;
  return {
    minor: candidate.minor,
    page: candidate.page,
    confidence,
    checks,
    due: dueAfter(candidates, candidate.minor),
    net: netOf(candidates, candidate.minor, taxes),
    tax: taxOf(candidates, candidate.minor, nets),
  };
}

/** Sums of the values of rows that print several amounts under one total label. */
function summaryRows(candidates: readonly AmountCandidate[]): number[] {
  const rows = new Map<string, number[]>();
  for (const c of candidates) {
    if (c.siblings < 2 || !GROSS_ROLES.has(c.role)) continue;
    const key = `${c.page}:${c.order}`;
    rows.set(key, [...(rows.get(key) ?? []), c.minor]);
  }
  return [...rows.values()].filter((values) => values.length === 2).map(([a = 0, b = 0]) => a + b);
}

function dueAfter(candidates: readonly AmountCandidate[], total: number) {
  const due = candidates
    .filter((c) => c.role === 'due' && c.minor !== total && !c.weak)
    .sort((a, b) => b.order - a.order)[0];
  return due ? { minor: due.minor, page: due.page } : null;
}

function netOf(candidates: readonly AmountCandidate[], total: number, taxes: readonly number[]) {
  const nets = candidates.filter((c) => c.role === 'net');
  const consistent =
    nets.find((c) => taxes.some((tax) => tax !== 0 && c.minor + tax === total)) ??
    // Two "net" amounts that make the total: the larger is the net, the other the tax.
    nets.find((c) => nets.some((o) => o.minor < c.minor && o.minor + c.minor === total));
  const chosen = consistent ?? nets.filter((c) => !c.weak).sort((a, b) => b.order - a.order)[0];
  return chosen ? { minor: chosen.minor, page: chosen.page } : null;
}

function taxOf(candidates: readonly AmountCandidate[], total: number, nets: readonly number[]) {
  const rows = candidates.filter((c) => c.role === 'tax' && c.place === c.siblings - 1);
  if (rows.length === 0) {
    // A tax printed under a label that reads as net ("Taxable amount"): what the net leaves.
    const pair = candidates.find(
      (c) => c.role === 'net' && nets.some((net) => net > c.minor && net + c.minor === total),
    );
    return pair ? { minor: pair.minor, page: pair.page } : null;
  }
  const page = rows[0]?.page ?? 1;
  for (const tax of taxTotals(candidates)) {
    if (nets.some((net) => net + tax === total)) return { minor: tax, page };
  }
  const amounts = [...new Set(rows.map((c) => c.minor))];
  // One amount that is the sum of the others is the tax total printed under them.
  const sum = amounts.reduce((a, b) => a + b, 0);
  const inclusive = amounts.find((amount) => amount * 2 === sum);
  return { minor: inclusive ?? sum, page };
}

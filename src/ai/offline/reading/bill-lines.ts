/**
 * The lines of a bill, read by structure: rows above the total that pair a description with an
 * amount, a subtotal recognised as the sum of the rows above it, a running balance column
 * recognised by its arithmetic, and the set of lines kept only when it adds up to the total, the
 * subtotal or the total less tax. Lines that add up to nothing printed are kept with a low
 * confidence; lines that exceed the total are not lines.
 */
import type { FactLine } from '../../../domain/facts.js';
import {
  chargeTax,
  type LineCandidate,
  leadingLabels,
  lineCandidateAt,
  moneyTokens,
} from './bill-line-rows.js';
import type { PreparedDocument } from './document.js';
import { type LineKindContext, lineKindOf } from './line-kinds.js';
import { type AmountToken, signed } from './numbers.js';

/** Charges printed under a subtotal, added to it: a service charge, a tip, a discount. */
const AFTER_SUBTOTAL = new Set(['service_charge', 'tip', 'discount', 'fee']);
const TAX_CHARGES = new Set(['tourist_tax', 'room_tax']);

export interface BillLines {
  lines: FactLine[];
  /** The lines add up to an amount the document prints. */
  consistent: boolean;
  /**
   * Tax printed as rows among the lines (a folio's tax of each day), when the lines and these
   * rows add up to the total: the document's tax, whatever else a tax label was read beside.
   */
  inline_tax: number | null;
}

export interface BillTotals {
  total: number | null;
  net: number | null;
  tax: number | null;
}

/** The amount of each line: its last, unless the last column is a running balance. */
function lineAmounts(candidates: readonly LineCandidate[]): number[] {
  const last = candidates.map((c) => signed(c.amounts[c.amounts.length - 1] as AmountToken));
  const before = candidates.map((c) =>
    c.amounts.length >= 2 ? signed(c.amounts[c.amounts.length - 2] as AmountToken) : null,
  );
  let running = 0;
  let broken = 0;
  for (let i = 1; i < candidates.length; i += 1) {
    const step = before[i];
    if (step !== null && step !== undefined && last[i] === (last[i - 1] ?? 0) + step) running += 1;
    else broken += 1;
  }
  if (running >= 2 && running > broken) return before.map((value, i) => value ?? last[i] ?? 0);
  return last;
}

function endRow(doc: PreparedDocument, total: number | null): number {
  let firstTotal = -1;
  for (const [index, labels] of doc.labels.entries()) {
    if (!labels.some((label) => (label.role === 'total' || label.role === 'due') && !label.weak))
      continue;
    if (firstTotal < 0) firstTotal = index;
    if (total !== null && (doc.amounts[index] ?? []).some((token) => signed(token) === total))
      return index;
  }
  return firstTotal < 0 ? doc.rows.length : firstTotal;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

export function readBillLines(
  doc: PreparedDocument,
  totals: BillTotals,
  context: LineKindContext,
): BillLines {
  const end = endRow(doc, totals.total);
  let candidates: LineCandidate[] = [];
  let summaryFrom = Number.POSITIVE_INFINITY;
  let inlineTax = 0;
  for (let index = 0; index < end; index += 1) {
    const labels = leadingLabels(doc, index);
    // A summary row prints its amount; a sentence about tax ("prices include VAT") is no summary.
    const summary =
      moneyTokens(doc, index).length > 0 &&
      labels.some((label) => (label.role === 'net' || label.role === 'tax') && !label.weak);
    const charge =
      labels.every((label) => label.role === 'tax') && chargeTax(doc.rows[index]?.text ?? '');
    if (summary && !charge) {
      // A dated tax row is a folio's charge of that day, among the lines, not their summary.
      const dated = (doc.dates[index] ?? []).some((hit) => hit.index <= 2);
      if (candidates.length > 0) {
        if (!dated) summaryFrom = Math.min(summaryFrom, index);
        // Tax printed as a row among the lines (a folio's tax on the room) is part of the sum.
        const tax = moneyTokens(doc, index);
        if (tax.length === 1 && labels.every((label) => label.role !== 'net'))
          inlineTax += signed(tax[0] as AmountToken);
      }
      continue;
    }
    const candidate = lineCandidateAt(doc, index);
    if (candidate) candidates.push(candidate);
  }
  if (candidates.length === 0) return { lines: [], consistent: false, inline_tax: null };
  let amounts = lineAmounts(candidates);
  // A row worth exactly the rows above it (since the last such row) is their subtotal.
  const keep: boolean[] = candidates.map(() => true);
  let blockStart = 0;
  for (let i = 0; i < candidates.length; i += 1) {
    const above = amounts.slice(blockStart, i);
    if (above.length >= 2 && sum(above) === amounts[i]) {
      keep[i] = false;
      summaryFrom = Math.min(summaryFrom, (candidates[i] as LineCandidate).row);
      blockStart = i + 1;
    }
  }
  const kinds = candidates.map((c, i) => lineKindOf(c.description, amounts[i] ?? 0, context));
  candidates.forEach((c, i) => {
    if (c.row <= summaryFrom || !keep[i]) return;
    const kind = kinds[i]?.kind ?? 'other';
    // Under the subtotal: charges added to it, or a city tax not already among the lines.
    const repeated =
      amounts[i] ===
      sum(
        candidates.flatMap((_candidate, j) =>
          j < i && keep[j] && kinds[j]?.kind === kind ? [amounts[j] ?? 0] : [],
        ),
      );
    if (!AFTER_SUBTOTAL.has(kind) && !(TAX_CHARGES.has(kind) && !repeated)) keep[i] = false;
  });
  const kept = candidates.map((c, i) => ({ c, amount: amounts[i] ?? 0, kind: kinds[i] }));
  const chosen = kept.filter((_, i) => keep[i]);
  candidates = chosen.map((entry) => entry.c);
  amounts = chosen.map((entry) => entry.amount);

  // The smallest first line from which the lines add up to an amount the document prints.
  const targets: Array<[number | null, 'gross' | 'net' | 'inline']> = [
    [totals.total, 'gross'],
    [totals.net, 'net'],
    [totals.total !== null && totals.tax !== null ? totals.total - totals.tax : null, 'net'],
    [totals.total !== null && inlineTax > 0 ? totals.total - inlineTax : null, 'inline'],
  ];
  let start = -1;
  let basis: 'gross' | 'net' | 'inline' | null = null;
  for (let k = 0; k < chosen.length && start < 0; k += 1) {
    const total = sum(amounts.slice(k));
    const hit = targets.find(([target]) => target !== null && target === total);
    if (hit) {
      start = k;
      basis = hit[1];
    }
  }
  let confidence = 0.85;
  if (start < 0) {
    // Nothing adds up: the rows right above the total, if they do not exceed it, at low trust.
    start = Math.max(0, chosen.length - 6);
    confidence = 0.4;
    const rest = sum(amounts.slice(start));
    if (totals.total !== null && rest > totals.total)
      return { lines: [], consistent: false, inline_tax: null };
  }
  const lines = chosen.slice(start).map(({ c, amount, kind }) => {
    const priced = c.amounts.length >= 2 && c.quantity !== null;
    const unit = priced ? signed(c.amounts[0] as AmountToken) : null;
    return {
      description: c.description,
      kind: kind?.kind ?? 'other',
      quantity: c.quantity,
      unit_price_minor:
        unit !== null && c.quantity !== null && unit * c.quantity === amount ? unit : null,
      net_minor: basis === 'net' || basis === 'inline' ? amount : null,
      tax_minor: null,
      gross_minor: basis === 'net' || basis === 'inline' ? null : amount,
      tax_rate_bp: c.rate,
      date: c.date,
      confidence: Math.round(confidence * (kind?.confidence ?? 0.5) * 100) / 100,
      page: c.page,
    };
  });
  return {
    lines,
    consistent: confidence > 0.5,
    inline_tax: basis === 'inline' ? inlineTax : null,
  };
}

/**
 * From the facts of one invoice (in the policy currency) to the parts the rules treat apart:
 * lines excluded (each with its own tax: as printed, from its rate, else its share of the tax
 * the document does not attribute), lines judged under another category, lines paid on top of
 * the caps, the excess of lines limited relative to others, and the rest, which the caps measure.
 * The printed total stays the ground truth: lines never remove more than it holds.
 */
import { applyRatio, basisPoints, proportion, ratio } from '../decimal.js';
import { mentionsTerm } from '../exclusions.js';
import type { FactLine, InvoiceFacts } from '../facts.js';
import { allocate } from '../money.js';
import type { PolicyRulesV2, RuleSource } from '../rules/types.js';
import { covers } from './conditions.js';

export interface Part {
  net: number;
  tax: number;
}

export const grossOf = (part: Part): number => part.net + part.tax;

export type GroupKind = 'excluded' | 'split' | 'on_top' | 'limited';

export interface LineGroup {
  kind: GroupKind;
  rule: { id: string; source: RuleSource };
  lines: FactLine[];
  part: Part;
  /** The category split lines are judged under. */
  treat_as: string | null;
  /** For a limited group: the allowed amount and what it was measured against. */
  limit: { allowed: number; base: number; percent_bp: number; of_basis: 'net' | 'gross' } | null;
}

export interface Bill {
  total: number;
  tax: number;
  groups: LineGroup[];
  rest: Part;
  /** The one tax rate of the document, when it has only one (for the words of a step). */
  rate_bp: number | null;
}

interface Resolved {
  line: FactLine;
  net: number;
  /** null: the document does not attribute tax to the line; it takes a share of the rest. */
  tax: number | null;
}

/** Tax as printed, else by rate rows, else what the subtotal or lines leave of the total. */
function invoiceTax(facts: InvoiceFacts, total: number): number {
  const rows =
    facts.taxes.length > 0 ? facts.taxes.reduce((sum, row) => sum + row.tax_minor, 0) : null;
  const lines =
    facts.lines.length > 0
      ? facts.lines.reduce((sum, line) => sum + (line.net_minor ?? line.gross_minor ?? 0), 0)
      : null;
  const beforeTax = facts.net_minor.value ?? lines ?? total;
  const tax = facts.tax_minor.value ?? rows ?? total - beforeTax;
  return Math.min(Math.max(tax, 0), Math.max(total, 0));
}

/** The document's one tax rate: from its tax summary when it has one, else from its lines. */
function singleRate(facts: InvoiceFacts, total: number): number | null {
  const rate = printedRate(facts);
  if (rate === null) return null;
  // A tax split into shares of one base (a central and a state share, each printed at half the
  // rate): the printed rate does not give the tax printed, their sum does.
  const tax = invoiceTax(facts, total);
  const base = total - tax;
  if (base <= 0 || tax <= 0) return rate;
  const byRate = (base * rate) / 10_000;
  if (Math.abs(byRate - tax) <= Math.max(1, tax * 0.01)) return rate;
  const shares = Math.round(tax / byRate);
  return shares >= 2 && Math.abs(byRate * shares - tax) <= Math.max(1, tax * 0.01)
    ? rate * shares
    : rate;
}

/** The one rate the document prints: from its tax summary when it has one, else from its lines. */
function printedRate(facts: InvoiceFacts): number | null {
  const fromRows = new Set<number>();
  for (const row of facts.taxes) if (row.rate_bp !== null) fromRows.add(row.rate_bp);
  const fromLines = new Set<number>();
  for (const line of facts.lines) if (line.tax_rate_bp !== null) fromLines.add(line.tax_rate_bp);
  const rates = fromRows.size > 0 ? fromRows : fromLines;
  return rates.size === 1 ? ([...rates][0] ?? null) : null;
}

const KIND_ORDER: Readonly<Record<GroupKind, number>> = {
  excluded: 0,
  split: 1,
  on_top: 2,
  limited: 3,
};

function resolve(line: FactLine, rate: number | null, tax: number, total: number): Resolved | null {
  const { net_minor: net, tax_minor: lineTax, gross_minor: gross } = line;
  const ownRate = line.tax_rate_bp ?? rate;
  if (net !== null && gross !== null) return { line, net, tax: gross - net };
  if (net !== null && lineTax !== null) return { line, net, tax: lineTax };
  if (gross !== null && lineTax !== null) return { line, net: gross - lineTax, tax: lineTax };
  if (net !== null && ownRate !== null)
    return { line, net, tax: applyRatio(net, basisPoints(ownRate), 'half_up') };
  if (gross !== null && ownRate !== null) {
    const lineNet = applyRatio(gross, ratio(10_000, 10_000 + ownRate), 'half_up');
    return { line, net: lineNet, tax: gross - lineNet };
  }
  if (net !== null) return { line, net, tax: null };
  if (gross !== null) {
    const share = proportion(gross, tax, total, 'half_up');
    return { line, net: gross - share, tax: share };
  }
  return null;
}

type Rule = { id: string; source: RuleSource };

function treatmentOf(
  line: FactLine,
  category: string,
  rules: PolicyRulesV2,
): { kind: GroupKind; rule: Rule; treat_as: string | null } | null {
  // A discount or a deposit is never removed: removing it would raise the claim.
  if (line.kind === 'discount' || line.kind === 'deposit') return null;
  for (const rule of rules.exclusions) {
    if (!covers(rule.categories, category)) continue;
    const listed = rule.terms.length > 0 && mentionsTerm(line.description, rule.terms) !== null;
    if (rule.line_kinds.includes(line.kind) || listed)
      return { kind: 'excluded', rule, treat_as: null };
  }
  for (const rule of rules.line_categories) {
    if (covers(rule.categories, category) && rule.line_kinds.includes(line.kind))
      return { kind: 'split', rule, treat_as: rule.treat_as };
  }
  for (const rule of rules.on_top) {
    if (covers(rule.categories, category) && rule.line_kinds.includes(line.kind))
      return { kind: 'on_top', rule, treat_as: null };
  }
  return null;
}

export function buildBill(
  facts: InvoiceFacts,
  total: number,
  category: string,
  rules: PolicyRulesV2,
): Bill {
  const tax = invoiceTax(facts, total);
  const baseTotal = total - tax;
  const rate = singleRate(facts, total);
  const resolved = facts.lines
    .map((line) => resolve(line, rate, tax, total))
    .filter((entry): entry is Resolved => entry !== null && entry.net + (entry.tax ?? 0) > 0);

  const groups = new Map<string, LineGroup & { members: Resolved[] }>();
  const rest: Resolved[] = [];
  for (const entry of resolved) {
    const treatment = treatmentOf(entry.line, category, rules);
    if (!treatment) {
      rest.push(entry);
      continue;
    }
    const key = `${treatment.kind}\u0000${treatment.rule.id}`;
    const group = groups.get(key) ?? {
      ...treatment,
      lines: [],
      members: [],
      part: { net: 0, tax: 0 },
      limit: null,
    };
    group.lines.push(entry.line);
    group.members.push(entry);
    groups.set(key, group);
  }

  // Tax the document attributes to no line is shared by the lines without tax and the rest.
  const knownTax = resolved.reduce((sum, entry) => sum + (entry.tax ?? 0), 0);
  const unattributed = Math.max(0, tax - knownTax);
  let room = baseTotal;
  const weights: number[] = [];
  const ordered = [...groups.values()].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  for (const group of ordered) {
    const net = Math.min(
      group.members.reduce((sum, entry) => sum + entry.net, 0),
      room,
    );
    room -= net;
    group.part.net = net;
    const unknown = group.members.filter((entry) => entry.tax === null);
    weights.push(
      Math.min(
        net,
        unknown.reduce((sum, entry) => sum + entry.net, 0),
      ),
    );
  }
  const restKnownNet = rest
    .filter((entry) => entry.tax !== null)
    .reduce((sum, e) => sum + e.net, 0);
  const restWeight = Math.max(0, room - restKnownNet);
  // With no line left to share it, unattributed tax stays with the rest of the bill.
  const shares = weights.some((weight) => weight > 0)
    ? allocate(unattributed, [...weights, restWeight])
    : [...weights.map(() => 0), unattributed];
  let taxLeft = tax;
  ordered.forEach((group, index) => {
    const known = group.members.reduce((sum, entry) => sum + (entry.tax ?? 0), 0);
    group.part.tax = Math.min(known + (shares[index] ?? 0), taxLeft);
    taxLeft -= group.part.tax;
  });

  const bill: Bill = {
    total,
    tax,
    groups: ordered.map(({ members: _members, ...group }) => group),
    rest: { net: room, tax: taxLeft },
    rate_bp: rate,
  };
  applyRelativeLimits(bill, rest, category, rules, baseTotal);
  return bill;
}

function applyRelativeLimits(
  bill: Bill,
  rest: readonly Resolved[],
  category: string,
  rules: PolicyRulesV2,
  baseTotal: number,
): void {
  const gross = (entry: Resolved) =>
    entry.net + (entry.tax ?? proportion(entry.net, bill.tax, baseTotal, 'half_up'));
  for (const rule of rules.relative_limits) {
    if (!covers(rule.categories, category)) continue;
    const limited = rest.filter((entry) => rule.line_kinds.includes(entry.line.kind));
    const base = rest.filter((entry) => rule.of_line_kinds.includes(entry.line.kind));
    if (limited.length === 0) continue;
    const limitedGross = limited.reduce((sum, entry) => sum + gross(entry), 0);
    const limitedTax = limited.reduce((sum, entry) => sum + (gross(entry) - entry.net), 0);
    const measure = base.reduce(
      (sum, entry) => sum + (rule.of_basis === 'net' ? entry.net : gross(entry)),
      0,
    );
    const allowed = applyRatio(measure, basisPoints(rule.percent_bp), rules.rounding);
    const excess = Math.min(limitedGross - allowed, grossOf(bill.rest));
    if (excess <= 0) continue;
    const excessTax = proportion(limitedTax, excess, limitedGross, 'half_up');
    const net = Math.min(excess - excessTax, bill.rest.net);
    const part = { net, tax: excess - net };
    bill.rest = { net: bill.rest.net - part.net, tax: bill.rest.tax - part.tax };
    bill.groups.push({
      kind: 'limited',
      rule,
      lines: limited.map((entry) => entry.line),
      part,
      treat_as: null,
      limit: { allowed, base: measure, percent_bp: rule.percent_bp, of_basis: rule.of_basis },
    });
  }
}

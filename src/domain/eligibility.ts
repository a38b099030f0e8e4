/**
 * From the claimed total to the eligible amount: excluded lines leave together with their
 * proportional share of the tax, split with exact integer allocation.
 */
import { exclusionFor } from './exclusions.js';
import { allocate } from './money.js';
import type { Category, ExclusionRule, InvoiceFields, LineItem } from './types.js';

export interface ExcludedGroup {
  rule: ExclusionRule;
  lines: LineItem[];
  /** Sum of the removed lines, before tax. */
  base_minor: number;
  /** Their share of the invoice tax. */
  tax_minor: number;
}

export interface Eligibility {
  claimed_minor: number;
  /** Tax of the whole invoice as read (or derived from subtotal/lines); 0 when none. */
  tax_minor: number;
  eligible_minor: number;
  /** The eligible amount before tax: what a cap "excluding taxes" measures. */
  eligible_base_minor: number;
  excluded: ExcludedGroup[];
}

export function sumLines(lines: readonly LineItem[]): number {
  return lines.reduce((sum, line) => sum + line.amount_minor, 0);
}

/**
 * Tax as printed, else what the subtotal (or the lines) leave of the total, so unprinted tax and
 * charges are shared by excluded lines too; never negative, never above the total.
 */
export function invoiceTax(fields: InvoiceFields, claimedMinor: number): number {
  const beforeTax =
    fields.subtotal_minor.value ??
    (fields.line_items.length > 0 ? sumLines(fields.line_items) : claimedMinor);
  const derived = fields.tax_minor.value ?? claimedMinor - beforeTax;
  return Math.min(Math.max(derived, 0), Math.max(claimedMinor, 0));
}

export function assessEligibility(
  fields: InvoiceFields,
  claimedMinor: number,
  category: Category,
  exclusions: readonly ExclusionRule[],
): Eligibility {
  const tax = invoiceTax(fields, claimedMinor);
  const baseTotal = Math.max(claimedMinor - tax, 0);
  const groups = new Map<string, ExcludedGroup>();
  for (const line of fields.line_items) {
    // A discount line is never "excluded": removing it would raise the claim.
    if (line.amount_minor <= 0) continue;
    const rule = exclusionFor(line, category, exclusions);
    if (!rule) continue;
    const group = groups.get(rule.id) ?? { rule, lines: [], base_minor: 0, tax_minor: 0 };
    group.lines.push(line);
    group.base_minor += line.amount_minor;
    groups.set(rule.id, group);
  }
  const excluded = [...groups.values()];
  // When lines add up to more than the invoice (a misread), never remove more than the total holds.
  let room = baseTotal;
  for (const group of excluded) {
    group.base_minor = Math.min(group.base_minor, room);
    room -= group.base_minor;
  }
  const taxShares = allocate(tax, [...excluded.map((group) => group.base_minor), room]);
  excluded.forEach((group, index) => {
    group.tax_minor = taxShares[index] ?? 0;
  });
  const eligibleBase = room;
  const eligibleTax = taxShares[excluded.length] ?? 0;
  return {
    claimed_minor: claimedMinor,
    tax_minor: tax,
    eligible_minor: eligibleBase + eligibleTax,
    eligible_base_minor: eligibleBase,
    excluded,
  };
}

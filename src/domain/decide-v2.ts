/**
 * The decision engine v2: rules v2 applied to invoice facts v2, in integer minor units, every
 * step citing its rule (id, verbatim quote, page) with its arithmetic in plain words. Pure: what
 * earlier claims used of shared allowances comes in as data. Invoices are visited by date, then
 * file name, then key, so shared allowances are consumed in the same order whatever the input
 * order; results come back in input order. The v1 engine (decide.ts) is untouched.
 */

import { CapLedger, type CapUsage, isShared, periodKey } from './engine/caps.js';
import { covers } from './engine/conditions.js';
import { decideInvoiceV2 } from './engine/invoice.js';
import type { InvoiceFacts } from './facts.js';
import type { PolicyRulesV2 } from './rules/types.js';
import { isIsoDate } from './text.js';
import { type Decision, FLAGS, type Flag } from './types.js';

export type { CapUsage } from './engine/caps.js';

export type FlagV2 = Flag | 'foreign_currency' | 'missing_evidence';
export const FLAGS_V2: readonly FlagV2[] = [...FLAGS, 'foreign_currency', 'missing_evidence'];

export interface ClaimInvoiceV2 {
  /** Stable key of the invoice: the id its record will be stored under. */
  key: string;
  file_name: string;
  facts: InvoiceFacts;
  ocr: boolean;
}

/**
 * What an invoice of the same employee decided in an earlier claim used of shared allowances.
 * With the usage recorded under the same policy version (policy_hash and cap_usage) that usage
 * counts exactly; otherwise its reimbursed amount counts against every shared cap of its category.
 */
export interface PriorSpendV2 {
  id: string;
  /** Stable employee id: allowances are per person, never per spelling of a name. */
  employee_id: string;
  category: string;
  /** YYYY-MM-DD or null. */
  date: string | null;
  /** "YYYY-MM" of its billing period's start, when it had one. */
  billing_month: string | null;
  /** In the policy currency; other currencies are not counted. */
  reimbursable_minor: number;
  reimbursable_net_minor: number | null;
  currency: string;
  /** How steps name it: "earlier invoice Café Rond of 2026-03-02". */
  label: string;
  policy_hash: string | null;
  cap_usage: CapUsage[] | null;
}

export interface DecideV2Options {
  /** Facts a decision relied on, read with less confidence than this, flag low_confidence. */
  low_confidence_below: number;
}

export interface DecideV2Input {
  rules: PolicyRulesV2;
  employee_id: string;
  /** The employee's name, to flag an invoice naming someone else; null skips the check. */
  employee_name: string | null;
  /** YYYY-MM-DD: the submission date the late_submission window counts to. */
  claim_date: string;
  invoices: ClaimInvoiceV2[];
  prior: PriorSpendV2[];
  options: DecideV2Options;
}

export interface DecisionV2 extends Omit<Decision, 'flags'> {
  flags: FlagV2[];
  /** The category the invoice was decided under ("meal.lunch" for a meal read at 12:30). */
  category: string;
  /** What this invoice used of shared allowances: store it to count in later claims. */
  cap_usage: CapUsage[];
}

export interface DecidedInvoiceV2 {
  key: string;
  file_name: string;
  decision: DecisionV2;
}

export class DecisionV2InputError extends Error {
  readonly code = 'invalid_decision_input';
  constructor(message: string) {
    super(message);
    this.name = 'DecisionV2InputError';
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function visitOrder(a: ClaimInvoiceV2, b: ClaimInvoiceV2): number {
  const dateA = a.facts.date.value ?? '\uffff';
  const dateB = b.facts.date.value ?? '\uffff';
  return (
    compareText(dateA, dateB) || compareText(a.file_name, b.file_name) || compareText(a.key, b.key)
  );
}

export function decideV2(input: DecideV2Input): DecidedInvoiceV2[] {
  if (!isIsoDate(input.claim_date))
    throw new DecisionV2InputError(`claim_date must be YYYY-MM-DD, got "${input.claim_date}"`);
  if (!Number.isFinite(input.options.low_confidence_below))
    throw new DecisionV2InputError('low_confidence_below must be a number');
  if (input.employee_id.trim() === '') throw new DecisionV2InputError('employee_id is required');
  const ledger = new CapLedger();
  const keys = new Set(input.invoices.map((invoice) => invoice.key));
  seedLedger(
    ledger,
    input.rules,
    input.prior.filter((prior) => prior.employee_id === input.employee_id && !keys.has(prior.id)),
  );
  const slots = input.invoices.map((invoice, index) => ({ invoice, index }));
  const decided = new Map<number, DecidedInvoiceV2>();
  for (const { invoice, index } of [...slots].sort((a, b) => visitOrder(a.invoice, b.invoice))) {
    decided.set(index, {
      key: invoice.key,
      file_name: invoice.file_name,
      decision: decideInvoiceV2(invoice, input, ledger),
    });
  }
  return slots.map(({ index }) => decided.get(index) as DecidedInvoiceV2);
}

/** Earlier claims of the same employee used their part of shared allowances (never "per claim"). */
function seedLedger(ledger: CapLedger, rules: PolicyRulesV2, prior: readonly PriorSpendV2[]): void {
  const shared = rules.caps.filter((cap) => isShared(cap.period) && cap.period !== 'claim');
  for (const record of prior) {
    if (record.currency !== rules.currency) continue;
    if (record.policy_hash === rules.policy_hash && record.cap_usage) {
      for (const usage of record.cap_usage) {
        if (shared.some((cap) => cap.id === usage.cap_id))
          ledger.consume(usage.cap_id, usage.period_key, usage.used_minor, record.label);
      }
      continue;
    }
    for (const cap of shared) {
      if (!covers(cap.categories, record.category)) continue;
      const key = periodKey(cap.period, { date: record.date, billing_month: record.billing_month });
      if (key === null) continue;
      const amount =
        cap.basis === 'gross'
          ? record.reimbursable_minor
          : (record.reimbursable_net_minor ?? record.reimbursable_minor);
      ledger.consume(cap.id, key, amount, record.label);
    }
  }
}

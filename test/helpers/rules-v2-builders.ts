/**
 * Builders for rules v2 and facts v2 in tests: one line per rule or invoice, amounts in minor
 * units, every other field a plain default. Rule sets pass through parseRulesV2, so a builder
 * cannot produce rules the API would refuse.
 */
import {
  type ClaimInvoiceV2,
  type DecideV2Input,
  decideV2,
  type PriorSpendV2,
} from '../../src/domain/decide-v2.js';
import {
  emptyFacts,
  type Fact,
  type FactLine,
  factLine,
  type InvoiceFacts,
  type LineKind,
} from '../../src/domain/facts.js';
import type {
  CapRuleV2,
  CategoryRuleV2,
  LineExclusionRule,
  PolicyRulesV2,
} from '../../src/domain/rules/types.js';
import { parseRulesV2 } from '../../src/schemas/rules-v2-parse.js';

export const source = (quote: string, page: number | null = 1) => ({ quote, page });

export function rulesV2(overrides: Partial<PolicyRulesV2> = {}): PolicyRulesV2 {
  return parseRulesV2({
    policy_hash: 'test-policy',
    name: 'Test policy',
    currency: 'GBP',
    home_country: null,
    rounding: 'half_up',
    categories: [],
    caps: [],
    exclusions: [],
    line_categories: [],
    on_top: [],
    shares: [],
    relative_limits: [],
    declines: [],
    evidence: [],
    meal_hours: null,
    foreign_currency: null,
    submission_window: null,
    compiled_by: 'client',
    ...overrides,
  });
}

export function eligible(category: string, label = `${category} label`): CategoryRuleV2 {
  return {
    id: `${category}.eligible`,
    category,
    label,
    eligible: true,
    source: source(`${label} are reimbursed.`),
  };
}

export function cap(
  id: string,
  categories: string[],
  amountMinor: number | null,
  rest: Partial<CapRuleV2> = {},
): CapRuleV2 {
  return {
    id,
    categories,
    amount_minor: amountMinor,
    locations: [],
    basis: 'gross',
    period: 'invoice',
    when: null,
    source: source(`The ${id} limit applies.`),
    ...rest,
  };
}

export function exclude(id: string, kinds: LineKind[], terms: string[] = []): LineExclusionRule {
  return {
    id,
    categories: null,
    line_kinds: kinds,
    terms,
    source: source(`${kinds.join(' and ') || terms.join(', ')} are not reimbursed.`),
  };
}

type FactsSpec = Partial<{
  [K in keyof InvoiceFacts]: InvoiceFacts[K] extends Fact<infer T> ? T | null : InvoiceFacts[K];
}>;

/** Facts read with confidence 0.95 on page 1; unspecified (or null) facts absent. */
export function facts(spec: FactsSpec): InvoiceFacts {
  const base = emptyFacts('offline');
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(spec)) {
    const current = (base as unknown as Record<string, unknown>)[key];
    const isFact = current !== null && typeof current === 'object' && 'confidence' in current;
    result[key] = !isFact
      ? value
      : value === null
        ? { value: null, confidence: 0, page: null }
        : { value, confidence: 0.95, page: 1 };
  }
  return result as unknown as InvoiceFacts;
}

export function line(
  description: string,
  kind: LineKind,
  amounts: Partial<Omit<FactLine, 'description' | 'kind'>>,
): FactLine {
  return factLine(description, kind, { confidence: 0.95, page: 1, ...amounts });
}

export function invoice(key: string, spec: FactsSpec): ClaimInvoiceV2 {
  return {
    key,
    file_name: `${key}.pdf`,
    facts: facts({ currency: 'GBP', date: '2026-03-10', ...spec }),
    ocr: false,
  };
}

export function claimV2(
  rules: PolicyRulesV2,
  invoices: ClaimInvoiceV2[],
  rest: Partial<Omit<DecideV2Input, 'rules' | 'invoices'>> = {},
): DecideV2Input {
  return {
    rules,
    employee_id: 'emp-1',
    employee_name: null,
    claim_date: '2026-03-31',
    invoices,
    prior: [],
    options: { low_confidence_below: 0.6 },
    ...rest,
  };
}

export function priorSpend(
  id: string,
  spec: Partial<PriorSpendV2> & { reimbursable_minor: number; category: string },
): PriorSpendV2 {
  return {
    id,
    employee_id: 'emp-1',
    date: '2026-03-01',
    billing_month: null,
    reimbursable_net_minor: null,
    currency: 'GBP',
    label: `earlier invoice ${id}`,
    policy_hash: null,
    cap_usage: null,
    ...spec,
  };
}

/** The decision of a claim of one invoice (most engine tests decide one at a time). */
export function decideOne(input: DecideV2Input) {
  const [decided] = decideV2(input);
  if (!decided) throw new Error('no decision');
  return decided.decision;
}

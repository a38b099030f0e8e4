/**
 * Small builders for decision-engine tests: invoice fields, candidates and policy rules written
 * in a line each, amounts in minor units, every other field given a plain default.
 */
import type { CandidateInvoice, DecideClaimInput, PriorInvoice } from '../../src/domain/decide.js';
import { parsePolicyRules } from '../../src/domain/policy-rules.js';
import type {
  Cap,
  Category,
  CategoryRule,
  ExclusionRule,
  ExtractedField,
  InvoiceFields,
  LineItem,
  PolicyRules,
} from '../../src/domain/types.js';

export interface FieldsSpec {
  total: number | null;
  tax?: number | null;
  subtotal?: number | null;
  date?: string | null;
  category?: Category | null;
  currency?: string | null;
  vendor?: string | null;
  number?: string | null;
  person?: string | null;
  lines?: Array<Partial<LineItem> & { description: string; amount_minor: number }>;
  /** Confidence of every read field (default 0.95). */
  confidence?: number;
}

function read<T>(value: T | null, confidence: number): ExtractedField<T> {
  return { value, confidence: value === null ? 0 : confidence, page: value === null ? null : 1 };
}

export function fields(spec: FieldsSpec): InvoiceFields {
  const confidence = spec.confidence ?? 0.95;
  return {
    vendor: read(spec.vendor === undefined ? 'Test Vendor' : spec.vendor, confidence),
    invoice_number: read(spec.number ?? null, confidence),
    date: read(spec.date === undefined ? '2024-12-03' : spec.date, confidence),
    currency: read(spec.currency === undefined ? 'INR' : spec.currency, confidence),
    category: read(spec.category === undefined ? 'meal' : spec.category, confidence),
    person_name: read(spec.person ?? null, confidence),
    line_items: (spec.lines ?? []).map((line) => ({
      quantity: 1,
      alcohol: false,
      tobacco: false,
      ...line,
    })),
    subtotal_minor: read(spec.subtotal ?? null, confidence),
    tax_minor: read(spec.tax ?? null, confidence),
    total_minor: read(spec.total, confidence),
    extracted_by: 'offline',
  };
}

export function candidate(
  key: string,
  spec: FieldsSpec,
  extra: Partial<Omit<CandidateInvoice, 'key' | 'fields'>> = {},
): CandidateInvoice {
  return {
    key,
    file_name: `${key}.pdf`,
    file_sha256: `sha-${key}`,
    ocr: false,
    ...extra,
    fields: fields(spec),
  };
}

export function prior(
  id: string,
  spec: Partial<PriorInvoice> & { reimbursable_minor: number },
): PriorInvoice {
  return {
    id,
    file_sha256: `sha-${id}`,
    vendor: null,
    invoice_number: null,
    category: 'cab',
    invoice_date: '2024-12-03',
    currency: 'INR',
    ...spec,
  };
}

const source = (quote: string) => ({ quote, page: 1 });

export function capRule(
  category: Category,
  amountMinor: number,
  per: Cap['per'],
  opts: { includes_tax?: boolean; id?: string; label?: string } = {},
): CategoryRule {
  return {
    id: opts.id ?? `${category}.cap`,
    category,
    label: opts.label ?? `${category} label`,
    eligible: true,
    cap: { amount_minor: amountMinor, per, includes_tax: opts.includes_tax ?? true },
    source: source(`${category} up to ${amountMinor} per ${per}`),
  };
}

export function ineligibleRule(category: Category): CategoryRule {
  return {
    id: `${category}.ineligible`,
    category,
    label: `${category} label`,
    eligible: false,
    cap: null,
    source: source(`${category} is not eligible`),
  };
}

export function exclusion(
  kind: ExclusionRule['kind'],
  terms: string[] = [],
  categories: Category[] | null = null,
): ExclusionRule {
  return {
    id: `exclusion.${kind}`,
    kind,
    terms,
    categories,
    source: source(`${kind} is not reimbursable`),
  };
}

/** Rules like the IAI policy's, validated through the same gate as real ones. */
export function rules(overrides: Partial<PolicyRules> = {}): PolicyRules {
  return parsePolicyRules({
    policy_hash: 'test-policy',
    name: 'Test policy',
    currency: 'INR',
    categories: [
      capRule('meal', 20000, 'meal'),
      capRule('travel', 200000, 'trip'),
      capRule('cab', 15000, 'day'),
      capRule('accommodation', 5000, 'night', { includes_tax: false }),
    ],
    exclusions: [exclusion('alcohol')],
    submission_window: { id: 'submission.window', days: 30, source: source('within 30 days') },
    compiled_by: 'client',
    ...overrides,
  });
}

export function claim(
  invoices: CandidateInvoice[],
  overrides: Partial<DecideClaimInput> = {},
): DecideClaimInput {
  return {
    rules: rules(),
    employee_name: 'Avinash Kumar',
    claim_date: '2024-12-31',
    invoices,
    prior: [],
    options: { low_confidence_below: 0.6 },
    ...overrides,
  };
}

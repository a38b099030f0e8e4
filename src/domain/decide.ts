/**
 * The decision engine: policy rules applied to invoice fields, in integer minor units, with every
 * step cited. It reads structured fields only, never document text, so nothing written on an
 * invoice can instruct it; and it visits invoices in a fixed order, so input order changes nothing.
 */
import { AllowanceLedger, applyCaps, effect } from './caps.js';
import { assessEligibility, type Eligibility } from './eligibility.js';
import { formatMoney } from './money.js';
import { findCategoryRules } from './policy-rules.js';
import {
  amountInconsistencyNote,
  type DuplicateMatch,
  daysLate,
  duplicateNote,
  findDuplicates,
  type Identity,
  nameMismatchNote,
  readingReview,
  unsureFields,
} from './review-flags.js';
import { earlierInvoiceLabel, isIsoDate } from './text.js';
import {
  type AppliedRule,
  type Category,
  type Decision,
  FLAGS,
  type Flag,
  type InvoiceFields,
  type InvoiceRecord,
  type PolicyRules,
  type Status,
} from './types.js';

export interface CandidateInvoice {
  /** Stable key of the invoice: the id its record will be stored under. */
  key: string;
  file_name: string;
  file_sha256: string;
  fields: InvoiceFields;
  ocr: boolean;
}

/** What the engine needs of an invoice of the same employee stored earlier. */
export type PriorInvoice = Pick<
  InvoiceRecord,
  | 'id'
  | 'file_sha256'
  | 'vendor'
  | 'invoice_number'
  | 'category'
  | 'invoice_date'
  | 'reimbursable_minor'
  | 'currency'
>;

export interface DecideOptions {
  /** Key fields read with less confidence than this (0..1) flag the invoice low_confidence. */
  low_confidence_below: number;
}

export interface DecideClaimInput {
  rules: PolicyRules;
  employee_name: string;
  /** YYYY-MM-DD: the submission date the late_submission window counts to. */
  claim_date: string;
  invoices: CandidateInvoice[];
  /**
   * Invoices of the same employee decided earlier: they share per-day and per-month allowances and
   * are compared for duplicates. An entry whose id equals a candidate key is that invoice being
   * decided again and is ignored.
   */
  prior: PriorInvoice[];
  options: DecideOptions;
}

export interface DecidedInvoice {
  key: string;
  file_name: string;
  category: Category;
  decision: Decision;
}

export class DecisionInputError extends Error {
  readonly code = 'invalid_decision_input';
  constructor(message: string) {
    super(message);
    this.name = 'DecisionInputError';
  }
}

export function toPriorInvoice(record: InvoiceRecord): PriorInvoice {
  const {
    id,
    file_sha256,
    vendor,
    invoice_number,
    category,
    invoice_date,
    reimbursable_minor,
    currency,
  } = record;
  return {
    id,
    file_sha256,
    vendor,
    invoice_number,
    category,
    invoice_date,
    reimbursable_minor,
    currency,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Date (undated last), then file name, then key: the order shared allowances are consumed in. */
function visitOrder(a: CandidateInvoice, b: CandidateInvoice): number {
  const dateA = a.fields.date.value ?? '\uffff';
  const dateB = b.fields.date.value ?? '\uffff';
  return (
    compareText(dateA, dateB) || compareText(a.file_name, b.file_name) || compareText(a.key, b.key)
  );
}

function validate(input: DecideClaimInput): void {
  if (!isIsoDate(input.claim_date))
    throw new DecisionInputError(`claim_date must be YYYY-MM-DD, got "${input.claim_date}"`);
  if (!Number.isFinite(input.options.low_confidence_below))
    throw new DecisionInputError('low_confidence_below must be a number');
}

/**
 * Decides every invoice of one claim; results come back in input order. The same file twice in
 * one claim (equal keys) is decided twice and each copy is flagged as a duplicate of the other.
 */
export function decideClaim(input: DecideClaimInput): DecidedInvoice[] {
  validate(input);
  const { rules } = input;
  const candidateKeys = new Set(input.invoices.map((invoice) => invoice.key));
  const prior = input.prior.filter((record) => !candidateKeys.has(record.id));
  // Positions, not keys, identify candidates inside the engine: keys may repeat.
  const slots = input.invoices.map((invoice, index) => ({ invoice, slot: `candidate:${index}` }));
  const duplicates = findDuplicates(slots.map(candidateIdentity), prior.map(priorIdentity));
  const ledger = new AllowanceLedger();
  seedLedger(ledger, rules, prior);

  const decided = new Map<string, DecidedInvoice>();
  for (const { invoice, slot } of [...slots].sort((a, b) => visitOrder(a.invoice, b.invoice))) {
    decided.set(slot, decideOne(invoice, slot, input, ledger, duplicates.get(slot) ?? []));
  }
  return slots.map(({ slot }) => decided.get(slot) as DecidedInvoice);
}

function candidateIdentity({
  invoice,
  slot,
}: {
  invoice: CandidateInvoice;
  slot: string;
}): Identity {
  const { fields } = invoice;
  return {
    key: slot,
    label: invoice.file_name,
    file_sha256: invoice.file_sha256,
    vendor: fields.vendor.value,
    invoice_number: fields.invoice_number.value,
    category: fields.category.value ?? 'other',
  };
}

function priorIdentity(record: PriorInvoice): Identity {
  return {
    key: `prior:${record.id}`,
    label: earlierInvoiceLabel(record),
    file_sha256: record.file_sha256,
    vendor: record.vendor,
    invoice_number: record.invoice_number,
    category: record.category,
  };
}

/** Stored invoices used their share of per-day and per-month allowances before this claim. */
function seedLedger(
  ledger: AllowanceLedger,
  rules: PolicyRules,
  prior: readonly PriorInvoice[],
): void {
  for (const record of prior) {
    if (record.currency !== rules.currency || record.invoice_date === null) continue;
    for (const rule of findCategoryRules(rules, record.category)) {
      if (rule.cap?.per === 'day' || rule.cap?.per === 'month') {
        ledger.consume(
          AllowanceLedger.key(rule, record.invoice_date, `prior:${record.id}`),
          record.reimbursable_minor,
          earlierInvoiceLabel(record),
        );
      }
    }
  }
}

interface Outcome {
  eligibility: Eligibility | null;
  reimbursable_minor: number;
  currency: string;
  summary: string;
  applied: AppliedRule[];
}

function decideOne(
  invoice: CandidateInvoice,
  slot: string,
  input: DecideClaimInput,
  ledger: AllowanceLedger,
  duplicateOf: DuplicateMatch[],
): DecidedInvoice {
  const { rules } = input;
  const { fields } = invoice;
  const category = fields.category.value ?? 'other';
  const currency = fields.currency.value ?? rules.currency;
  const claimedMinor = fields.total_minor.value ?? 0;
  const outcome = amountOutcome(invoice, slot, category, currency, rules, ledger);

  const flags = new Set<Flag>();
  const notes: string[] = [];
  const applied = [...outcome.applied];
  if (outcome.eligibility?.excluded.some((group) => group.rule.kind === 'alcohol'))
    flags.add('alcohol');
  if (duplicateOf.length > 0) {
    flags.add('possible_duplicate');
    notes.push(duplicateNote(duplicateOf));
  }
  const window = rules.submission_window;
  if (window) {
    const late = daysLate(fields.date.value, input.claim_date, window.days);
    if (late !== null) {
      flags.add('late_submission');
      notes.push(`submitted ${late} days after the invoice date`);
      applied.push(
        effect(
          window,
          `Claimed on ${input.claim_date}, ${late} days after the invoice date of ${fields.date.value}: beyond ${window.days} days, flagged for review.`,
        ),
      );
    }
  }
  const nameNote = nameMismatchNote(fields.person_name.value, input.employee_name);
  if (nameNote) {
    flags.add('name_mismatch');
    notes.push(nameNote);
  }
  const inconsistency = amountInconsistencyNote(fields, currency);
  if (inconsistency) {
    flags.add('amount_inconsistent');
    notes.push(inconsistency);
  }
  // Review hints only: the invoice is still decided in the currency it was read in.
  for (const reading of readingReview(fields, rules.currency)) {
    flags.add(reading.flag);
    notes.push(reading.note);
  }
  const unsure = unsureFields(fields, input.options.low_confidence_below);
  if (unsure.length > 0) {
    flags.add('low_confidence');
    notes.push(`${unsure.join(', ')} not read with confidence`);
  }
  if (invoice.ocr) flags.add('ocr');

  const status = statusOf(claimedMinor, outcome.reimbursable_minor);
  const reason =
    notes.length > 0 ? `${outcome.summary} Review: ${notes.join('; ')}.` : outcome.summary;
  return {
    key: invoice.key,
    file_name: invoice.file_name,
    category,
    decision: {
      status,
      claimed: { amount_minor: claimedMinor, currency },
      eligible: { amount_minor: outcome.eligibility?.eligible_minor ?? 0, currency },
      reimbursable: { amount_minor: outcome.reimbursable_minor, currency: outcome.currency },
      reason,
      rules_applied: applied,
      flags: FLAGS.filter((flag) => flags.has(flag)),
    },
  };
}

export function statusOf(claimedMinor: number, reimbursableMinor: number): Status {
  if (reimbursableMinor <= 0) return 'declined';
  return reimbursableMinor >= claimedMinor ? 'fully_reimbursed' : 'partially_reimbursed';
}

/** The amount part of a decision: currency, category eligibility, exclusions, caps. */
function amountOutcome(
  invoice: CandidateInvoice,
  slot: string,
  category: Category,
  currency: string,
  rules: PolicyRules,
  ledger: AllowanceLedger,
): Outcome {
  const { fields } = invoice;
  const money = (amountMinor: number) => formatMoney({ amount_minor: amountMinor, currency });
  const declined = (
    summary: string,
    applied: AppliedRule[] = [],
    eligibility: Eligibility | null = null,
  ): Outcome => ({
    eligibility,
    reimbursable_minor: 0,
    currency: rules.currency,
    summary,
    applied,
  });

  if (fields.total_minor.value === null)
    return declined('Declined: the invoice total could not be read.');
  if (currency !== rules.currency) {
    // Caps are in the policy currency and the engine holds no exchange rates: converting at a guessed rate would be arbitrary.
    const source = { quote: `Amounts in this policy are in ${rules.currency}.`, page: null };
    return declined(
      `Declined: the invoice is in ${currency} but the policy's limits are in ${rules.currency}; submit it converted to ${rules.currency} or ask finance to review it.`,
      [
        effect(
          { id: 'policy.currency', source },
          `Invoice currency ${currency} differs from the policy currency ${rules.currency}: no amount can be compared with the limits, declined.`,
        ),
      ],
    );
  }
  if (fields.total_minor.value <= 0)
    return declined(
      `Declined: the total is ${money(fields.total_minor.value)}, nothing to reimburse.`,
    );

  const categoryRules = findCategoryRules(rules, category);
  const ineligible = categoryRules.find((rule) => !rule.eligible);
  if (categoryRules.length === 0)
    return declined(`Declined: the policy does not cover the category "${category}".`);
  if (ineligible) {
    return declined(
      `Declined: ${ineligible.label} is not eligible for reimbursement under the policy.`,
      [effect(ineligible, `${ineligible.label} is not eligible: declined.`)],
    );
  }

  const eligibility = assessEligibility(
    fields,
    fields.total_minor.value,
    category,
    rules.exclusions,
  );
  const applied = eligibility.excluded.map((group) => {
    const names = group.lines.map((line) => `"${line.description}"`).join(', ');
    return effect(
      group.rule,
      `Removed ${names}: ${money(group.base_minor)} plus ${money(group.tax_minor)} of tax, ${money(group.base_minor + group.tax_minor)} in all.`,
    );
  });
  const removedText = eligibility.excluded
    .map(
      (group) =>
        `${group.rule.kind === 'terms' ? 'excluded' : group.rule.kind} lines of ${money(group.base_minor + group.tax_minor)} removed`,
    )
    .join('; ');
  if (eligibility.eligible_minor <= 0) {
    return declined(
      `Declined: nothing is left after the exclusions (${removedText}).`,
      applied,
      eligibility,
    );
  }

  const capped = applyCaps(
    {
      key: slot,
      file_name: invoice.file_name,
      date: fields.date.value,
      currency,
      lines: fields.line_items,
      eligibility,
    },
    categoryRules,
    ledger,
  );
  const label = categoryRules[0]?.label ?? category;
  const main =
    capped.allowed_minor <= 0
      ? `Declined: the ${capped.binding?.rule.label ?? label} allowance is already used up`
      : capped.binding
        ? capped.binding.summary
        : capped.allowed_minor === fields.total_minor.value
          ? `${money(capped.allowed_minor)} reimbursed in full (${label})`
          : `${money(capped.allowed_minor)} reimbursed (${label})`;
  return {
    eligibility,
    reimbursable_minor: capped.allowed_minor,
    currency,
    summary: `${main}${removedText ? `; ${removedText}` : ''}.`,
    applied: [...applied, ...capped.applied],
  };
}

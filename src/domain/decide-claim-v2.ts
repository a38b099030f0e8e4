/**
 * A claim decided under rules v2 (a managed policy version): the v2 engine decides the amounts,
 * then the review hints the engine leaves outside (possible duplicates within the claim and
 * against earlier invoices, totals that do not add up) are added as the v1 claim does, so a
 * claim keeps every hint whichever policy it is judged by. Pure.
 *
 * Today's readers produce invoice fields v1; they reach the engine as facts v2 through
 * factsFromV1, which adds nothing v1 did not read. A caller that has facts v2 (a preview with
 * sample facts) passes them instead.
 */
import { type ClaimInvoiceV2, type DecisionV2, decideV2, type PriorSpendV2 } from './decide-v2.js';
import type { CapUsage } from './engine/caps.js';
import type { InvoiceFacts } from './facts.js';
import { factsFromV1, V1_CATEGORY_TO_V2, v1CategoryOf } from './facts-v1.js';
import {
  amountInconsistencyNote,
  duplicateNote,
  findDuplicates,
  type Identity,
  readingReview,
} from './review-flags.js';
import type { PolicyRulesV2 } from './rules/types.js';
import { earlierInvoiceLabel } from './text.js';
import {
  type Category,
  type Decision,
  FLAGS,
  type Flag,
  type InvoiceFields,
  type InvoiceRecord,
} from './types.js';

export interface ClaimInvoiceUnderV2 {
  key: string;
  file_name: string;
  file_sha256: string;
  /** Fields as today's readers produce them; null when only facts v2 are known. */
  fields: InvoiceFields | null;
  /** Facts v2; derived from `fields` when absent. */
  facts?: InvoiceFacts;
  ocr: boolean;
}

/** A decision as records keep it: v1 flags, plus the v2 category and what it used of shared caps. */
export interface DecisionUnderV2 extends Decision {
  category: string;
  cap_usage: CapUsage[];
}

export interface DecidedUnderV2 {
  key: string;
  file_name: string;
  /** The v1 category the records, filters and summaries use. */
  category: Category;
  decision: DecisionUnderV2;
}

export interface DecideClaimV2Input {
  rules: PolicyRulesV2;
  /** Stable id of the employee: shared allowances are counted per person. */
  employee_id: string;
  employee_name: string | null;
  claim_date: string;
  invoices: ClaimInvoiceUnderV2[];
  /** Invoices of the same employee stored earlier (shared allowances, duplicates). */
  prior: InvoiceRecord[];
  options: { low_confidence_below: number };
}

const V1_FLAGS: ReadonlySet<string> = new Set(FLAGS);

export function decideClaimUnderV2(input: DecideClaimV2Input): DecidedUnderV2[] {
  const keys = new Set(input.invoices.map((invoice) => invoice.key));
  const prior = input.prior.filter((record) => !keys.has(record.id));
  const claim: ClaimInvoiceV2[] = input.invoices.map((invoice) => ({
    key: invoice.key,
    file_name: invoice.file_name,
    facts: invoice.facts ?? factsFromV1(invoice.fields as InvoiceFields),
    ocr: invoice.ocr,
  }));
  const decided = decideV2({
    rules: input.rules,
    employee_id: input.employee_id,
    employee_name: input.employee_name,
    claim_date: input.claim_date,
    invoices: claim,
    prior: prior.map((record) => priorSpend(record, input.employee_id)),
    options: input.options,
  });
  // Positions, not keys, identify candidates: the same file twice is flagged against itself.
  const duplicates = findDuplicates(
    claim.map((invoice, index) =>
      candidateIdentity(invoice, (input.invoices[index] as ClaimInvoiceUnderV2).file_sha256, index),
    ),
    prior.map(priorIdentity),
  );
  return decided.map((result, index) => {
    const invoice = input.invoices[index] as ClaimInvoiceUnderV2;
    const notes: string[] = [];
    const flags = new Set<string>(result.decision.flags);
    const sameAs = duplicates.get(`candidate:${index}`) ?? [];
    if (sameAs.length > 0) {
      flags.add('possible_duplicate');
      notes.push(duplicateNote(sameAs));
    }
    const inconsistency = invoice.fields
      ? amountInconsistencyNote(invoice.fields, result.decision.claimed.currency)
      : null;
    if (inconsistency) {
      flags.add('amount_inconsistent');
      notes.push(inconsistency);
    }
    // Review hints only: the invoice is still decided in the currency it was read in.
    const readFrom = invoice.fields ?? (claim[index] as ClaimInvoiceV2).facts;
    for (const reading of readingReview(readFrom, input.rules.currency)) {
      flags.add(reading.flag);
      notes.push(reading.note);
    }
    return {
      key: result.key,
      file_name: result.file_name,
      category: v1CategoryOf(result.decision.category),
      decision: asRecorded(result.decision, flags, notes),
    };
  });
}

/**
 * Flags the v1 records do not know yet (foreign_currency, missing_evidence) stay in the reason,
 * which already says why the invoice is left for review.
 */
function asRecorded(
  decision: DecisionV2,
  flags: ReadonlySet<string>,
  notes: readonly string[],
): DecisionUnderV2 {
  return {
    status: decision.status,
    claimed: decision.claimed,
    eligible: decision.eligible,
    reimbursable: decision.reimbursable,
    reason: withReviewNotes(decision.reason, notes),
    rules_applied: decision.rules_applied,
    flags: FLAGS.filter((flag): flag is Flag => flags.has(flag) && V1_FLAGS.has(flag)),
    category: decision.category,
    cap_usage: decision.cap_usage,
  };
}

/** "X. Review: a." + [b] → "X. Review: a; b." — one review clause, as the engines write it. */
export function withReviewNotes(reason: string, notes: readonly string[]): string {
  if (notes.length === 0) return reason;
  const review = / Review: (.*)\.$/.exec(reason);
  if (review) return `${reason.slice(0, -1)}; ${notes.join('; ')}.`;
  return `${reason} Review: ${notes.join('; ')}.`;
}

function candidateIdentity(invoice: ClaimInvoiceV2, sha256: string, index: number): Identity {
  const { facts } = invoice;
  return {
    key: `candidate:${index}`,
    label: invoice.file_name,
    file_sha256: sha256,
    vendor: facts.vendor.value,
    invoice_number: facts.invoice_number.value,
    category: v1CategoryOf(facts.category.value),
  };
}

function priorIdentity(record: InvoiceRecord): Identity {
  return {
    key: `prior:${record.id}`,
    label: earlierInvoiceLabel(record),
    file_sha256: record.file_sha256,
    vendor: record.vendor,
    invoice_number: record.invoice_number,
    category: record.category,
  };
}

/**
 * What an earlier invoice used of shared allowances. Its recorded usage counts exactly when it was
 * decided under the same rules and no reviewer changed its amount since; otherwise its reimbursed
 * amount counts.
 */
function priorSpend(record: InvoiceRecord, employeeId: string): PriorSpendV2 {
  const decision = record.decision as Partial<DecisionUnderV2> & Decision;
  return {
    id: record.id,
    employee_id: employeeId,
    category: decision.category ?? V1_CATEGORY_TO_V2[record.category],
    date: record.invoice_date,
    billing_month: null,
    reimbursable_minor: record.reimbursable_minor,
    reimbursable_net_minor: null,
    currency: decision.reimbursable.currency,
    label: earlierInvoiceLabel(record),
    policy_hash: record.policy_hash,
    cap_usage: record.override ? null : (decision.cap_usage ?? null),
  };
}

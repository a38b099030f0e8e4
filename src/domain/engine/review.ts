/**
 * Evidence a policy requires, and the review hints every decision carries: late submission,
 * a document naming someone else, facts the decision relied on that were read unsurely, a
 * currency assumed because none was printed, OCR.
 */
import type { ClaimInvoiceV2, DecideV2Input, FlagV2 } from '../decide-v2.js';
import type { InvoiceFacts } from '../facts.js';
import { formatMoney } from '../money.js';
import { daysLate, nameMismatchNote } from '../review-flags.js';
import type { EvidenceRule } from '../rules/types.js';
import type { AppliedRule } from '../types.js';
import {
  attendeesListed,
  type ConditionSubject,
  conditionsHold,
  covers,
  personsOf,
} from './conditions.js';

const ITEM_KINDS_NOT_BOUGHT = new Set(['discount', 'deposit']);

/** Why the evidence the rule requires is missing, or null when it is there or not required. */
export function evidenceMissing(
  rule: EvidenceRule,
  category: string,
  subject: ConditionSubject,
  totalMinor: number,
): string | null {
  if (!covers(rule.categories, category) || !conditionsHold(rule.when, subject).holds) return null;
  if (rule.above_minor !== null && totalMinor <= rule.above_minor) return null;
  const { facts } = subject;
  const above =
    rule.above_minor === null
      ? ''
      : ` above ${formatMoney({ amount_minor: rule.above_minor, currency: subject.policy_currency })}`;
  if (rule.requires === 'attendee_names') {
    const names = (facts.attendees.value ?? []).filter((name) => name.trim() !== '');
    const persons = personsOf(facts);
    // The employee may be one of the persons served and need not list themself.
    if (attendeesListed(facts) && names.length >= persons - 1) return null;
    return names.length === 0
      ? `the attendees' names are required${above} and none are listed`
      : `the attendees' names are required${above}: ${names.length} listed for ${persons} persons`;
  }
  if (rule.requires === 'itemised_receipt') {
    if (facts.lines.some((line) => !ITEM_KINDS_NOT_BOUGHT.has(line.kind))) return null;
    return `an itemised receipt is required${above} and the document lists no items`;
  }
  if (facts.document_kind.value !== 'card_slip') return null;
  return `a receipt is required${above} and the document is only a card slip`;
}

const KEY_FACTS = ['total_minor', 'date', 'category'] as const;

const FACT_WORDS: Partial<Record<keyof InvoiceFacts, string>> = {
  total_minor: 'total',
  printed_time: 'printed time',
  travel_class: 'travel class',
  meal_type: 'meal type',
};

export function reviewNotes(
  invoice: ClaimInvoiceV2,
  input: DecideV2Input,
  used: ReadonlySet<string>,
): { flags: FlagV2[]; notes: string[]; steps: AppliedRule[] } {
  const { facts } = invoice;
  const flags: FlagV2[] = [];
  const notes: string[] = [];
  const steps: AppliedRule[] = [];
  const window = input.rules.submission_window;
  if (window) {
    const late = daysLate(facts.date.value, input.claim_date, window.days);
    if (late !== null) {
      flags.push('late_submission');
      notes.push(`submitted ${late} days after the invoice date`);
      steps.push({
        rule_id: window.id,
        quote: window.source.quote,
        page: window.source.page,
        effect: `Claimed on ${input.claim_date}, ${late} days after the invoice date of ${facts.date.value}: beyond ${window.days} days, flagged for review.`,
      });
    }
  }
  if (input.employee_name) {
    const note = nameMismatchNote(facts.person_name.value, input.employee_name);
    if (note) {
      flags.push('name_mismatch');
      notes.push(note);
    }
  }
  // Key facts count when missing too; a fact a rule relied on counts when it was read unsurely
  // (an unread one made its condition fail, or took its documented default such as one person).
  const threshold = input.options.low_confidence_below;
  const unsure: string[] = KEY_FACTS.filter(
    (name) => facts[name].value === null || facts[name].confidence < threshold,
  );
  for (const name of used as ReadonlySet<keyof InvoiceFacts>) {
    const fact = facts[name];
    if (unsure.includes(name) || fact === null || typeof fact !== 'object') continue;
    if ('confidence' in fact && fact.value !== null && fact.confidence < threshold)
      unsure.push(name);
  }
  if (facts.currency.value === null) unsure.push('currency');
  if (unsure.length > 0) {
    flags.push('low_confidence');
    notes.push(
      `${unsure.map((name) => FACT_WORDS[name as keyof InvoiceFacts] ?? name.replace(/_/g, ' ')).join(', ')} not read with confidence`,
    );
  }
  if (invoice.ocr) flags.push('ocr');
  return { flags, notes, steps };
}

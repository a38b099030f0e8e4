/**
 * How the chat words one rule of a policy: plain sentences written from the rule's fields, amounts
 * formatted exactly in the policy currency (never recomputed), conditions in everyday words.
 */
import type { TravelClass } from '../domain/facts.js';
import type {
  CapPeriod,
  CapRuleV2,
  Conditions,
  PolicyRulesV2,
  RuleSource,
} from '../domain/rules/types.js';
import { defaultCategoryLabel } from '../domain/taxonomy.js';
import { money } from './markdown.js';

export type PolicyRuleKind =
  | 'category'
  | 'cap'
  | 'decline'
  | 'exclusion'
  | 'share'
  | 'relative_limit'
  | 'on_top'
  | 'line_category'
  | 'reclassify'
  | 'evidence'
  | 'meal_hours'
  | 'foreign_currency'
  | 'submission_window';

/** One rule as the answer states it. */
export interface PolicyPoint {
  rule_id: string;
  kind: PolicyRuleKind;
  /** Markdown, one sentence: what the rule does. */
  statement: string;
  source: RuleSource;
  /** The rule refuses what the question asks about (a declined class, an ineligible category). */
  refuses: boolean;
  /** A category rule that makes what the question asks about reimbursable. */
  allows?: boolean;
}

const PERIOD_WORDS: Readonly<Record<CapPeriod, string>> = {
  item: 'per item',
  meal: 'per meal',
  person: 'per person',
  trip: 'per trip',
  night: 'per night',
  invoice: 'per invoice',
  day: 'per day',
  billing_month: 'per billing month',
  claim: 'per claim',
  year: 'per year',
};
const BASIS_WORDS: Readonly<Record<CapRuleV2['basis'], string>> = {
  gross: 'including tax',
  net_plus_eligible_tax: 'before tax (tax paid on the allowed part)',
  net_plus_all_tax: 'before tax, with taxes paid on top',
};
const CLASS_WORDS: Readonly<Record<TravelClass, string>> = {
  economy: 'economy class',
  premium_economy: 'premium economy',
  business: 'business class',
  first: 'first class (air)',
  rail_first: 'first class (rail)',
  rail_second: 'second class (rail)',
};
export const EVIDENCE_WORDS = {
  receipt: 'a receipt (more than a card slip)',
  itemised_receipt: 'an itemised receipt',
  attendee_names: 'the names of the attendees',
} as const;

export const sameText = (a: string, b: string) =>
  a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;

export class PolicyStatements {
  private readonly labels = new Map<string, string>();

  constructor(protected readonly rules: PolicyRulesV2) {
    for (const rule of rules.categories) this.labels.set(rule.category, rule.label);
  }

  label(category: string): string {
    return this.labels.get(category) ?? defaultCategoryLabel(category);
  }

  protected labelsOf(categories: readonly string[] | null): string {
    return categories === null
      ? 'Any expense'
      : categories.map((category) => this.label(category)).join(' and ');
  }

  protected amount(minor: number): string {
    return money(minor, this.rules.currency);
  }

  protected plain(
    rule_id: string,
    kind: PolicyRuleKind,
    source: RuleSource,
    statement: string,
  ): PolicyPoint {
    return { rule_id, kind, statement, source, refuses: false };
  }

  protected submission(rule: NonNullable<PolicyRulesV2['submission_window']>): PolicyPoint {
    return this.plain(
      rule.id,
      'submission_window',
      rule.source,
      `Invoices must be submitted within **${rule.days} days** of their date; later ones are flagged for review as late submissions.`,
    );
  }

  protected foreignCurrency(rule: NonNullable<PolicyRulesV2['foreign_currency']>): PolicyPoint {
    return this.plain(
      rule.id,
      'foreign_currency',
      rule.source,
      rule.accept === 'printed_rate'
        ? `Invoices in another currency are converted at the rate printed on them (never at any other rate).`
        : `Invoices in another currency are left for review (never converted at a rate they do not print).`,
    );
  }

  protected cap(rule: CapRuleV2, place: string | undefined): string {
    const label = `**${this.labelsOf(rule.categories)}**`;
    const per = PERIOD_WORDS[rule.period];
    const tail = `, ${BASIS_WORDS[rule.basis]}${this.when(rule.when)}.`;
    const elsewhere = (prefix: string) =>
      rule.amount_minor === null
        ? `no limit ${prefix}`
        : `up to **${this.amount(rule.amount_minor)} ${per}** ${prefix}`;
    if (rule.locations.length === 0)
      return rule.amount_minor === null
        ? `${label}: no limit${this.when(rule.when)}.`
        : `${label}: up to **${this.amount(rule.amount_minor)} ${per}**${tail}`;
    const where = (row: CapRuleV2['locations'][number]) => row.city ?? row.country ?? 'there';
    const row = place ? rule.locations.find((r) => sameText(where(r), place)) : undefined;
    if (row)
      return `${label} in ${where(row)}: up to **${this.amount(row.amount_minor)} ${per}**${tail}`;
    const rows = rule.locations.map((r) => `**${this.amount(r.amount_minor)}** in ${where(r)}`);
    const lead = place ? `${label}: ${place} has no limit of its own, so ` : `${label}: `;
    return `${lead}${elsewhere('elsewhere')} (${rows.join(', ')})${tail}`;
  }

  protected when(when: Conditions | null): string {
    const text = this.conditions(when);
    return text === 'always' ? '' : ` when ${text}`;
  }

  protected conditions(when: Conditions | null): string {
    if (!when) return 'always';
    const parts: string[] = [];
    if (when.travel_class?.length)
      parts.push(`the class is ${when.travel_class.map((c) => CLASS_WORDS[c]).join(' or ')}`);
    if (when.meal_type?.length) parts.push(`the meal is ${when.meal_type.join(' or ')}`);
    if (when.city?.length) parts.push(`in ${when.city.join(' or ')}`);
    if (when.country?.length) parts.push(`in ${when.country.join(' or ')}`);
    if (when.abroad !== undefined) parts.push(when.abroad ? 'abroad' : 'at home');
    if (when.persons_min !== undefined) parts.push(`for ${when.persons_min} or more persons`);
    if (when.persons_max !== undefined) parts.push(`for at most ${when.persons_max} persons`);
    if (when.attendees_listed !== undefined)
      parts.push(when.attendees_listed ? 'attendees are listed' : 'no attendees are listed');
    if (when.currency?.length) parts.push(`the currency is ${when.currency.join(' or ')}`);
    if (when.total_above_minor !== undefined)
      parts.push(`the total is above ${this.amount(when.total_above_minor)}`);
    return parts.length === 0 ? 'always' : parts.join(' and ');
  }
}

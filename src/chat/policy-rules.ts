/**
 * The active policy's rules that answer a policy question, each as one plain sentence written
 * from the rule (amounts formatted exactly, never recomputed) with the policy sentence and page it
 * came from. Shared by the offline answer and Gemini's get_policy_rules tool, so both quote the
 * same rules for the same topic.
 */
import type { LineKind, TravelClass } from '../domain/facts.js';
import type { Policy, PolicyVersion } from '../domain/policy-versions.js';
import type {
  CapPeriod,
  CapRuleV2,
  Conditions,
  PolicyRulesV2,
  RuleSource,
} from '../domain/rules/types.js';
import { categoryWithin, defaultCategoryLabel } from '../domain/taxonomy.js';
import type { PolicyTopic } from './language/policy-question.js';
import { money } from './markdown.js';
import type { PolicyCitation } from './types.js';

/** Where the chat reads the company's active policy (the policy store). */
export interface ActivePolicySource {
  active(): Promise<PolicyVersion | null>;
  get(id: string): Promise<Policy | null>;
}

export interface ActivePolicy {
  policy_id: string;
  name: string;
  version: number;
  rules: PolicyRulesV2;
}

export async function loadActivePolicy(
  source: ActivePolicySource | undefined,
): Promise<ActivePolicy | null> {
  const version = await source?.active();
  if (!source || !version) return null;
  const policy = await source.get(version.policy_id);
  return {
    policy_id: version.policy_id,
    name: policy?.name ?? version.rules.name,
    version: version.number,
    rules: version.rules,
  };
}

export const NO_ACTIVE_POLICY =
  'No policy is active yet, so there are no rules to quote. Finance publishes one with `POST /api/v1/policies` (the policy document, or its rules as JSON or YAML), checks how it was read, and activates a version with `POST /api/v1/policies/{id}/versions/{n}/activate`.';

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
const EVIDENCE_WORDS = {
  receipt: 'a receipt (more than a card slip)',
  itemised_receipt: 'an itemised receipt',
  attendee_names: 'the names of the attendees',
} as const;
const MOST_POINTS = 15;

const related = (a: string, b: string) => categoryWithin(a, b) || categoryWithin(b, a);
const lines = (kinds: readonly LineKind[]) => kinds.map((kind) => kind.replace(/_/g, ' '));
const overlaps = <T>(a: readonly T[] | undefined, b: readonly T[]) =>
  !a || a.length === 0 || b.length === 0 || a.some((value) => b.includes(value));
const sameText = (a: string, b: string) =>
  a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;

export class PolicyReader {
  private readonly labels = new Map<string, string>();

  constructor(private readonly rules: PolicyRulesV2) {
    for (const rule of rules.categories) this.labels.set(rule.category, rule.label);
  }

  label(category: string): string {
    return this.labels.get(category) ?? defaultCategoryLabel(category);
  }

  private labelsOf(categories: readonly string[] | null): string {
    return categories === null
      ? 'Any expense'
      : categories.map((category) => this.label(category)).join(' and ');
  }

  private amount(minor: number): string {
    return money(minor, this.rules.currency);
  }

  /** The rules that answer the topic, most telling first, at most MOST_POINTS of them. */
  points(topic: PolicyTopic): { points: PolicyPoint[]; more: number } {
    const all = this.allPoints(topic);
    const order: PolicyRuleKind[] = [
      'decline',
      'category',
      'cap',
      'share',
      'relative_limit',
      'exclusion',
      'on_top',
      'reclassify',
      'line_category',
      'evidence',
      'meal_hours',
      'foreign_currency',
      'submission_window',
    ];
    const sorted = [...all].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    return { points: sorted.slice(0, MOST_POINTS), more: Math.max(0, sorted.length - MOST_POINTS) };
  }

  private allPoints(topic: PolicyTopic): PolicyPoint[] {
    const { rules } = this;
    const named = topic.categories.length > 0;
    const broad = !named && topic.line_kinds.length === 0 && topic.travel_class.length === 0;
    const only = (aspect: PolicyTopic['aspects'][number]) =>
      broad &&
      topic.aspects.length > 0 &&
      topic.aspects.every((a) => a === aspect || a === 'eligibility');
    const inScope = (categories: readonly string[] | null) =>
      categories === null
        ? !named
        : !named || categories.some((c) => topic.categories.some((t) => related(c, t)));
    const fits = (when: Conditions | null) =>
      !when ||
      (overlaps(when.travel_class, topic.travel_class) &&
        overlaps(when.meal_type, topic.meal_type) &&
        (!topic.place ||
          !when.city ||
          when.city.some((city) => sameText(city, topic.place ?? ''))));
    const asksLines = (kinds: readonly LineKind[]) =>
      topic.line_kinds.length === 0 || kinds.some((kind) => topic.line_kinds.includes(kind));
    const classAsked = (when: Conditions | null) =>
      topic.travel_class.length > 0 &&
      (when?.travel_class ?? []).some((value) => topic.travel_class.includes(value));

    if (only('deadline'))
      return rules.submission_window ? [this.submission(rules.submission_window)] : [];
    if (only('currency'))
      return rules.foreign_currency ? [this.foreignCurrency(rules.foreign_currency)] : [];
    const limitsOnly = only('limits');
    const evidenceOnly = only('evidence');
    const lineQuestion = topic.line_kinds.length > 0;
    const points: PolicyPoint[] = [];

    if (!limitsOnly && !evidenceOnly && !lineQuestion) {
      for (const rule of rules.categories)
        if ((named || broad) && inScope([rule.category]))
          points.push({
            rule_id: rule.id,
            kind: 'category',
            statement: rule.eligible
              ? `**${rule.label}**: reimbursed.`
              : `**${rule.label}**: **not reimbursable**.`,
            source: rule.source,
            refuses:
              !rule.eligible && topic.categories.some((t) => categoryWithin(t, rule.category)),
          });
      for (const rule of rules.declines)
        if ((inScope(rule.categories) || classAsked(rule.when)) && fits(rule.when))
          points.push({
            rule_id: rule.id,
            kind: 'decline',
            statement: `**${this.labelsOf(rule.categories)}**: **declined** when ${this.conditions(rule.when)}.`,
            source: rule.source,
            // Declined under conditions the question did not name is not a "no" to the question.
            refuses: classAsked(rule.when) || Object.keys(rule.when).length === 0,
          });
      for (const rule of rules.reclassify ?? [])
        if (inScope(rule.categories) && fits(rule.when))
          points.push(
            this.plain(
              rule.id,
              'reclassify',
              rule.source,
              `**${this.labelsOf(rule.categories)}**: judged as **${this.label(rule.treat_as)}** when ${this.conditions(rule.when)}.`,
            ),
          );
    }
    if (!evidenceOnly && !lineQuestion) {
      for (const rule of rules.caps)
        if (inScope(rule.categories) && fits(rule.when))
          points.push(this.plain(rule.id, 'cap', rule.source, this.cap(rule, topic.place)));
      for (const rule of rules.shares)
        if (inScope(rule.categories) && fits(rule.when))
          points.push(
            this.plain(
              rule.id,
              'share',
              rule.source,
              `**${this.labelsOf(rule.categories)}**: **${rule.percent_bp / 100}%** of the bill is reimbursed${this.when(rule.when)}.`,
            ),
          );
    }
    if (!evidenceOnly) {
      for (const rule of rules.relative_limits)
        if (inScope(rule.categories) && asksLines(rule.line_kinds))
          points.push(
            this.plain(
              rule.id,
              'relative_limit',
              rule.source,
              `**${this.labelsOf(rule.categories)}**: ${lines(rule.line_kinds).join(' and ')} up to **${rule.percent_bp / 100}%** of the ${lines(rule.of_line_kinds).join(' and ')} (${rule.of_basis === 'net' ? 'before tax' : 'including tax'}).`,
            ),
          );
    }
    if (!limitsOnly && !evidenceOnly) {
      for (const rule of rules.exclusions)
        if (
          lineQuestion
            ? asksLines(rule.line_kinds) ||
              rule.terms.some((term) => topic.line_kinds.includes(term as LineKind))
            : inScope(rule.categories) && (named || broad)
        )
          points.push({
            rule_id: rule.id,
            kind: 'exclusion',
            statement: `Lines of ${[...lines(rule.line_kinds), ...rule.terms.map((term) => `“${term}”`)].join(', ')}: **not reimbursed** (removed with their tax)${rule.categories ? ` on ${this.labelsOf(rule.categories)}` : ''}.`,
            source: rule.source,
            refuses: lineQuestion,
          });
      for (const rule of rules.on_top)
        if (inScope(rule.categories) && asksLines(rule.line_kinds))
          points.push(
            this.plain(
              rule.id,
              'on_top',
              rule.source,
              `**${this.labelsOf(rule.categories)}**: ${lines(rule.line_kinds).join(' and ')} lines are paid in full on top of the limit.`,
            ),
          );
      if (!lineQuestion || named)
        for (const rule of rules.line_categories)
          if (inScope(rule.categories) && asksLines(rule.line_kinds))
            points.push(
              this.plain(
                rule.id,
                'line_category',
                rule.source,
                `**${this.labelsOf(rule.categories)}**: ${lines(rule.line_kinds).join(' and ')} lines are judged as **${this.label(rule.treat_as)}**.`,
              ),
            );
    }
    if (
      !limitsOnly &&
      !lineQuestion &&
      (evidenceOnly || topic.aspects.includes('evidence') || broad)
    )
      for (const rule of rules.evidence)
        if (inScope(rule.categories) && fits(rule.when))
          points.push(
            this.plain(
              rule.id,
              'evidence',
              rule.source,
              `**${this.labelsOf(rule.categories)}**: needs ${EVIDENCE_WORDS[rule.requires]}${rule.above_minor === null ? '' : ` above **${this.amount(rule.above_minor)}**`}${this.when(rule.when)}; without it the invoice is ${rule.action === 'decline' ? '**declined**' : 'flagged for review'}.`,
            ),
          );
    if (rules.meal_hours && (topic.meal_type.length > 0 || broad) && !limitsOnly && !evidenceOnly)
      points.push(
        this.plain(
          'meal_hours',
          'meal_hours',
          rules.meal_hours.source,
          `Meals are told apart by the time on the receipt: ${rules.meal_hours.windows
            .filter((w) => topic.meal_type.length === 0 || topic.meal_type.includes(w.meal))
            .map((w) => `${w.meal} ${w.from}–${w.to}`)
            .join(', ')}.`,
        ),
      );
    if (broad && !limitsOnly && !evidenceOnly) {
      if (rules.foreign_currency) points.push(this.foreignCurrency(rules.foreign_currency));
      if (rules.submission_window) points.push(this.submission(rules.submission_window));
    }
    return points;
  }

  private plain(
    rule_id: string,
    kind: PolicyRuleKind,
    source: RuleSource,
    statement: string,
  ): PolicyPoint {
    return { rule_id, kind, statement, source, refuses: false };
  }

  private submission(rule: NonNullable<PolicyRulesV2['submission_window']>): PolicyPoint {
    return this.plain(
      rule.id,
      'submission_window',
      rule.source,
      `Invoices must be submitted within **${rule.days} days** of their date; later ones are flagged for review as late submissions.`,
    );
  }

  private foreignCurrency(rule: NonNullable<PolicyRulesV2['foreign_currency']>): PolicyPoint {
    return this.plain(
      rule.id,
      'foreign_currency',
      rule.source,
      rule.accept === 'printed_rate'
        ? `Invoices in another currency are converted at the rate printed on them (never at any other rate).`
        : `Invoices in another currency are left for review (never converted at a rate they do not print).`,
    );
  }

  private cap(rule: CapRuleV2, place: string | undefined): string {
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

  private when(when: Conditions | null): string {
    const text = this.conditions(when);
    return text === 'always' ? '' : ` when ${text}`;
  }

  private conditions(when: Conditions | null): string {
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

export function citationOf(policy: ActivePolicy, point: PolicyPoint): PolicyCitation {
  return {
    policy_id: policy.policy_id,
    policy_name: policy.name,
    version: policy.version,
    rule_id: point.rule_id,
    quote: point.source.quote,
    page: point.source.page,
  };
}

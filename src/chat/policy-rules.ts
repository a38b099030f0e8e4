/**
 * The active policy's rules that answer a policy question, each as one plain sentence written
 * from the rule (amounts formatted exactly, never recomputed) with the policy sentence and page it
 * came from. Shared by the offline answer and Gemini's get_policy_rules tool, so both quote the
 * same rules for the same topic.
 */
import type { LineKind } from '../domain/facts.js';
import type { Policy, PolicyVersion } from '../domain/policy-versions.js';
import type { Conditions, PolicyRulesV2 } from '../domain/rules/types.js';
import { categoryWithin } from '../domain/taxonomy.js';
import type { PolicyTopic } from './language/policy-question.js';
import {
  EVIDENCE_WORDS,
  type PolicyPoint,
  type PolicyRuleKind,
  PolicyStatements,
  sameText,
} from './policy-statements.js';
import type { PolicyCitation } from './types.js';

export type { PolicyPoint, PolicyRuleKind } from './policy-statements.js';

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

const MOST_POINTS = 15;

const related = (a: string, b: string) => categoryWithin(a, b) || categoryWithin(b, a);
const lines = (kinds: readonly LineKind[]) => kinds.map((kind) => kind.replace(/_/g, ' '));
const overlaps = <T>(a: readonly T[] | undefined, b: readonly T[]) =>
  !a || a.length === 0 || b.length === 0 || a.some((value) => b.includes(value));

export class PolicyReader extends PolicyStatements {
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
            allows: rule.eligible && topic.categories.some((t) => categoryWithin(t, rule.category)),
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

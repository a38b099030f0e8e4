/**
 * The pieces of one invoice's decision that repeat: a part of the bill through the policy's share
 * and caps (the main part, and each group of lines judged under another category), and the words
 * of each step about lines removed, limited, judged apart or paid on top.
 */
import type { ClaimInvoiceV2, DecideV2Input, FlagV2 } from '../decide-v2.js';
import { applyRatio, basisPoints, formatPercent, ROUNDING_WORDS } from '../decimal.js';
import type { InvoiceFacts, MealType } from '../facts.js';
import { MEAL_TYPES } from '../facts.js';
import type { Conditions } from '../rules/types.js';
import type { AppliedRule } from '../types.js';
import { grossOf, type LineGroup, type Part } from './bill.js';
import { applyCapsV2, type CapLedger, type CapUsage } from './caps.js';
import {
  type ConditionSubject,
  conditionsHold,
  covers,
  itemsOf,
  nightsOf,
  personsOf,
} from './conditions.js';

export type Rule = { id: string; source: { quote: string; page: number | null } };

export const cite = (rule: Rule, effect: string): AppliedRule => ({
  rule_id: rule.id,
  quote: rule.source.quote,
  page: rule.source.page,
  effect,
});

export interface Draft {
  steps: AppliedRule[];
  flags: Set<FlagV2>;
  notes: string[];
  used_facts: Set<string>;
  usage: CapUsage[];
}

export function mealOf(category: string): MealType | null {
  const last = category.split('.').pop() ?? '';
  return (MEAL_TYPES as readonly string[]).includes(last) ? (last as MealType) : null;
}

export function mainUnits(facts: InvoiceFacts) {
  return {
    item: itemsOf(facts.lines),
    night: nightsOf(facts).nights,
    person: personsOf(facts),
    meal: 1,
  };
}

export interface PartContext {
  input: DecideV2Input;
  invoice: ClaimInvoiceV2;
  facts: InvoiceFacts;
  subject: ConditionSubject;
  ledger: CapLedger;
  draft: Draft;
  phrases: string[];
  money: (minor: number) => string;
}

/** A share, then the caps, for one part of the invoice under one category. */
export function decidePart(
  start: Part,
  category: string,
  meal: MealType | null,
  units: { item: number; night: number; person: number; meal: number },
  rateBp: number | null,
  context: PartContext,
): Part {
  const { input, facts, draft, money } = context;
  const { rules } = input;
  const subject = { ...context.subject, meal_type: meal };
  let part = start;
  const share = rules.shares.find(
    (rule) => covers(rule.categories, category) && conditionsHold(rule.when, subject).holds,
  );
  if (share && grossOf(part) > 0) {
    const gross = applyRatio(grossOf(part), basisPoints(share.percent_bp), rules.rounding);
    const tax = Math.min(
      applyRatio(part.tax, basisPoints(share.percent_bp), rules.rounding),
      gross,
    );
    draft.steps.push(
      cite(
        share,
        `${formatPercent(share.percent_bp)} of ${money(grossOf(part))} = ${money(gross)} (${ROUNDING_WORDS[rules.rounding]}).`,
      ),
    );
    context.phrases.push(`${formatPercent(share.percent_bp)} share`);
    part = { net: gross - tax, tax };
  }
  const outcome = applyCapsV2(
    part,
    rules.caps,
    {
      label: context.invoice.file_name,
      category,
      subject,
      dates: {
        date: facts.date.value,
        billing_month: facts.billing_period.value?.start.slice(0, 7) ?? null,
      },
      units,
      currency: rules.currency,
      rounding: rules.rounding,
      rate_bp: rateBp,
    },
    context.ledger,
  );
  draft.steps.push(...outcome.steps);
  draft.usage.push(...outcome.usage);
  for (const fact of outcome.used_facts) draft.used_facts.add(fact);
  context.phrases.push(...outcome.lowered);
  return outcome.part;
}

export function describeGroup(
  group: LineGroup,
  money: (minor: number) => string,
  draft: Draft,
  phrases: string[],
): void {
  const names = group.lines.map((line) => `"${line.description}"`).join(', ');
  const gross = grossOf(group.part);
  const amounts =
    group.part.tax > 0
      ? `${money(group.part.net)} + tax ${money(group.part.tax)} = ${money(gross)}`
      : money(gross);
  if (group.kind === 'excluded') {
    if (group.lines.some((line) => line.kind === 'alcohol')) draft.flags.add('alcohol');
    draft.steps.push(cite(group.rule, `Removed ${names}: ${amounts}.`));
    phrases.push(`${names} (${money(gross)}) removed`);
  } else if (group.kind === 'on_top') {
    draft.steps.push(cite(group.rule, `${names}: ${money(gross)} paid on top of the caps.`));
  } else if (group.kind === 'split') {
    draft.steps.push(cite(group.rule, `${names} (${money(gross)}) judged as ${group.treat_as}.`));
  } else if (group.limit) {
    const { allowed, base, percent_bp: bp, of_basis: basis } = group.limit;
    draft.steps.push(
      cite(
        group.rule,
        `${names} limited to ${formatPercent(bp)} of ${money(base)} (${basis === 'net' ? 'before tax' : 'including tax'}) = ${money(allowed)}: ${money(gross)} not reimbursed.`,
      ),
    );
    phrases.push(`${money(gross)} of ${names} above ${formatPercent(bp)} removed`);
  }
}

/** The conditions of a decline in words: "travel class is business or first". */
export function describeWhen(when: Conditions, money: (minor: number) => string): string {
  const list = (values: readonly string[]) => values.join(' or ');
  const parts: string[] = [];
  if (when.travel_class) parts.push(`travel class is ${list(when.travel_class)}`);
  if (when.meal_type) parts.push(`the meal is ${list(when.meal_type)}`);
  if (when.city) parts.push(`the city is ${list(when.city)}`);
  if (when.country) parts.push(`the country is ${list(when.country)}`);
  if (when.abroad !== undefined) parts.push(when.abroad ? 'abroad' : 'in the home country');
  if (when.persons_min !== undefined) parts.push(`${when.persons_min} or more persons`);
  if (when.persons_max !== undefined) parts.push(`at most ${when.persons_max} persons`);
  if (when.attendees_listed !== undefined)
    parts.push(when.attendees_listed ? 'attendees are listed' : 'no attendees are listed');
  if (when.currency) parts.push(`the currency is ${list(when.currency)}`);
  if (when.total_above_minor !== undefined)
    parts.push(`the total is above ${money(when.total_above_minor)}`);
  return parts.join(' and ');
}

/**
 * One invoice through rules v2, in the order a finance clerk would go: is the category covered,
 * is the total known and in the policy currency, does a condition decline the whole invoice, is
 * the evidence there; then lines out, lines limited, lines judged apart, lines on top, the share,
 * the caps. Each step is cited; the reason sums it up in one sentence.
 */
import type { ClaimInvoiceV2, DecideV2Input, DecisionV2 } from '../decide-v2.js';
import { FLAGS_V2 } from '../decide-v2.js';
import { formatMoney } from '../money.js';
import type { CategoryRuleV2, DeclineRule, PolicyRulesV2 } from '../rules/types.js';
import { categoryLineage, defaultCategoryLabel } from '../taxonomy.js';
import type { Status } from '../types.js';
import { buildBill, grossOf } from './bill.js';
import type { CapLedger } from './caps.js';
import {
  type ConditionSubject,
  conditionsHold,
  covers,
  lineUnits,
  readMealType,
} from './conditions.js';
import { convertFacts } from './currency.js';
import {
  cite,
  type Draft,
  decidePart,
  describeGroup,
  describeWhen,
  mainUnits,
  mealOf,
  type Rule,
} from './parts.js';
import { evidenceMissing, reviewNotes } from './review.js';

export function statusOfV2(claimed: number, reimbursable: number): Status {
  if (reimbursable <= 0) return 'declined';
  return reimbursable >= claimed ? 'fully_reimbursed' : 'partially_reimbursed';
}

function categoryRule(rules: PolicyRulesV2, category: string): CategoryRuleV2 | null {
  for (const id of categoryLineage(category)) {
    const rule = rules.categories.find((candidate) => candidate.category === id);
    if (rule) return rule;
  }
  return null;
}

/** The category the policy judges the invoice under: the first reclassification that holds. */
function reclassified(
  category: string,
  rules: PolicyRulesV2,
  subject: ConditionSubject,
  draft: Draft,
): string {
  for (const rule of rules.reclassify ?? []) {
    if (!covers(rule.categories, category)) continue;
    const result = conditionsHold(rule.when, subject);
    if (!result.holds) continue;
    for (const fact of result.used) draft.used_facts.add(fact);
    const when = describeWhen(rule.when, (minor) =>
      formatMoney({ amount_minor: minor, currency: rules.currency }),
    );
    const label = categoryRule(rules, rule.treat_as)?.label ?? defaultCategoryLabel(rule.treat_as);
    draft.steps.push(cite(rule, `${when}: judged as ${label} (${rule.treat_as}).`));
    return rule.treat_as;
  }
  return category;
}

export function decideInvoiceV2(
  invoice: ClaimInvoiceV2,
  input: DecideV2Input,
  ledger: CapLedger,
): DecisionV2 {
  const { rules } = input;
  let facts = invoice.facts;
  const policyCurrency = rules.currency;
  const documentCurrency = facts.currency.value ?? policyCurrency;
  const meal = readMealType(facts, rules.meal_hours);
  const read = facts.category.value ?? 'other';
  let category = read === 'meal' && meal.meal ? `meal.${meal.meal}` : read;
  const draft: Draft = { steps: [], flags: new Set(), notes: [], used_facts: new Set(), usage: [] };
  const subject: ConditionSubject = {
    facts,
    meal_type: meal.meal,
    total_minor: documentCurrency === policyCurrency ? facts.total_minor.value : null,
    document_currency: documentCurrency,
    policy_currency: policyCurrency,
    home_country: rules.home_country,
  };
  category = reclassified(category, rules, subject, draft);
  let claimed = { amount_minor: facts.total_minor.value ?? 0, currency: documentCurrency };
  const finish = (reimbursable: number, summary: string, eligible = reimbursable): DecisionV2 => {
    const review = reviewNotes(invoice, input, draft.used_facts);
    for (const flag of review.flags) draft.flags.add(flag);
    const notes = [...draft.notes, ...review.notes];
    return {
      status: statusOfV2(claimed.amount_minor, reimbursable),
      claimed,
      eligible: { amount_minor: eligible, currency: policyCurrency },
      reimbursable: { amount_minor: reimbursable, currency: policyCurrency },
      reason: notes.length > 0 ? `${summary} Review: ${notes.join('; ')}.` : summary,
      rules_applied: [...draft.steps, ...review.steps],
      flags: FLAGS_V2.filter((flag) => draft.flags.has(flag)),
      category,
      cap_usage: draft.usage,
    };
  };
  const decline = (why: string, rule?: Rule, effect?: string) => {
    if (rule && effect) draft.steps.push(cite(rule, effect));
    return finish(0, `Declined: ${why}.`, 0);
  };

  const covering = categoryRule(rules, category);
  const label = covering?.label ?? defaultCategoryLabel(category);
  if (!covering) return decline(`the policy does not cover the category "${category}"`);
  if (!covering.eligible)
    return decline(
      `${label} is not reimbursable under the policy`,
      covering,
      `${label} is not eligible: declined in full.`,
    );
  const total = facts.total_minor.value;
  if (total === null) return decline('the invoice total could not be read');
  if (total <= 0) return decline(`the total is ${formatMoney(claimed)}, nothing to reimburse`);

  const declineRule = () =>
    rules.declines.find((rule) => {
      if (!covers(rule.categories, category)) return false;
      const result = conditionsHold(rule.when, subject);
      if (result.holds) for (const fact of result.used) draft.used_facts.add(fact);
      return result.holds;
    });
  const money = (minor: number) => formatMoney({ amount_minor: minor, currency: policyCurrency });
  const declineBy = (rule: DeclineRule) => {
    const when = describeWhen(rule.when, money);
    return decline(`not reimbursed when ${when}`, rule, `${when}: declined in full.`);
  };
  let amount = total;
  if (documentCurrency !== policyCurrency) {
    const conversion = convertFacts(
      facts,
      total,
      documentCurrency,
      policyCurrency,
      rules.foreign_currency,
      rules.rounding,
    );
    const currencyRule = rules.foreign_currency ?? {
      id: 'policy.currency',
      source: { quote: `Amounts in this policy are in ${policyCurrency}.`, page: null },
    };
    draft.steps.push(cite(currencyRule, `${conversion.explanation}.`));
    if (!conversion.ok) {
      const declined = declineRule();
      if (declined) return declineBy(declined);
      draft.flags.add('foreign_currency');
      return finish(0, `Not decided: ${conversion.explanation}.`, 0);
    }
    facts = conversion.facts;
    amount = conversion.total;
    claimed = { amount_minor: amount, currency: policyCurrency };
    subject.facts = facts;
    subject.total_minor = amount;
  }
  const declined = declineRule();
  if (declined) return declineBy(declined);
  for (const rule of rules.evidence) {
    const missing = evidenceMissing(rule, category, subject, amount);
    if (!missing) continue;
    if (rule.action === 'decline') return decline(missing, rule, `${missing}: declined in full.`);
    draft.flags.add('missing_evidence');
    draft.notes.push(missing);
    draft.steps.push(cite(rule, `${missing}: flagged for review.`));
  }

  const bill = buildBill(facts, amount, category, rules);
  const phrases: string[] = [];
  for (const group of bill.groups) describeGroup(group, money, draft, phrases);
  const context = { input, invoice, facts, subject, ledger, draft, phrases, money };
  const main = decidePart(bill.rest, category, meal.meal, mainUnits(facts), bill.rate_bp, context);
  let reimbursable = grossOf(main);
  let eligible = grossOf(bill.rest);
  for (const group of bill.groups) {
    if (group.kind === 'on_top') {
      reimbursable += grossOf(group.part);
      eligible += grossOf(group.part);
    } else if (group.kind === 'split' && group.treat_as) {
      const units = lineUnits(group.lines);
      const splitMeal = mealOf(group.treat_as);
      const allowed = decidePart(
        group.part,
        group.treat_as,
        splitMeal,
        { item: units, night: 1, person: 1, meal: units },
        bill.rate_bp,
        context,
      );
      reimbursable += grossOf(allowed);
      eligible += grossOf(group.part);
    }
  }
  if (reimbursable <= 0 && phrases.some((phrase) => phrase.startsWith('capped')))
    return finish(0, `Declined: the ${label} allowance is already used up.`, eligible);
  const summary =
    reimbursable >= amount
      ? `${money(reimbursable)} reimbursed in full (${label}).`
      : reimbursable <= 0
        ? `Declined: nothing is left (${phrases.join('; ')}).`
        : `${money(reimbursable)} of ${money(amount)} reimbursed (${label})${phrases.length ? `: ${phrases.join('; ')}` : ''}.`;
  return finish(reimbursable, summary, eligible);
}

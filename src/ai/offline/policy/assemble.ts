/**
 * All findings of a policy → one rule set v2. Restatements merge (a clause and its table row say
 * the same cap once), refusals of one kind merge, a category refused anywhere is refused, and
 * every rule keeps the first sentence that stated it. Rule ids are readable and stable:
 * "lodging.cap", "meal.cap.day", "exclusion.alcohol", "decline.travel.rail".
 */
import type { LineKind, MealType } from '../../../domain/facts.js';
import type {
  CategoryRuleV2,
  LineCategoryRule,
  MealHours,
  OnTopRule,
  PolicyRulesV2,
  RelativeLimitRule,
  RoundingMode,
  RuleSource,
  ShareRule,
} from '../../../domain/rules/types.js';
import { defaultCategoryLabel } from '../../../domain/taxonomy.js';
import { assembleCaps } from './assemble-caps.js';
import {
  assembleDeclines,
  assembleEvidence,
  assembleExclusions,
  Ids,
  type Of,
  pick,
  sameList,
} from './assemble-refusals.js';
import type { BasisStatement, Finding, Sourced } from './findings.js';

export interface PolicyFacts {
  policy_hash: string;
  name: string;
  currency: string;
  home_country: string | null;
  /** Labels by category from headings that name exactly one category ("5.3 Accommodation"). */
  heading_labels: ReadonlyMap<string, string>;
}

export interface Rejected {
  source: RuleSource;
  reason: string;
}

const sentenceCase = (text: string) =>
  text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);
function mealHours(found: Of<'hours'>[]): MealHours | null {
  if (found.length === 0) return null;
  const bounds = new Map<MealType, { from: string | null; to: string | null }>();
  for (const entry of found)
    for (const window of entry.windows) {
      const known = bounds.get(window.meal) ?? { from: null, to: null };
      bounds.set(window.meal, { from: known.from ?? window.from, to: known.to ?? window.to });
    }
  const order: MealType[] = ['breakfast', 'lunch', 'dinner'].filter((meal) =>
    bounds.has(meal as MealType),
  ) as MealType[];
  const windows = order.map((meal, index) => {
    const own = bounds.get(meal) as { from: string | null; to: string | null };
    const previous = bounds.get(order[(index + order.length - 1) % order.length] as MealType);
    const next = bounds.get(order[(index + 1) % order.length] as MealType);
    const from = own.from ?? (order.length > 1 ? previous?.to : null) ?? '04:00';
    const to = own.to ?? (order.length > 1 ? next?.from : null) ?? '04:00';
    return { meal, from, to };
  });
  const first = found[0] as Of<'hours'>;
  return { windows, source: first.source };
}

export function assemble(
  findings: readonly Sourced<Finding>[],
  facts: PolicyFacts,
  sameDigits: (code: string) => boolean,
): { rules: PolicyRulesV2; rejected: Rejected[] } {
  const ids = new Ids();
  const rejected: Rejected[] = [];
  const reject = (source: RuleSource, reason: string) => rejected.push({ source, reason });
  const basisStatements = pick(findings, 'basis');
  const global = basisStatements.find((entry) => entry.categories === null)?.basis ?? null;
  const categoryBasis = basisStatements
    .filter((entry): entry is Of<'basis'> & { categories: string[] } => entry.categories !== null)
    .map((entry) => ({ categories: entry.categories, basis: entry.basis as BasisStatement }));
  const capDrafts = assembleCaps(
    {
      caps: pick(findings, 'cap'),
      shared: pick(findings, 'shared'),
      alone: pick(findings, 'alone'),
      alias: pick(findings, 'alias'),
    },
    {
      currency: facts.currency,
      home_country: facts.home_country,
      global_basis: global,
      category_basis: categoryBasis,
    },
    sameDigits,
    reject,
  );
  const caps = capDrafts.map(({ order: _order, ...cap }) => {
    const base = cap.categories.join('+');
    const plain = `${base}.cap`;
    return {
      id: ids.take(
        capDrafts.filter((other) => other.categories.join('+') === base).length > 1
          ? `${plain}.${cap.period}`
          : plain,
      ),
      ...cap,
    };
  });

  // Categories: refused anywhere is refused; otherwise paid if any rule pays it.
  const labels = new Map<
    string,
    { label: string; source: RuleSource; eligible: boolean; order: number }
  >();
  const note = (
    category: string,
    label: string,
    source: RuleSource,
    eligible: boolean,
    order: number,
  ) => {
    const known = labels.get(category);
    const own = facts.heading_labels.get(category);
    if (!known)
      labels.set(category, { label: own ?? sentenceCase(label), source, eligible, order });
    else if (!eligible && known.eligible)
      labels.set(category, { label: known.label, source, eligible: false, order });
  };
  for (const entry of pick(findings, 'ineligible'))
    note(entry.category, entry.label, entry.source, false, entry.order);
  for (const entry of pick(findings, 'eligible'))
    note(entry.category, entry.label, entry.source, true, entry.order);
  for (const entry of pick(findings, 'cap'))
    for (const [index, category] of entry.categories.entries())
      note(
        category,
        entry.labels[index] ?? defaultCategoryLabel(category),
        entry.source,
        true,
        entry.order,
      );
  for (const entry of [...pick(findings, 'share'), ...pick(findings, 'decline')])
    for (const category of entry.categories ?? [])
      note(category, defaultCategoryLabel(category), entry.source, true, entry.order);
  const categories: CategoryRuleV2[] = [...labels.entries()]
    .sort((a, b) => a[1].order - b[1].order)
    .map(([category, entry]) => ({
      id: ids.take(`${category}.${entry.eligible ? 'eligible' : 'not_eligible'}`),
      category,
      label: entry.label,
      eligible: entry.eligible,
      source: entry.source,
    }));

  const exclusions = assembleExclusions(pick(findings, 'exclusion'), ids);
  const declines = assembleDeclines(pick(findings, 'decline'), ids);
  const evidence = assembleEvidence(pick(findings, 'evidence'), pick(findings, 'alias'), ids, {
    currency: facts.currency,
    sameDigits,
    reject,
  });

  const onTop: OnTopRule[] = [];
  for (const entry of pick(findings, 'ontop')) {
    const same = onTop.find((rule) => sameList(rule.categories, entry.categories));
    if (same) same.line_kinds = [...new Set([...same.line_kinds, ...entry.kinds])];
    else
      onTop.push({
        id: ids.take(`on_top.${entry.categories.join('+')}`),
        categories: [...entry.categories],
        line_kinds: [...entry.kinds],
        source: entry.source,
      });
  }
  const lineCategories: LineCategoryRule[] = [];
  for (const entry of pick(findings, 'linecat')) {
    if (
      lineCategories.some(
        (rule) => sameList(rule.line_kinds, entry.kinds) && rule.treat_as === entry.treat_as,
      )
    )
      continue;
    lineCategories.push({
      id: ids.take(`line.${entry.kinds.join('+')}`),
      categories: [...entry.categories],
      line_kinds: [...entry.kinds],
      treat_as: entry.treat_as,
      source: entry.source,
    });
  }
  const shares: ShareRule[] = [];
  for (const entry of pick(findings, 'share')) {
    if (
      shares.some(
        (rule) => sameList(rule.categories, entry.categories) && rule.percent_bp === entry.bp,
      )
    )
      continue;
    shares.push({
      id: ids.take(`share.${entry.categories.join('+')}`),
      categories: [...entry.categories],
      percent_bp: entry.bp,
      when: entry.when,
      source: entry.source,
    });
  }
  const relBasis = pick(findings, 'relbasis')[0]?.basis ?? 'gross';
  const relative: RelativeLimitRule[] = [];
  for (const entry of pick(findings, 'relative')) {
    if (
      relative.some(
        (rule) =>
          sameList(rule.categories, entry.categories) &&
          sameList(rule.line_kinds, entry.kinds) &&
          rule.percent_bp === entry.bp,
      )
    )
      continue;
    relative.push({
      id: ids.take(`relative.${entry.kinds.join('+')}`),
      categories: [...entry.categories],
      line_kinds: [...entry.kinds] as LineKind[],
      percent_bp: entry.bp,
      of_line_kinds: [...entry.of],
      of_basis: entry.basis ?? relBasis,
      source: entry.source,
    });
  }

  const fx = pick(findings, 'fx');
  const fxRule = fx.find((entry) => entry.accept === 'printed_rate') ?? fx[0];
  const window = pick(findings, 'window')[0];
  const rounding: RoundingMode = pick(findings, 'rounding')[0]?.mode ?? 'half_up';
  const rules: PolicyRulesV2 = {
    schema_version: 2,
    policy_hash: facts.policy_hash,
    name: facts.name,
    currency: facts.currency,
    home_country: facts.home_country,
    rounding,
    categories,
    ...reclassifications(pick(findings, 'alias'), ids),
    caps,
    exclusions,
    line_categories: lineCategories,
    on_top: onTop,
    shares,
    relative_limits: relative,
    declines,
    evidence,
    meal_hours: mealHours(pick(findings, 'hours')),
    foreign_currency: fxRule
      ? { id: ids.take('foreign_currency'), accept: fxRule.accept, source: fxRule.source }
      : null,
    submission_window: window
      ? { id: ids.take('submission.window'), days: window.days, source: window.source }
      : null,
    compiled_by: 'offline',
    migrated_from: null,
  };
  return { rules, rejected };
}

/**
 * "A receipt for two or more persons is entertainment": the invoice is judged as the other
 * category before anything else, so every rule of that category (caps, evidence, declines) binds
 * it. Rule sets without one keep their old shape.
 */
function reclassifications(aliases: Of<'alias'>[], ids: Ids): Pick<PolicyRulesV2, 'reclassify'> {
  if (aliases.length === 0) return {};
  const reclassify = aliases.map((alias) => ({
    id: ids.take(`reclassify.${alias.from}`),
    categories: [alias.from],
    when: { persons_min: alias.persons_min },
    treat_as: alias.to,
    source: alias.source,
  }));
  return { reclassify };
}

/**
 * Stored v1 rule sets keep deciding: this pure migration writes the same policy as rules v2, so
 * the v2 engine gives v1-shaped invoices (facts-v1.ts) the same status and amounts as the v1
 * engine. Rule ids and quotes are kept, so decisions made before the migration still cite rules
 * that exist.
 */
import type { LineKind } from '../facts.js';
import { V1_CATEGORY_TO_V2 } from '../facts-v1.js';
import type { CapPer, PolicyRules } from '../types.js';
import type {
  CapPeriod,
  CapRuleV2,
  CategoryRuleV2,
  LineExclusionRule,
  PolicyRulesV2,
} from './types.js';

// v1 bounded a "per claim" cap on each invoice alone; the v2 "claim" period is shared, so the
// faithful translation is the per-invoice period. v1 "month" was the invoice's calendar month.
const V1_PERIOD: Readonly<Record<CapPer, CapPeriod>> = {
  item: 'item',
  meal: 'meal',
  trip: 'trip',
  night: 'night',
  day: 'day',
  month: 'billing_month',
  claim: 'invoice',
};

const V1_EXCLUSION_KINDS: Readonly<Record<'alcohol' | 'tobacco' | 'terms', LineKind[]>> = {
  alcohol: ['alcohol'],
  tobacco: ['tobacco'],
  terms: [],
};

export function rulesV2FromV1(v1: PolicyRules): PolicyRulesV2 {
  const categories: CategoryRuleV2[] = [];
  const caps: CapRuleV2[] = [];
  const eligibleSeen = new Set<string>();
  for (const rule of v1.categories) {
    const category = V1_CATEGORY_TO_V2[rule.category];
    // v1 let a capped rule also carry eligibility; v2 states eligibility once per category.
    if (!eligibleSeen.has(category)) {
      eligibleSeen.add(category);
      categories.push({
        id: rule.cap ? `${rule.id}.eligible` : rule.id,
        category,
        label: rule.label,
        eligible: rule.eligible,
        source: { ...rule.source },
      });
    }
    if (rule.cap) {
      caps.push({
        id: rule.id,
        categories: [category],
        amount_minor: rule.cap.amount_minor,
        locations: [],
        basis: rule.cap.includes_tax ? 'gross' : 'net_plus_eligible_tax',
        period: V1_PERIOD[rule.cap.per],
        when: null,
        source: { ...rule.source },
      });
    }
  }
  const exclusions: LineExclusionRule[] = v1.exclusions.map((rule) => ({
    id: rule.id,
    categories: rule.categories?.map((category) => V1_CATEGORY_TO_V2[category]) ?? null,
    line_kinds: [...V1_EXCLUSION_KINDS[rule.kind]],
    terms: [...rule.terms],
    source: { ...rule.source },
  }));
  return {
    schema_version: 2,
    policy_hash: v1.policy_hash,
    name: v1.name,
    currency: v1.currency,
    home_country: null,
    rounding: 'half_up',
    categories,
    caps,
    exclusions,
    line_categories: [],
    on_top: [],
    shares: [],
    relative_limits: [],
    declines: [],
    evidence: [],
    meal_hours: null,
    // v1 declined every foreign-currency invoice; review is the v2 word for not converting.
    foreign_currency: null,
    submission_window: v1.submission_window
      ? { ...v1.submission_window, source: { ...v1.submission_window.source } }
      : null,
    compiled_by: v1.compiled_by,
    migrated_from: 1,
  };
}

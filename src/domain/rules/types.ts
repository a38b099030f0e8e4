/**
 * Rules v2: what a company policy says, as data the engine applies to invoice facts v2.
 *
 * Every rule keeps the policy's sentence verbatim and its page (`source`) so each decision step
 * can cite it. Amounts are integer minor units of the policy currency; percentages are basis
 * points (12.5% → 1250). Categories are ids of the open taxonomy (taxonomy.ts): a rule on "meal"
 * covers "meal.dinner"; a policy may use its own ids ("travel.visa") beside the defaults.
 * Pure types: no I/O. The JSON Schema lives in src/schemas/rules-v2.ts.
 */
import type { BasisPoints, LineKind, MealType, TravelClass } from '../facts.js';
import type { ExpenseCategory } from '../taxonomy.js';
import type { PolicySource } from '../types.js';

export type RuleSource = PolicySource;

/**
 * Facts an invoice must show for a rule to apply; every condition given must hold, an empty
 * object always holds. A condition on a fact that was not read does not hold, except persons
 * (a receipt without covers is for one person) and attendees (none listed).
 */
export interface Conditions {
  travel_class?: TravelClass[];
  /** Meal type from the document's wording, else its printed time and the policy's hours. */
  meal_type?: MealType[];
  /** Compared case- and accent-insensitively with the city on the document. */
  city?: string[];
  /** ISO 3166-1 alpha-2 codes. */
  country?: string[];
  /** The country on the document is not the policy's home country (`home_country`). */
  abroad?: boolean;
  persons_min?: number;
  persons_max?: number;
  attendees_listed?: boolean;
  /** ISO 4217 codes of the document. */
  currency?: string[];
  /** The invoice total in the policy currency is strictly above this amount. */
  total_above_minor?: number;
}

export interface CategoryRuleV2 {
  /** Unique within the policy; decisions cite it. */
  id: string;
  category: ExpenseCategory;
  /** The policy's own name for the category, kept for citations ("Subsistence"). */
  label: string;
  eligible: boolean;
  source: RuleSource;
}

/**
 * - gross: the eligible amount including tax is compared with the cap.
 * - net_plus_eligible_tax: the amount before tax is capped; tax is paid on the allowed part only.
 * - net_plus_all_tax: the amount before tax is capped; every tax of the eligible part is paid.
 */
export type CapBasis = 'gross' | 'net_plus_eligible_tax' | 'net_plus_all_tax';
export const CAP_BASES: readonly CapBasis[] = [
  'gross',
  'net_plus_eligible_tax',
  'net_plus_all_tax',
];

/**
 * Per invoice (× units): item (× quantities), meal, trip, invoice (× 1), person (× persons or
 * covers), night (× nights). Shared by the employee's invoices of one period: day, billing_month
 * (the billing period's month, else the invoice month), year, and claim (this claim only).
 */
export type CapPeriod =
  | 'item'
  | 'meal'
  | 'person'
  | 'trip'
  | 'night'
  | 'invoice'
  | 'day'
  | 'billing_month'
  | 'claim'
  | 'year';
export const CAP_PERIODS: readonly CapPeriod[] = [
  'item',
  'meal',
  'person',
  'trip',
  'night',
  'invoice',
  'day',
  'billing_month',
  'claim',
  'year',
];
export const SHARED_CAP_PERIODS: readonly CapPeriod[] = ['day', 'billing_month', 'claim', 'year'];

/** One row of a limits table: the first row matching the document's city or country wins. */
export interface LocationLimit {
  city: string | null;
  country: string | null;
  amount_minor: number;
}

/**
 * A limit. Several caps on one category all apply (the lowest wins), per-invoice periods before
 * shared ones. A cap naming several categories is one allowance they share.
 */
export interface CapRuleV2 {
  id: string;
  categories: ExpenseCategory[];
  /** The limit where no location row matches ("elsewhere"); null: no limit elsewhere. */
  amount_minor: number | null;
  locations: LocationLimit[];
  basis: CapBasis;
  period: CapPeriod;
  when: Conditions | null;
  source: RuleSource;
}

/** Lines removed with their own tax (alcohol, minibar, spa, fines…), by kind or by words. */
export interface LineExclusionRule {
  id: string;
  /** Invoice categories it applies to; null: every category. */
  categories: ExpenseCategory[] | null;
  line_kinds: LineKind[];
  /** Words of a line's description that exclude it (whole words, any language). */
  terms: string[];
  source: RuleSource;
}

/** Lines of one kind judged under another category (a breakfast on a hotel bill is a breakfast). */
export interface LineCategoryRule {
  id: string;
  categories: ExpenseCategory[];
  line_kinds: LineKind[];
  treat_as: ExpenseCategory;
  source: RuleSource;
}

/** Lines paid in full on top of the caps (tourist tax, room taxes, parking on a hotel bill). */
export interface OnTopRule {
  id: string;
  categories: ExpenseCategory[];
  line_kinds: LineKind[];
  source: RuleSource;
}

/** Only a share of the bill is reimbursed (phone bills at 50%), before the caps. */
export interface ShareRule {
  id: string;
  categories: ExpenseCategory[];
  percent_bp: BasisPoints;
  when: Conditions | null;
  source: RuleSource;
}

/** Lines limited relative to other lines: tip or service ≤ 12.5% of the food bill. */
export interface RelativeLimitRule {
  id: string;
  categories: ExpenseCategory[];
  line_kinds: LineKind[];
  percent_bp: BasisPoints;
  of_line_kinds: LineKind[];
  /** The other lines measured before tax (net) or including it (gross). */
  of_basis: 'net' | 'gross';
  source: RuleSource;
}

/**
 * An invoice of these categories is judged under another category when the conditions hold
 * ("a meal for two or more persons is entertainment"). Applied before every other rule; the
 * first rule that holds wins, and the invoice is not reclassified again.
 */
export interface ReclassifyRule {
  id: string;
  categories: ExpenseCategory[];
  when: Conditions;
  treat_as: ExpenseCategory;
  source: RuleSource;
}

/** The whole invoice is declined when the conditions hold (business-class flights). */
export interface DeclineRule {
  id: string;
  categories: ExpenseCategory[] | null;
  when: Conditions;
  source: RuleSource;
}

/**
 * - receipt: the document is more than a card slip;
 * - itemised_receipt: it lists what was bought;
 * - attendee_names: it names the attendees.
 */
export type EvidenceKind = 'receipt' | 'itemised_receipt' | 'attendee_names';
export const EVIDENCE_KINDS: readonly EvidenceKind[] = [
  'receipt',
  'itemised_receipt',
  'attendee_names',
];

export interface EvidenceRule {
  id: string;
  categories: ExpenseCategory[] | null;
  requires: EvidenceKind;
  /** Required only when the total in the policy currency is strictly above this; null: always. */
  above_minor: number | null;
  when: Conditions | null;
  /** What happens without it: the invoice is declined, or flagged missing_evidence for review. */
  action: 'decline' | 'flag';
  source: RuleSource;
}

export interface MealWindow {
  meal: MealType;
  /** "HH:MM", inclusive. */
  from: string;
  /** "HH:MM", exclusive; a window may wrap past midnight (from "16:00" to "04:00"). */
  to: string;
}

export interface MealHours {
  windows: MealWindow[];
  source: RuleSource;
}

/**
 * A document in another currency: converted at the rate (or converted amount) printed on it when
 * the policy allows that ("printed_rate"), otherwise left for review ("review"). Never converted
 * at a rate the document does not print.
 */
export interface ForeignCurrencyRule {
  id: string;
  accept: 'printed_rate' | 'review';
  source: RuleSource;
}

export interface SubmissionWindowRuleV2 {
  id: string;
  /** Invoices dated more than this many days before the claim are flagged late_submission. */
  days: number;
  source: RuleSource;
}

/** How derived amounts (shares, converted amounts, tax on a part) are rounded to minor units. */
export type RoundingMode = 'half_up' | 'down' | 'up';
export const ROUNDING_MODES: readonly RoundingMode[] = ['half_up', 'down', 'up'];

export interface PolicyRulesV2 {
  schema_version: 2;
  /** SHA-256 of the policy document (or of the canonical JSON for client-sent rules). */
  policy_hash: string;
  name: string;
  /** ISO 4217 code of every amount in these rules. */
  currency: string;
  /** ISO 3166-1 alpha-2 code of the company's country (for `abroad`); null when unknown. */
  home_country: string | null;
  rounding: RoundingMode;
  categories: CategoryRuleV2[];
  /** Absent in rule sets written before it existed: none. */
  reclassify?: ReclassifyRule[];
  caps: CapRuleV2[];
  exclusions: LineExclusionRule[];
  line_categories: LineCategoryRule[];
  on_top: OnTopRule[];
  shares: ShareRule[];
  relative_limits: RelativeLimitRule[];
  declines: DeclineRule[];
  evidence: EvidenceRule[];
  meal_hours: MealHours | null;
  foreign_currency: ForeignCurrencyRule | null;
  submission_window: SubmissionWindowRuleV2 | null;
  compiled_by: 'offline' | 'gemini' | 'client';
  /** 1 when these rules were migrated from a stored v1 rule set; null otherwise. */
  migrated_from: 1 | null;
}

/** Every list of rules in a rule set, by the property that holds it (for ids and pointers). */
export const RULE_LISTS = [
  'categories',
  'caps',
  'exclusions',
  'line_categories',
  'on_top',
  'shares',
  'relative_limits',
  'declines',
  'evidence',
] as const satisfies ReadonlyArray<keyof PolicyRulesV2>;

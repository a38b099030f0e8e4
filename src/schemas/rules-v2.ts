/**
 * JSON Schema of rules v2 (TypeBox), for validating rules a client sends and, with the fields the
 * system fills in removed, as Gemini's `responseJsonSchema`. Written with only the keywords Gemini
 * accepts (type, typed enum, properties, required, items, minimum, maximum, anyOf, description);
 * `additionalProperties: false` is added for validation and stripped for Gemini. Checks the
 * keywords cannot express (well-formed codes, unique ids…) are in parseRulesV2.
 */
import { type Static, type TSchema, Type } from 'typebox';
import {
  LINE_KINDS,
  type LineKind,
  MEAL_TYPES,
  type MealType,
  TRAVEL_CLASSES,
  type TravelClass,
} from '../domain/facts.js';
import {
  CAP_BASES,
  CAP_PERIODS,
  type CapBasis,
  type CapPeriod,
  EVIDENCE_KINDS,
  type EvidenceKind,
  type PolicyRulesV2,
  ROUNDING_MODES,
  type RoundingMode,
} from '../domain/rules/types.js';

const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

const Nullable = <T extends TSchema>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], description ? { description } : {});

const Strict = { additionalProperties: false } as const;

const Source = Type.Object(
  {
    quote: Type.String({
      description: 'The sentence of the policy the rule comes from, verbatim.',
    }),
    page: Nullable(
      Type.Integer({ minimum: 1, description: '1-based page; null when unknown.' }),
      '1-based page of the sentence; null when unknown.',
    ),
  },
  { ...Strict, description: 'Where the rule comes from: decisions cite it.' },
);

const Id = Type.String({ description: 'Unique within the policy, e.g. "meal.dinner.cap".' });
const Minor = (description: string) => Type.Integer({ minimum: 0, description });
const Bp = Type.Integer({
  minimum: 0,
  maximum: 1_000_000,
  description: 'Percentage in basis points: 12.5% is 1250.',
});
const Category = Type.String({
  description:
    'Expense category id: meal, meal.breakfast, meal.lunch, meal.dinner, lodging, travel, ' +
    'travel.airfare, travel.rail, travel.bus, taxi, local_conveyance, car_rental, fuel, parking, ' +
    'mileage, telecom, telecom.mobile, telecom.internet, office_supplies, training, ' +
    'entertainment, personal, other; or a new lower-case dotted id.',
});
const Categories = Type.Array(Category, { description: 'Invoice categories the rule covers.' });
const LineKinds = Type.Array(StringEnum<LineKind>(LINE_KINDS), {
  description: 'Kinds of invoice lines.',
});

const ConditionsSchema = Type.Object(
  {
    travel_class: Type.Optional(
      Type.Array(StringEnum<TravelClass>(TRAVEL_CLASSES), {
        description: 'The class of travel printed is one of these.',
      }),
    ),
    meal_type: Type.Optional(
      Type.Array(StringEnum<MealType>(MEAL_TYPES), {
        description: 'The meal (from its wording, else its time and meal_hours) is one of these.',
      }),
    ),
    city: Type.Optional(
      Type.Array(Type.String(), {
        description: 'The city on the document is one of these (case and accents ignored).',
      }),
    ),
    country: Type.Optional(
      Type.Array(Type.String({ description: 'ISO 3166-1 alpha-2.' }), {
        description: 'The country on the document is one of these.',
      }),
    ),
    abroad: Type.Optional(Type.Boolean({ description: 'Outside the home country.' })),
    persons_min: Type.Optional(
      Type.Integer({ minimum: 1, description: 'At least this many persons or covers.' }),
    ),
    persons_max: Type.Optional(
      Type.Integer({ minimum: 1, description: 'At most this many persons or covers.' }),
    ),
    attendees_listed: Type.Optional(
      Type.Boolean({ description: "Whether the attendees' names are listed." }),
    ),
    currency: Type.Optional(
      Type.Array(Type.String({ description: 'ISO 4217.' }), {
        description: 'The document is in one of these currencies.',
      }),
    ),
    total_above_minor: Type.Optional(Minor('Invoice total strictly above, in minor units.')),
  },
  { ...Strict, description: 'Every condition given must hold; {} always holds.' },
);

const CategoryRule = Type.Object(
  {
    id: Id,
    category: Category,
    label: Type.String({ description: "The policy's own name for the category." }),
    eligible: Type.Boolean({
      description: 'true: reimbursed (within the other rules); false: never reimbursed.',
    }),
    source: Source,
  },
  { ...Strict, description: 'Whether a category is reimbursed at all.' },
);

const LocationLimit = Type.Object(
  {
    city: Nullable(Type.String(), 'City of the row; null: any city of the country.'),
    country: Nullable(
      Type.String({ description: 'ISO 3166-1 alpha-2.' }),
      'Country of the row (ISO 3166-1 alpha-2); null: the city wherever it is.',
    ),
    amount_minor: Minor('Limit for this place, in minor units.'),
  },
  { ...Strict, description: 'One row of a limits table; the first matching row wins.' },
);

const CapRule = Type.Object(
  {
    id: Id,
    categories: Categories,
    amount_minor: Nullable(
      Minor('Limit where no location row matches; null: none.'),
      'Limit where no location row matches, in minor units; null: no limit elsewhere.',
    ),
    locations: Type.Array(LocationLimit, { description: 'Limits by city or country.' }),
    basis: StringEnum<CapBasis>(
      CAP_BASES,
      'gross: including tax; net_plus_eligible_tax: before tax, tax paid on the allowed part; ' +
        'net_plus_all_tax: before tax, all taxes paid on top.',
    ),
    period: StringEnum<CapPeriod>(
      CAP_PERIODS,
      'What one limit covers: item, meal, person, trip, night or invoice (each invoice); day, billing_month, claim or year (shared by the invoices of the period).',
    ),
    when: Nullable(ConditionsSchema, 'Applies only when these conditions hold; null: always.'),
    source: Source,
  },
  {
    ...Strict,
    description: 'A limit; several caps on a category all apply, one naming several is shared.',
  },
);

const ExclusionRule = Type.Object(
  {
    id: Id,
    categories: Nullable(Categories, 'Invoice categories it applies to; null: every category.'),
    line_kinds: LineKinds,
    terms: Type.Array(Type.String(), { description: 'Words that exclude a line.' }),
    source: Source,
  },
  { ...Strict, description: 'Lines removed with their own tax.' },
);

const LineCategoryRule = Type.Object(
  { id: Id, categories: Categories, line_kinds: LineKinds, treat_as: Category, source: Source },
  { ...Strict, description: 'Lines of these kinds judged under another category (treat_as).' },
);

const OnTopRule = Type.Object(
  { id: Id, categories: Categories, line_kinds: LineKinds, source: Source },
  { ...Strict, description: 'Lines of these kinds paid in full on top of the caps.' },
);

const ShareRule = Type.Object(
  {
    id: Id,
    categories: Categories,
    percent_bp: Bp,
    when: Nullable(ConditionsSchema, 'Applies only when these conditions hold; null: always.'),
    source: Source,
  },
  { ...Strict, description: 'Only this share of the bill is reimbursed.' },
);

const RelativeLimitRule = Type.Object(
  {
    id: Id,
    categories: Categories,
    line_kinds: LineKinds,
    percent_bp: Bp,
    of_line_kinds: LineKinds,
    of_basis: StringEnum<'net' | 'gross'>(
      ['net', 'gross'],
      'Whether the percentage is of those lines before tax (net) or with tax (gross).',
    ),
    source: Source,
  },
  {
    ...Strict,
    description: 'Lines limited to a percentage of other lines (a tip up to 20% of the food).',
  },
);

const ReclassifyRule = Type.Object(
  {
    id: Id,
    categories: Categories,
    when: ConditionsSchema,
    treat_as: Category,
    source: Source,
  },
  {
    ...Strict,
    description:
      'Invoices of these categories judged under treat_as when the conditions hold (a meal for two or more persons is entertainment); applied first, the first that holds wins.',
  },
);

const DeclineRule = Type.Object(
  {
    id: Id,
    categories: Nullable(Categories, 'Invoice categories it applies to; null: every category.'),
    when: ConditionsSchema,
    source: Source,
  },
  { ...Strict, description: 'The whole invoice is declined when the conditions hold.' },
);

const EvidenceRule = Type.Object(
  {
    id: Id,
    categories: Nullable(Categories, 'Invoice categories it applies to; null: every category.'),
    requires: StringEnum<EvidenceKind>(
      EVIDENCE_KINDS,
      'What must be shown: a receipt (not only a card slip), an itemised receipt, or the attendees’ names.',
    ),
    above_minor: Nullable(
      Minor('Required above this total; null: always.'),
      'Required above this total, in minor units; null: always.',
    ),
    when: Nullable(ConditionsSchema, 'Applies only when these conditions hold; null: always.'),
    action: StringEnum<'decline' | 'flag'>(
      ['decline', 'flag'],
      'decline: nothing is reimbursed without it; flag: reimbursed, flagged missing_evidence.',
    ),
    source: Source,
  },
  { ...Strict, description: 'Evidence the policy requires.' },
);

const HHMM = Type.String({ description: '24-hour time "HH:MM".' });
const MealHours = Type.Object(
  {
    windows: Type.Array(
      Type.Object(
        {
          meal: StringEnum<MealType>(MEAL_TYPES, 'The meal of this window.'),
          from: HHMM,
          to: HHMM,
        },
        { ...Strict, description: 'from inclusive, to exclusive; may wrap past midnight.' },
      ),
      { description: 'Time windows of each meal.' },
    ),
    source: Source,
  },
  { ...Strict, description: 'The hours of each meal, as the policy gives them.' },
);

const ForeignCurrency = Type.Object(
  {
    id: Id,
    accept: StringEnum<'printed_rate' | 'review'>(
      ['printed_rate', 'review'],
      'printed_rate: converted at the rate printed on the document; review: left for review.',
    ),
    source: Source,
  },
  { ...Strict, description: 'How receipts in another currency are treated.' },
);

const SubmissionWindow = Type.Object(
  {
    id: Id,
    days: Type.Integer({ minimum: 1, description: 'Days after the invoice date.' }),
    source: Source,
  },
  { ...Strict, description: 'Claims later than this are flagged late_submission.' },
);

/** The rules a reader (person or model) writes; the system fills in the rest. */
const Authored = {
  name: Type.String({ description: 'Title of the policy.' }),
  currency: Type.String({ description: 'ISO 4217 code of every amount, e.g. "GBP".' }),
  home_country: Nullable(
    Type.String({ description: 'ISO 3166-1 alpha-2 of the company.' }),
    'ISO 3166-1 alpha-2 of the company (what "abroad" means); null when not stated.',
  ),
  rounding: StringEnum<RoundingMode>(ROUNDING_MODES, 'How derived amounts are rounded.'),
  categories: Type.Array(CategoryRule, { description: 'Categories reimbursed or not.' }),
  reclassify: Type.Optional(
    Type.Array(ReclassifyRule, {
      description: 'Invoices judged under another category by condition; absent: none.',
    }),
  ),
  caps: Type.Array(CapRule, { description: 'Limits.' }),
  exclusions: Type.Array(ExclusionRule, { description: 'Lines never reimbursed.' }),
  line_categories: Type.Array(LineCategoryRule, {
    description: 'Lines judged under another category.',
  }),
  on_top: Type.Array(OnTopRule, { description: 'Lines paid on top of the caps.' }),
  shares: Type.Array(ShareRule, { description: 'Bills reimbursed at a percentage.' }),
  relative_limits: Type.Array(RelativeLimitRule, {
    description: 'Lines limited relative to other lines.',
  }),
  declines: Type.Array(DeclineRule, { description: 'Whole invoices declined by condition.' }),
  evidence: Type.Array(EvidenceRule, { description: 'Evidence required.' }),
  meal_hours: Nullable(MealHours, 'Hours of each meal; null when the policy gives none.'),
  foreign_currency: Nullable(
    ForeignCurrency,
    'Receipts in another currency; null: left for review.',
  ),
  submission_window: Nullable(SubmissionWindow, 'Deadline to claim; null: none.'),
};

export const PolicyRulesV2Schema = Type.Object(
  {
    schema_version: Type.Integer({ minimum: 2, maximum: 2, description: 'Always 2.' }),
    policy_hash: Type.String({
      description: 'Hash naming the rules: of the document, or of the rules themselves.',
    }),
    ...Authored,
    compiled_by: StringEnum<PolicyRulesV2['compiled_by']>(
      ['offline', 'gemini', 'client'],
      'Who wrote the rules: the offline compiler, Gemini, or a person (JSON/YAML, corrections).',
    ),
    migrated_from: Nullable(
      Type.Integer({ minimum: 1, maximum: 1 }),
      '1 when migrated from rules v1; null otherwise.',
    ),
  },
  { ...Strict, $id: 'PolicyRulesV2', description: 'A compiled policy: rules v2.' },
);

// Compile-time proof that the schema and the domain type describe the same shape (bar literals).
type SchemaShape = Static<typeof PolicyRulesV2Schema>;
type Loose = Omit<PolicyRulesV2, 'schema_version' | 'migrated_from'> & {
  schema_version: number;
  migrated_from: number | null;
};
const schemaMatchesType: [
  SchemaShape extends Loose ? true : false,
  Loose extends SchemaShape ? true : false,
] = [true, true];
void schemaMatchesType;

export const AuthoredRulesV2Schema = Type.Object(Authored, Strict);

/** Without additionalProperties and $id: what Gemini's responseJsonSchema accepts. */
export const rulesV2JsonSchema: Record<string, unknown> = stripKeys(AuthoredRulesV2Schema, [
  'additionalProperties',
  '$id',
]) as Record<string, unknown>;

function stripKeys(node: unknown, keys: readonly string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => stripKeys(item, keys));
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!keys.includes(key)) copy[key] = stripKeys(value, keys);
  }
  return copy;
}

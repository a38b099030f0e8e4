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

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Strict = { additionalProperties: false } as const;

const Source = Type.Object(
  {
    quote: Type.String({
      description: 'The sentence of the policy the rule comes from, verbatim.',
    }),
    page: Nullable(Type.Integer({ minimum: 1, description: '1-based page; null when unknown.' })),
  },
  Strict,
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
    travel_class: Type.Optional(Type.Array(StringEnum<TravelClass>(TRAVEL_CLASSES))),
    meal_type: Type.Optional(Type.Array(StringEnum<MealType>(MEAL_TYPES))),
    city: Type.Optional(Type.Array(Type.String())),
    country: Type.Optional(Type.Array(Type.String({ description: 'ISO 3166-1 alpha-2.' }))),
    abroad: Type.Optional(Type.Boolean({ description: 'Outside the home country.' })),
    persons_min: Type.Optional(Type.Integer({ minimum: 1 })),
    persons_max: Type.Optional(Type.Integer({ minimum: 1 })),
    attendees_listed: Type.Optional(Type.Boolean()),
    currency: Type.Optional(Type.Array(Type.String({ description: 'ISO 4217.' }))),
    total_above_minor: Type.Optional(Minor('Invoice total strictly above, in minor units.')),
  },
  { ...Strict, description: 'Every condition given must hold; {} always holds.' },
);

const CategoryRule = Type.Object(
  {
    id: Id,
    category: Category,
    label: Type.String({ description: "The policy's own name for the category." }),
    eligible: Type.Boolean(),
    source: Source,
  },
  Strict,
);

const LocationLimit = Type.Object(
  {
    city: Nullable(Type.String()),
    country: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2.' })),
    amount_minor: Minor('Limit for this place, in minor units.'),
  },
  Strict,
);

const CapRule = Type.Object(
  {
    id: Id,
    categories: Categories,
    amount_minor: Nullable(Minor('Limit where no location row matches; null: none.')),
    locations: Type.Array(LocationLimit),
    basis: StringEnum<CapBasis>(
      CAP_BASES,
      'gross: including tax; net_plus_eligible_tax: before tax, tax paid on the allowed part; ' +
        'net_plus_all_tax: before tax, all taxes paid on top.',
    ),
    period: StringEnum<CapPeriod>(CAP_PERIODS),
    when: Nullable(ConditionsSchema),
    source: Source,
  },
  Strict,
);

const ExclusionRule = Type.Object(
  {
    id: Id,
    categories: Nullable(Categories),
    line_kinds: LineKinds,
    terms: Type.Array(Type.String(), { description: 'Words that exclude a line.' }),
    source: Source,
  },
  Strict,
);

const LineCategoryRule = Type.Object(
  { id: Id, categories: Categories, line_kinds: LineKinds, treat_as: Category, source: Source },
  Strict,
);

const OnTopRule = Type.Object(
  { id: Id, categories: Categories, line_kinds: LineKinds, source: Source },
  Strict,
);

const ShareRule = Type.Object(
  {
    id: Id,
    categories: Categories,
    percent_bp: Bp,
    when: Nullable(ConditionsSchema),
    source: Source,
  },
  Strict,
);

const RelativeLimitRule = Type.Object(
  {
    id: Id,
    categories: Categories,
    line_kinds: LineKinds,
    percent_bp: Bp,
    of_line_kinds: LineKinds,
    of_basis: StringEnum<'net' | 'gross'>(['net', 'gross']),
    source: Source,
  },
  Strict,
);

const DeclineRule = Type.Object(
  { id: Id, categories: Nullable(Categories), when: ConditionsSchema, source: Source },
  Strict,
);

const EvidenceRule = Type.Object(
  {
    id: Id,
    categories: Nullable(Categories),
    requires: StringEnum<EvidenceKind>(EVIDENCE_KINDS),
    above_minor: Nullable(Minor('Required above this total; null: always.')),
    when: Nullable(ConditionsSchema),
    action: StringEnum<'decline' | 'flag'>(['decline', 'flag']),
    source: Source,
  },
  Strict,
);

const HHMM = Type.String({ description: '24-hour time "HH:MM".' });
const MealHours = Type.Object(
  {
    windows: Type.Array(
      Type.Object(
        { meal: StringEnum<MealType>(MEAL_TYPES), from: HHMM, to: HHMM },
        { ...Strict, description: 'from inclusive, to exclusive; may wrap past midnight.' },
      ),
    ),
    source: Source,
  },
  Strict,
);

const ForeignCurrency = Type.Object(
  {
    id: Id,
    accept: StringEnum<'printed_rate' | 'review'>(['printed_rate', 'review']),
    source: Source,
  },
  Strict,
);

const SubmissionWindow = Type.Object(
  { id: Id, days: Type.Integer({ minimum: 1 }), source: Source },
  Strict,
);

/** The rules a reader (person or model) writes; the system fills in the rest. */
const Authored = {
  name: Type.String({ description: 'Title of the policy.' }),
  currency: Type.String({ description: 'ISO 4217 code of every amount, e.g. "GBP".' }),
  home_country: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2 of the company.' })),
  rounding: StringEnum<RoundingMode>(ROUNDING_MODES, 'How derived amounts are rounded.'),
  categories: Type.Array(CategoryRule),
  caps: Type.Array(CapRule),
  exclusions: Type.Array(ExclusionRule),
  line_categories: Type.Array(LineCategoryRule),
  on_top: Type.Array(OnTopRule),
  shares: Type.Array(ShareRule),
  relative_limits: Type.Array(RelativeLimitRule),
  declines: Type.Array(DeclineRule),
  evidence: Type.Array(EvidenceRule),
  meal_hours: Nullable(MealHours),
  foreign_currency: Nullable(ForeignCurrency),
  submission_window: Nullable(SubmissionWindow),
};

export const PolicyRulesV2Schema = Type.Object(
  {
    schema_version: Type.Integer({ minimum: 2, maximum: 2 }),
    policy_hash: Type.String(),
    ...Authored,
    compiled_by: StringEnum<PolicyRulesV2['compiled_by']>(['offline', 'gemini', 'client']),
    migrated_from: Nullable(Type.Integer({ minimum: 1, maximum: 1 })),
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

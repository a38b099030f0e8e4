/**
 * The schema of compiled policy rules and the one gate every rule set passes through, whoever
 * wrote it: the offline parser, Gemini's structured output or a client sending JSON/YAML.
 */
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { CATEGORIES, type Category, type CategoryRule, type PolicyRules } from './types.js';

const CAP_PERS = ['item', 'meal', 'trip', 'night', 'day', 'month', 'claim'] as const;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const PolicySourceSchema = Type.Object(
  {
    quote: Type.String({
      description: 'The sentence of the policy the rule comes from, verbatim.',
    }),
    page: Nullable(
      Type.Integer({ minimum: 1, description: '1-based page of the policy; null when unknown.' }),
    ),
  },
  { additionalProperties: false },
);

const CapSchema = Type.Object(
  {
    amount_minor: Type.Integer({
      minimum: 0,
      description: 'Cap in minor units (paise, cents): ₹200 is 20000.',
    }),
    per: Type.Enum([...CAP_PERS]),
    includes_tax: Type.Boolean({
      description: 'false when the policy says the cap excludes taxes.',
    }),
  },
  { additionalProperties: false },
);

const RuleId = Type.String({
  minLength: 1,
  maxLength: 80,
  description: 'Unique within the policy, e.g. "meal.cap".',
});

const CategoryRuleSchema = Type.Object(
  {
    id: RuleId,
    category: Type.Enum([...CATEGORIES]),
    label: Type.String({ minLength: 1, description: "The policy's own name for the category." }),
    eligible: Type.Boolean(),
    cap: Nullable(CapSchema),
    source: PolicySourceSchema,
  },
  { additionalProperties: false },
);

const ExclusionRuleSchema = Type.Object(
  {
    id: RuleId,
    kind: Type.Enum(['alcohol', 'tobacco', 'terms']),
    terms: Type.Array(Type.String({ minLength: 1 }), {
      description: 'Words that mark an invoice line as excluded.',
    }),
    categories: Nullable(Type.Array(Type.Enum([...CATEGORIES]))),
    source: PolicySourceSchema,
  },
  { additionalProperties: false },
);

const SubmissionWindowSchema = Type.Object(
  { id: RuleId, days: Type.Integer({ minimum: 1 }), source: PolicySourceSchema },
  { additionalProperties: false },
);

/** The rules a reader authors; the fields the system fills in itself are added below. */
const AuthoredFields = {
  name: Type.String({ description: 'Title of the policy.' }),
  currency: Type.String({
    pattern: '^[A-Z]{3}$',
    description: 'ISO 4217 code of the policy amounts.',
  }),
  categories: Type.Array(CategoryRuleSchema),
  exclusions: Type.Array(ExclusionRuleSchema),
  submission_window: Nullable(SubmissionWindowSchema),
};

export const PolicyRulesSchema = Type.Object(
  {
    schema_version: Type.Literal(1),
    policy_hash: Type.String({ minLength: 1 }),
    ...AuthoredFields,
    compiled_by: Type.Enum(['offline', 'gemini', 'client']),
  },
  { additionalProperties: false },
);

// Compile-time proof that the schema and the shared interface describe the same shape.
type SchemaShape = Static<typeof PolicyRulesSchema>;
const schemaMatchesInterface: [
  SchemaShape extends PolicyRules ? true : false,
  PolicyRules extends SchemaShape ? true : false,
] = [true, true];
void schemaMatchesInterface;

/**
 * JSON schema of what a model must produce (Gemini `responseJsonSchema`): the authored rules
 * without schema_version, policy_hash and compiled_by, which parsePolicyRules fills in. Gemini
 * rejects `additionalProperties`, so it is stripped here (parsePolicyRules still enforces it).
 */
export const policyRulesJsonSchema: Record<string, unknown> = withoutAdditionalProperties(
  Type.Object(AuthoredFields),
) as Record<string, unknown>;

function withoutAdditionalProperties(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutAdditionalProperties);
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'additionalProperties') copy[key] = withoutAdditionalProperties(value);
  }
  return copy;
}

export interface RuleProblem {
  /** JSON pointer into the rules, e.g. "/categories/0/cap/amount_minor". */
  pointer: string;
  message: string;
}

export class PolicyRulesError extends Error {
  readonly code = 'invalid_policy_rules';
  constructor(readonly problems: RuleProblem[]) {
    super(
      `The policy rules are invalid: ${problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}`,
    );
    this.name = 'PolicyRulesError';
  }
}

export interface ParsePolicyRulesOptions {
  /** Replaces policy_hash in the input: the caller hashes the document, a model cannot. */
  policy_hash?: string;
  /** Replaces compiled_by in the input. */
  compiled_by?: PolicyRules['compiled_by'];
}

/** Validates rules from any source and returns them typed; throws PolicyRulesError with every problem found. */
export function parsePolicyRules(raw: unknown, opts: ParsePolicyRulesOptions = {}): PolicyRules {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PolicyRulesError([{ pointer: '', message: 'must be an object' }]);
  }
  const candidate: Record<string, unknown> = { schema_version: 1, ...raw };
  if (opts.policy_hash !== undefined) candidate.policy_hash = opts.policy_hash;
  if (opts.compiled_by !== undefined) candidate.compiled_by = opts.compiled_by;

  if (!Value.Check(PolicyRulesSchema, candidate)) {
    throw new PolicyRulesError(schemaProblems(candidate));
  }
  const rules = candidate as PolicyRules;
  const problems = consistencyProblems(rules);
  if (problems.length > 0) throw new PolicyRulesError(problems);
  return rules;
}

function schemaProblems(candidate: unknown): RuleProblem[] {
  const errors = Value.Errors(PolicyRulesSchema, candidate).filter(
    // The null branch of a nullable field and the per-property echo of additionalProperties only repeat other errors.
    (error) =>
      error.keyword !== 'boolean' &&
      !(error.keyword === 'type' && 'type' in error.params && error.params.type === 'null'),
  );
  const problems = new Map<string, RuleProblem>();
  for (const error of errors) {
    const explainedDeeper =
      error.keyword === 'anyOf' &&
      errors.some(
        (other) =>
          other !== error &&
          other.keyword !== 'anyOf' &&
          other.instancePath.startsWith(error.instancePath),
      );
    if (explainedDeeper) continue;
    const message = describeSchemaError(error);
    problems.set(`${error.instancePath}\u0000${message}`, { pointer: error.instancePath, message });
  }
  return [...problems.values()];
}

function describeSchemaError(error: ReturnType<typeof Value.Errors>[number]): string {
  if (error.keyword === 'additionalProperties' && 'additionalProperties' in error.params) {
    return `has unknown properties: ${error.params.additionalProperties.join(', ')}`;
  }
  if (error.keyword === 'enum' && 'allowedValues' in error.params) {
    return `must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
  }
  if (error.keyword === 'anyOf') return 'has the wrong type or value';
  return error.message;
}

/** Rules the schema cannot express: unique ids, exclusion terms, one eligibility per category. */
function consistencyProblems(rules: PolicyRules): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const ids = new Map<string, string>();
  const noteId = (id: string, pointer: string) => {
    const first = ids.get(id);
    if (first !== undefined)
      problems.push({ pointer, message: `duplicates the rule id "${id}" of ${first}` });
    else ids.set(id, pointer);
  };
  const eligibility = new Map<Category, boolean>();
  rules.categories.forEach((rule, index) => {
    noteId(rule.id, `/categories/${index}/id`);
    const known = eligibility.get(rule.category);
    if (known !== undefined && known !== rule.eligible) {
      problems.push({
        pointer: `/categories/${index}/eligible`,
        message: `contradicts another rule for category "${rule.category}"`,
      });
    }
    eligibility.set(rule.category, rule.eligible);
  });
  rules.exclusions.forEach((rule, index) => {
    noteId(rule.id, `/exclusions/${index}/id`);
    if (rule.kind === 'terms' && rule.terms.length === 0) {
      problems.push({
        pointer: `/exclusions/${index}/terms`,
        message: 'must list at least one term for kind "terms"',
      });
    }
  });
  if (rules.submission_window) noteId(rules.submission_window.id, '/submission_window/id');
  return problems;
}

/** The first rule for a category, or null when the policy does not mention it. */
export function findCategoryRule(rules: PolicyRules, category: Category): CategoryRule | null {
  return rules.categories.find((rule) => rule.category === category) ?? null;
}

/** Every rule for a category: a policy may cap one category twice ("₹200 per meal, ₹500 per day"). */
export function findCategoryRules(rules: PolicyRules, category: Category): CategoryRule[] {
  return rules.categories.filter((rule) => rule.category === category);
}

/**
 * The one gate every rule set passes through, whoever wrote it (client JSON/YAML, Gemini, the
 * offline compiler, the store): v2 rules are validated against the schema and checked for what
 * the schema cannot say; stored v1 rules are validated as v1 and migrated. Problems come back as
 * JSON pointers, all of them at once, so finance can correct a rule set in one round.
 */
import { Value } from 'typebox/value';
import { PolicyRulesError, parsePolicyRules, type RuleProblem } from '../domain/policy-rules.js';
import { rulesV2FromV1 } from '../domain/rules/migrate-v1.js';
import type { Conditions, PolicyRulesV2 } from '../domain/rules/types.js';
import { isCategoryId } from '../domain/taxonomy.js';
import { PolicyRulesV2Schema } from './rules-v2.js';

export interface ParseRulesV2Options {
  /** Replaces policy_hash: the caller hashes the document, a model cannot. */
  policy_hash?: string;
  compiled_by?: PolicyRulesV2['compiled_by'];
}

/** Validates v2 rules from any source; throws PolicyRulesError listing every problem. */
export function parseRulesV2(raw: unknown, opts: ParseRulesV2Options = {}): PolicyRulesV2 {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PolicyRulesError([{ pointer: '', message: 'must be an object' }]);
  }
  const candidate: Record<string, unknown> = {
    schema_version: 2,
    migrated_from: null,
    ...raw,
  };
  if (opts.policy_hash !== undefined) candidate.policy_hash = opts.policy_hash;
  if (opts.compiled_by !== undefined) candidate.compiled_by = opts.compiled_by;
  if (!Value.Check(PolicyRulesV2Schema, candidate)) {
    throw new PolicyRulesError(schemaProblems(candidate));
  }
  const rules = candidate as unknown as PolicyRulesV2;
  const problems = consistencyProblems(rules);
  if (problems.length > 0) throw new PolicyRulesError(problems);
  return rules;
}

/** Stored or sent rules of either version, as v2: v1 rule sets are validated then migrated. */
export function loadPolicyRules(raw: unknown, opts: ParseRulesV2Options = {}): PolicyRulesV2 {
  const version =
    raw !== null && typeof raw === 'object' && 'schema_version' in raw
      ? (raw as { schema_version: unknown }).schema_version
      : 2;
  if (version === 1) return rulesV2FromV1(parsePolicyRules(raw, opts));
  return parseRulesV2(raw, opts);
}

function schemaProblems(candidate: unknown): RuleProblem[] {
  const errors = Value.Errors(PolicyRulesV2Schema, candidate).filter(
    // The null branch of a nullable field and the echo of additionalProperties repeat others.
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
    const message =
      error.keyword === 'additionalProperties' && 'additionalProperties' in error.params
        ? `has unknown properties: ${(error.params.additionalProperties as string[]).join(', ')}`
        : error.keyword === 'enum' && 'allowedValues' in error.params
          ? `must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`
          : error.keyword === 'anyOf'
            ? 'has the wrong type or value'
            : error.message;
    problems.set(`${error.instancePath}\u0000${message}`, { pointer: error.instancePath, message });
  }
  return [...problems.values()];
}

const CURRENCY = /^[A-Z]{3}$/;
const COUNTRY = /^[A-Z]{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function consistencyProblems(rules: PolicyRulesV2): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const problem = (pointer: string, message: string) => problems.push({ pointer, message });
  const ids = new Map<string, string>();
  const noteId = (id: string, pointer: string) => {
    const first = ids.get(id);
    if (id.trim() === '') problem(pointer, 'must not be empty');
    else if (first !== undefined) problem(pointer, `duplicates the rule id "${id}" of ${first}`);
    else ids.set(id, pointer);
  };
  const checkCategories = (list: readonly string[] | null, pointer: string, required = true) => {
    if (list === null) return;
    if (required && list.length === 0) problem(pointer, 'must name at least one category');
    list.forEach((category, index) => {
      if (!isCategoryId(category))
        problem(`${pointer}/${index}`, `"${category}" is not a category id (e.g. "meal.dinner")`);
    });
  };
  const checkConditions = (when: Conditions | null, pointer: string, required = false) => {
    if (when === null) return;
    if (required && Object.keys(when).length === 0)
      problem(pointer, 'must state at least one condition (else the category is ineligible)');
    if (
      when.persons_min !== undefined &&
      when.persons_max !== undefined &&
      when.persons_min > when.persons_max
    )
      problem(`${pointer}/persons_min`, 'must not be above persons_max');
    when.currency?.forEach((code, index) => {
      if (!CURRENCY.test(code)) problem(`${pointer}/currency/${index}`, 'must be an ISO 4217 code');
    });
    when.country?.forEach((code, index) => {
      if (!COUNTRY.test(code))
        problem(`${pointer}/country/${index}`, 'must be an ISO 3166-1 alpha-2 code');
    });
  };

  if (!CURRENCY.test(rules.currency)) problem('/currency', 'must be an ISO 4217 code like "EUR"');
  if (rules.home_country !== null && !COUNTRY.test(rules.home_country))
    problem('/home_country', 'must be an ISO 3166-1 alpha-2 code like "FR"');

  const eligibility = new Map<string, boolean>();
  rules.categories.forEach((rule, index) => {
    const at = `/categories/${index}`;
    noteId(rule.id, `${at}/id`);
    checkCategories([rule.category], `${at}/category`);
    const known = eligibility.get(rule.category);
    if (known !== undefined && known !== rule.eligible)
      problem(`${at}/eligible`, `contradicts another rule for category "${rule.category}"`);
    eligibility.set(rule.category, rule.eligible);
  });
  rules.caps.forEach((rule, index) => {
    const at = `/caps/${index}`;
    noteId(rule.id, `${at}/id`);
    checkCategories(rule.categories, `${at}/categories`);
    checkConditions(rule.when, `${at}/when`);
    if (rule.amount_minor === null && rule.locations.length === 0)
      problem(`${at}/amount_minor`, 'may be null only when locations give the limits');
    rule.locations.forEach((row, rowIndex) => {
      if (row.city === null && row.country === null)
        problem(`${at}/locations/${rowIndex}`, 'must name a city or a country');
      if (row.country !== null && !COUNTRY.test(row.country))
        problem(`${at}/locations/${rowIndex}/country`, 'must be an ISO 3166-1 alpha-2 code');
    });
  });
  rules.exclusions.forEach((rule, index) => {
    const at = `/exclusions/${index}`;
    noteId(rule.id, `${at}/id`);
    checkCategories(rule.categories, `${at}/categories`);
    if (rule.line_kinds.length === 0 && rule.terms.every((term) => term.trim() === ''))
      problem(`${at}/line_kinds`, 'must list line kinds or terms');
  });
  for (const list of ['line_categories', 'on_top', 'relative_limits'] as const) {
    rules[list].forEach((rule, index) => {
      const at = `/${list}/${index}`;
      noteId(rule.id, `${at}/id`);
      checkCategories(rule.categories, `${at}/categories`);
      if (rule.line_kinds.length === 0) problem(`${at}/line_kinds`, 'must list line kinds');
    });
  }
  rules.line_categories.forEach((rule, index) => {
    checkCategories([rule.treat_as], `/line_categories/${index}/treat_as`);
  });
  rules.relative_limits.forEach((rule, index) => {
    if (rule.of_line_kinds.length === 0)
      problem(`/relative_limits/${index}/of_line_kinds`, 'must list the lines it is relative to');
  });
  rules.shares.forEach((rule, index) => {
    const at = `/shares/${index}`;
    noteId(rule.id, `${at}/id`);
    checkCategories(rule.categories, `${at}/categories`);
    checkConditions(rule.when, `${at}/when`);
    if (rule.percent_bp > 10_000) problem(`${at}/percent_bp`, 'a share cannot exceed 100%');
  });
  (rules.reclassify ?? []).forEach((rule, index) => {
    const at = `/reclassify/${index}`;
    noteId(rule.id, `${at}/id`);
    checkCategories(rule.categories, `${at}/categories`);
    checkCategories([rule.treat_as], `${at}/treat_as`);
    checkConditions(rule.when, `${at}/when`, true);
  });
  rules.declines.forEach((rule, index) => {
    const at = `/declines/${index}`;
    noteId(rule.id, `${at}/id`);
    checkCategories(rule.categories, `${at}/categories`);
    checkConditions(rule.when, `${at}/when`, true);
  });
  rules.evidence.forEach((rule, index) => {
    const at = `/evidence/${index}`;
    noteId(rule.id, `${at}/id`);
    checkCategories(rule.categories, `${at}/categories`);
    checkConditions(rule.when, `${at}/when`);
  });
  rules.meal_hours?.windows.forEach((window, index) => {
    for (const end of ['from', 'to'] as const) {
      if (!TIME.test(window[end]))
        problem(`/meal_hours/windows/${index}/${end}`, 'must be a 24-hour time "HH:MM"');
    }
  });
  if (rules.foreign_currency) noteId(rules.foreign_currency.id, '/foreign_currency/id');
  if (rules.submission_window) noteId(rules.submission_window.id, '/submission_window/id');
  return problems;
}

import t from 'tap';
import { Value } from 'typebox/value';
import {
  findCategoryRule,
  findCategoryRules,
  PolicyRulesError,
  PolicyRulesSchema,
  parsePolicyRules,
  policyRulesJsonSchema,
} from '../../src/domain/policy-rules.js';
import { capRule, exclusion, rules } from '../helpers/decision-builders.js';

const authored = () => ({
  name: 'Travel policy',
  currency: 'INR',
  categories: [capRule('meal', 20000, 'meal'), capRule('cab', 15000, 'day')],
  exclusions: [exclusion('alcohol')],
  submission_window: {
    id: 'submission.window',
    days: 30,
    source: { quote: 'within 30 days', page: 1 },
  },
});

const problemsOf = (raw: unknown, opts = {}) => {
  try {
    parsePolicyRules(raw, opts);
  } catch (error) {
    if (error instanceof PolicyRulesError) return error.problems;
    throw error;
  }
  throw new Error('expected the rules to be refused');
};

t.test('valid rules pass; the caller fills policy_hash and compiled_by', async (t) => {
  const parsed = parsePolicyRules(authored(), { policy_hash: 'abc', compiled_by: 'gemini' });
  t.equal(parsed.schema_version, 1);
  t.equal(parsed.policy_hash, 'abc');
  t.equal(parsed.compiled_by, 'gemini');
  t.equal(parsed.categories.length, 2);
  const overridden = parsePolicyRules(
    { ...authored(), policy_hash: 'model-made-this-up', compiled_by: 'client' },
    { policy_hash: 'real' },
  );
  t.equal(overridden.policy_hash, 'real', 'a model cannot choose the hash');
  t.equal(overridden.compiled_by, 'client');
});

t.test('every problem is reported with a JSON pointer and a typed error', async (t) => {
  const raw = {
    ...authored(),
    currency: 'inr',
    surprise: true,
    categories: [
      { ...capRule('meal', -1, 'meal'), category: 'food' },
      {
        ...capRule('cab', 100, 'day'),
        cap: { amount_minor: 100, per: 'week', includes_tax: true },
      },
    ],
  };
  const error = (() => {
    try {
      parsePolicyRules(raw, { policy_hash: 'h', compiled_by: 'client' });
    } catch (caught) {
      return caught;
    }
  })();
  t.ok(error instanceof PolicyRulesError);
  t.equal((error as PolicyRulesError).code, 'invalid_policy_rules');
  const problems = (error as PolicyRulesError).problems;
  t.match(problems, [
    { pointer: '', message: 'has unknown properties: surprise' },
    { pointer: '/currency', message: /pattern/ },
    {
      pointer: '/categories/0/category',
      message: 'must be one of meal, travel, cab, accommodation, other',
    },
    { pointer: '/categories/0/cap/amount_minor', message: /0/ },
    { pointer: '/categories/1/cap/per', message: /must be one of item, meal/ },
  ]);
  t.match((error as Error).message, /^The policy rules are invalid: /);
  t.match(
    problemsOf(
      {
        ...authored(),
        categories: [
          {
            ...capRule('travel', 1, 'trip'),
            cap: { amount_minor: 1.5, per: 'trip', includes_tax: true },
          },
        ],
      },
      { policy_hash: 'h', compiled_by: 'client' },
    ),
    [{ pointer: '/categories/0/cap/amount_minor', message: 'must be integer' }],
  );
});

t.test('rules the schema cannot express are checked too', async (t) => {
  const duplicateIds = problemsOf(
    {
      ...authored(),
      categories: [capRule('meal', 1, 'meal'), capRule('travel', 1, 'trip', { id: 'meal.cap' })],
    },
    { policy_hash: 'h', compiled_by: 'client' },
  );
  t.match(duplicateIds, [
    {
      pointer: '/categories/1/id',
      message: 'duplicates the rule id "meal.cap" of /categories/0/id',
    },
  ]);

  const contradiction = problemsOf(
    {
      ...authored(),
      categories: [
        capRule('meal', 1, 'meal'),
        { ...capRule('meal', 1, 'day', { id: 'meal.day' }), eligible: false },
      ],
    },
    { policy_hash: 'h', compiled_by: 'client' },
  );
  t.match(contradiction, [{ pointer: '/categories/1/eligible', message: /contradicts/ }]);

  const emptyTerms = problemsOf(
    { ...authored(), exclusions: [exclusion('terms', [])] },
    { policy_hash: 'h', compiled_by: 'client' },
  );
  t.match(emptyTerms, [{ pointer: '/exclusions/0/terms' }]);

  t.match(problemsOf('not an object'), [{ pointer: '', message: 'must be an object' }]);
  t.match(problemsOf([]), [{ pointer: '', message: 'must be an object' }]);
  t.match(
    problemsOf(authored()),
    [{ pointer: '', message: /policy_hash/ }],
    'without a hash from anywhere the rules are incomplete',
  );
});

t.test(
  'the JSON schema for models has no additionalProperties and no system-filled fields',
  async (t) => {
    const text = JSON.stringify(policyRulesJsonSchema);
    t.notOk(text.includes('additionalProperties'));
    t.same((policyRulesJsonSchema.required as string[]).sort(), [
      'categories',
      'currency',
      'exclusions',
      'name',
      'submission_window',
    ]);
    t.ok(
      Value.Check(policyRulesJsonSchema as never, authored()),
      'authored rules satisfy the model schema',
    );
    t.ok(Value.Check(PolicyRulesSchema, rules()), 'full rules satisfy the full schema');
  },
);

t.test('category rules are found by category', async (t) => {
  const policy = rules({
    categories: [
      capRule('meal', 20000, 'meal'),
      capRule('meal', 50000, 'day', { id: 'meal.day' }),
      capRule('cab', 15000, 'day'),
    ],
  });
  t.equal(findCategoryRule(policy, 'meal')?.id, 'meal.cap');
  t.same(
    findCategoryRules(policy, 'meal').map((rule) => rule.id),
    ['meal.cap', 'meal.day'],
  );
  t.equal(findCategoryRule(policy, 'travel'), null);
  t.same(findCategoryRules(policy, 'travel'), []);
});

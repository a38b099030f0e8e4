import path from 'node:path';
import mammoth from 'mammoth';
import t from 'tap';
import { compilePolicyText } from '../../../src/ai/offline/policy-parser.js';
import { policySentences } from '../../../src/ai/offline/policy-text.js';
import type { PolicyRules } from '../../../src/domain/types.js';
import { requireDataset } from '../../helpers/datasets.js';
import { IAI_DATASET_DIR, loadIaiPolicyPdf } from '../../helpers/iai-dataset.js';

requireDataset('iai-2024');

const capsOf = (rules: PolicyRules) =>
  rules.categories.map((rule) => ({
    id: rule.id,
    category: rule.category,
    eligible: rule.eligible,
    cap: rule.cap,
  }));

t.test('the IAI policy PDF compiles to its rules, each with its sentence and page', async (t) => {
  const policy = await loadIaiPolicyPdf();
  const rules = compilePolicyText(policy.pages, { policy_hash: policy.sha256 });
  t.equal(rules.policy_hash, policy.sha256);
  t.equal(rules.compiled_by, 'offline');
  t.equal(rules.name, 'IAI Solution Employee Reimbursement Policy v1.0');
  t.equal(rules.currency, 'INR');
  t.same(capsOf(rules), [
    {
      id: 'meal.cap',
      category: 'meal',
      eligible: true,
      cap: { amount_minor: 20000, per: 'meal', includes_tax: true },
    },
    {
      id: 'travel.cap',
      category: 'travel',
      eligible: true,
      cap: { amount_minor: 200000, per: 'trip', includes_tax: true },
    },
    {
      id: 'cab.cap',
      category: 'cab',
      eligible: true,
      cap: { amount_minor: 15000, per: 'day', includes_tax: true },
    },
    {
      id: 'accommodation.cap',
      category: 'accommodation',
      eligible: true,
      cap: { amount_minor: 5000, per: 'night', includes_tax: false },
    },
  ]);
  t.same(
    rules.categories.map((rule) => [rule.label, rule.source.page]),
    [
      ['Food and Beverages', 1],
      ['Travel Expenses', 2],
      ['Daily office cabs', 2],
      ['Accommodation', 2],
    ],
  );
  t.equal(rules.categories[2]?.source.quote, 'The allowance for daily office cabs is ₹150.');
  t.same(
    rules.exclusions.map((rule) => [rule.id, rule.kind, rule.categories, rule.source.page]),
    [['exclusion.alcohol', 'alcohol', null, 1]],
  );
  t.equal(
    rules.exclusions[0]?.source.quote,
    'Restrictions: Alcoholic beverages are not reimbursable.',
  );
  t.same(
    rules.submission_window && {
      days: rules.submission_window.days,
      page: rules.submission_window.source.page,
    },
    { days: 30, page: 1 },
  );
  t.match(
    rules.submission_window?.source.quote,
    /submitted within 30 days of the expense incurred\.$/,
  );
});

t.test('the DOCX of the same policy compiles to the same rules', async (t) => {
  const { value } = await mammoth.extractRawText({
    path: path.join(IAI_DATASET_DIR, 'policy.docx'),
  });
  const fromDocx = compilePolicyText([value], { policy_hash: 'docx' });
  const policy = await loadIaiPolicyPdf();
  const fromPdf = compilePolicyText(policy.pages, { policy_hash: 'docx' });
  t.same(capsOf(fromDocx), capsOf(fromPdf));
  t.same(
    fromDocx.exclusions.map((rule) => rule.kind),
    ['alcohol'],
  );
  t.equal(fromDocx.submission_window?.days, 30);
  t.match(
    fromDocx.submission_window?.source.quote,
    'submitted within 30 days of the expense incurred.',
    'a sentence split across paragraphs is rejoined',
  );
});

t.test('other currencies and phrasings', async (t) => {
  const text = [
    'Acme Corp Expense Policy',
    '1. Meals',
    'Meals are reimbursed up to Rs. 500 per day.',
    '2. Hotels',
    'Hotel stays: $50 per night, exclusive of taxes.',
    '3. Taxis',
    'Taxi rides are not eligible.',
    '4. Travel',
    'Personal travel is not reimbursable.',
    'Train and flight tickets up to USD 1,000 per month.',
    '5. Exclusions',
    'Tobacco products are not reimbursable.',
    'Personal entertainment, movies and spa services are not reimbursable.',
    'Claims older than sixty days will not be accepted.',
  ].join('\n');
  const rules = compilePolicyText([text], { policy_hash: 'acme' });
  t.equal(rules.currency, 'USD', 'most amounts are in dollars');
  t.same(
    capsOf(rules),
    [
      {
        id: 'accommodation.cap',
        category: 'accommodation',
        eligible: true,
        cap: { amount_minor: 5000, per: 'night', includes_tax: false },
      },
      { id: 'cab.ineligible', category: 'cab', eligible: false, cap: null },
      {
        id: 'travel.cap',
        category: 'travel',
        eligible: true,
        cap: { amount_minor: 100000, per: 'month', includes_tax: true },
      },
      { id: 'meal.eligible', category: 'meal', eligible: true, cap: null },
    ],
    'the rupee amount is not read as a dollar cap; "personal travel" does not make travel ineligible',
  );
  t.same(
    rules.exclusions.map((rule) => [rule.kind, rule.terms]),
    [
      ['tobacco', []],
      ['terms', ['personal entertainment', 'movies', 'spa services']],
    ],
  );
  t.equal(rules.submission_window?.days, 60);
});

t.test('a policy in rupees with words the IAI policy does not use', async (t) => {
  const rules = compilePolicyText(
    [
      'Reimbursement Policy\nFood: INR 300 a meal including GST.\nLocal conveyance (cab, auto): 250 rupees daily.\nReceipts must be submitted within 15 days of the expense.\nWine, beer and other liquor will not be reimbursed.',
    ],
    { policy_hash: 'h' },
  );
  t.same(capsOf(rules), [
    {
      id: 'meal.cap',
      category: 'meal',
      eligible: true,
      cap: { amount_minor: 30000, per: 'meal', includes_tax: true },
    },
    {
      id: 'cab.cap',
      category: 'cab',
      eligible: true,
      cap: { amount_minor: 25000, per: 'day', includes_tax: true },
    },
  ]);
  t.equal(rules.submission_window?.days, 15);
  t.same(
    rules.exclusions.map((rule) => rule.kind),
    ['alcohol'],
  );
});

t.test('several limits for one category get distinct rule ids', async (t) => {
  const rules = compilePolicyText(
    [
      'Meals\nMeals up to ₹200 per meal. Client dinners up to ₹800 per meal. No more than ₹1,000 per day on meals.\nTaxis are not eligible. Taxi rides are not reimbursable.',
    ],
    { policy_hash: 'h' },
  );
  t.same(
    rules.categories.map((rule) => [
      rule.id,
      rule.cap?.amount_minor ?? null,
      rule.cap?.per ?? null,
    ]),
    [
      ['meal.cap', 20000, 'meal'],
      ['meal.cap_meal', 80000, 'meal'],
      ['meal.cap_day', 100000, 'day'],
      ['cab.ineligible', null, null],
      ['cab.ineligible_2', null, null],
    ],
  );
});

t.test(
  'a review deadline is not a submission window, a conditional refusal is not ineligibility',
  async (t) => {
    const rules = compilePolicyText(
      [
        'Travel\nTravel up to ₹1,000 per trip.\nHR will review submissions within 10 business days.\nTravel expenses incurred for personal reasons will not be reimbursed.',
      ],
      { policy_hash: 'h' },
    );
    t.equal(rules.submission_window, null);
    t.same(capsOf(rules), [
      {
        id: 'travel.cap',
        category: 'travel',
        eligible: true,
        cap: { amount_minor: 100000, per: 'trip', includes_tax: true },
      },
    ]);
    t.same(rules.exclusions, []);
  },
);

t.test('policy text is cut into sentences that keep their page and section', async (t) => {
  const sentences = policySentences([
    '5.1 Food and Beverages\n● Limits: up to Rs. 200 per\nmeal. Alcohol is not allowed.',
    '● Eligibility: always.',
  ]);
  t.same(
    sentences.map((s) => [s.text, s.page, s.section?.category ?? null, s.title]),
    [
      ['Food and Beverages', 1, 'meal', true],
      ['Limits: up to Rs. 200 per meal.', 1, 'meal', false],
      ['Alcohol is not allowed.', 1, 'meal', false],
      ['Eligibility: always.', 2, 'meal', false],
    ],
  );
});

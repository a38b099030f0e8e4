/**
 * Examples of the policy resources for the OpenAPI document: one small policy in pounds, read
 * from a PDF, with one sentence the compiler could not turn into a rule. A test checks every
 * example against the schema it illustrates.
 */
const HASH = '5f1c0a7e9b3d4c2a8e6f0b1d3c5a7e9f2b4d6c8a0e1f3b5d7c9a2e4f6b8d0c1a';
const PREVIOUS_HASH = '0b9d7c5a3e1f2d4b6a8c0e9f7d5b3a1c2e4f6a8b0d9c7e5a3f1b2d4c6e8a0f9b';
const POLICY_ID = '6f0e2c1a-4b7d-4e3a-9c58-2d1f0a9b7e64';
const FINANCE = { sub: 'auth0|finance-7', name: 'Farah Okafor' };

export const POLICY_RULES_V2_EXAMPLE = {
  schema_version: 2,
  policy_hash: HASH,
  name: 'Travel and Expenses Policy 2026',
  currency: 'GBP',
  home_country: 'GB',
  rounding: 'half_up',
  categories: [
    {
      id: 'meal.eligible',
      category: 'meal',
      label: 'Subsistence',
      eligible: true,
      source: { quote: 'Meals while travelling on business are reimbursed.', page: 1 },
    },
    {
      id: 'travel.rail.eligible',
      category: 'travel.rail',
      label: 'Rail travel',
      eligible: true,
      source: { quote: 'Rail tickets are reimbursed in standard class.', page: 2 },
    },
  ],
  caps: [
    {
      id: 'meal.dinner.cap',
      categories: ['meal.dinner'],
      amount_minor: 3500,
      locations: [{ city: 'London', country: 'GB', amount_minor: 4500 }],
      basis: 'gross',
      period: 'person',
      when: null,
      source: {
        quote: 'Dinner is reimbursed up to £35 per person (£45 in London).',
        page: 1,
      },
    },
  ],
  exclusions: [
    {
      id: 'alcohol.excluded',
      categories: null,
      line_kinds: ['alcohol'],
      terms: [],
      source: { quote: 'Alcohol is never reimbursed.', page: 1 },
    },
  ],
  line_categories: [],
  on_top: [],
  shares: [],
  relative_limits: [
    {
      id: 'meal.tip.limit',
      categories: ['meal'],
      line_kinds: ['tip', 'service_charge'],
      percent_bp: 1250,
      of_line_kinds: ['food', 'beverage'],
      of_basis: 'net',
      source: { quote: 'Service up to 12.5% of the food bill.', page: 1 },
    },
  ],
  declines: [
    {
      id: 'rail.first.declined',
      categories: ['travel.rail'],
      when: { travel_class: ['rail_first'] },
      source: { quote: 'First-class rail is not reimbursed.', page: 2 },
    },
  ],
  evidence: [],
  meal_hours: null,
  foreign_currency: null,
  submission_window: {
    id: 'submission.window',
    days: 60,
    source: { quote: 'Claims must be submitted within 60 days.', page: 2 },
  },
  compiled_by: 'offline',
  migrated_from: 1,
};

export const NOT_UNDERSTOOD_EXAMPLE = {
  sentence: 'Reasonable costs of client hospitality may be claimed with approval.',
  page: 2,
  reason: 'No amount, limit or category the rules can state.',
};

export const POLICY_VERSION_EXAMPLE = {
  policy_id: POLICY_ID,
  number: 2,
  state: 'draft',
  content_hash: HASH,
  revision: 1,
  etag: `"v2.r1.${HASH.slice(0, 16)}"`,
  source: {
    kind: 'document',
    file_name: 'expenses-policy-2026.pdf',
    media_type: 'application/pdf',
    sha256: 'c4a1e8f20b7d9e3a5c6f1b0d2e4a7c9f8b3d5e1a0c2f4b6d8e9a7c5b3f1d0e2a',
  },
  rules: POLICY_RULES_V2_EXAMPLE,
  not_understood: [NOT_UNDERSTOOD_EXAMPLE],
  created_by: FINANCE,
  created_at: '2026-03-02T09:15:00.000Z',
  updated_by: FINANCE,
  updated_at: '2026-03-02T09:15:00.000Z',
  activated_at: null,
  retired_at: null,
};

export const ACTIVE_VERSION_EXAMPLE = {
  ...POLICY_VERSION_EXAMPLE,
  number: 1,
  state: 'active',
  content_hash: PREVIOUS_HASH,
  revision: 2,
  etag: `"v1.r2.${PREVIOUS_HASH.slice(0, 16)}"`,
  rules: { ...POLICY_RULES_V2_EXAMPLE, policy_hash: PREVIOUS_HASH },
  not_understood: [],
  created_at: '2026-01-05T10:00:00.000Z',
  updated_at: '2026-01-05T10:30:00.000Z',
  activated_at: '2026-01-05T10:30:00.000Z',
};

export const POLICY_EXAMPLE = {
  id: POLICY_ID,
  name: 'Travel and Expenses Policy 2026',
  created_by: FINANCE,
  created_at: '2026-01-05T10:00:00.000Z',
  updated_at: '2026-03-02T09:15:00.000Z',
  active_version: 1,
  latest_version: 2,
};

export const POLICY_DETAIL_EXAMPLE = {
  ...POLICY_EXAMPLE,
  versions: [ACTIVE_VERSION_EXAMPLE, POLICY_VERSION_EXAMPLE],
};

export const POLICY_PAGE_EXAMPLE = { items: [POLICY_EXAMPLE], next_cursor: null };

export const ACTIVE_POLICY_EXAMPLE = { policy: POLICY_EXAMPLE, version: ACTIVE_VERSION_EXAMPLE };

export const POLICY_VERSION_REF_EXAMPLE = {
  policy_id: POLICY_ID,
  version: 1,
  content_hash: PREVIOUS_HASH,
};

export const POLICY_ACTIVATION_EXAMPLE = {
  version: {
    ...POLICY_VERSION_EXAMPLE,
    state: 'active',
    revision: 2,
    etag: `"v2.r2.${HASH.slice(0, 16)}"`,
    updated_at: '2026-03-03T08:00:00.000Z',
    activated_at: '2026-03-03T08:00:00.000Z',
  },
  retired: POLICY_VERSION_REF_EXAMPLE,
};

export const SAMPLE_CLAIM_EXAMPLE = {
  employee_name: 'Priya Nair',
  claim_date: '2026-03-10',
  invoices: [
    {
      name: 'dinner-london.pdf',
      facts: {
        vendor: 'The Riverside Kitchen',
        date: '2026-03-04',
        currency: 'GBP',
        category: 'meal',
        meal_type: 'dinner',
        city: 'London',
        country: 'GB',
        persons: 1,
        total_minor: 5200,
        lines: [
          { description: 'Set menu', kind: 'food', gross_minor: 4400 },
          { description: 'Glass of wine', kind: 'alcohol', gross_minor: 800 },
        ],
      },
    },
  ],
};

const PREVIEW_REF = { policy_id: POLICY_ID, version: 2, content_hash: HASH };
const gbp = (amount_minor: number) => ({ amount_minor, currency: 'GBP' });
const PREVIEW_REASON =
  '£44.00 of £52.00 reimbursed (Subsistence): "Glass of wine" (£8.00) removed.';

export const POLICY_PREVIEW_EXAMPLE = {
  ...PREVIEW_REF,
  state: 'draft',
  employee_name: 'Priya Nair',
  claim_date: '2026-03-10',
  results: [
    {
      name: 'dinner-london.pdf',
      outcome: 'analysed',
      sha256: null,
      invoice_id: null,
      status: 'partially_reimbursed',
      category: 'meal',
      claimed: gbp(5200),
      reimbursable: gbp(4400),
      reason: PREVIEW_REASON,
      flags: ['alcohol'],
      reused: false,
      fields: null,
      decision: {
        status: 'partially_reimbursed',
        claimed: gbp(5200),
        eligible: gbp(4400),
        reimbursable: gbp(4400),
        reason: PREVIEW_REASON,
        rules_applied: [
          {
            rule_id: 'alcohol.excluded',
            quote: 'Alcohol is never reimbursed.',
            page: 1,
            effect: 'Removed "Glass of wine": £8.00.',
          },
          {
            rule_id: 'meal.dinner.cap',
            quote: 'Dinner is reimbursed up to £35 per person (£45 in London).',
            page: 1,
            effect: '£44.00 including tax is within the cap £45.00 a person (London) × 1 person.',
          },
        ],
        flags: ['alcohol'],
        category: 'meal.dinner',
      },
      error: null,
      policy_version: PREVIEW_REF,
    },
  ],
  summary: {
    currency: 'GBP',
    documents: 1,
    analysed: 1,
    failed: 0,
    claimed_minor: 5200,
    reimbursable_minor: 4400,
    by_status_and_category: [
      {
        status: 'partially_reimbursed',
        category: 'meal',
        count: 1,
        claimed_minor: 5200,
        reimbursable_minor: 4400,
      },
    ],
  },
};

/**
 * Whole policies through the offline compiler v2 (policies.ts): the rules each company's text
 * states, one rule set per policy that passes the rules v2 gate, the sentences a person would
 * call ambiguous reported with their page and nothing else, worked examples never read as rules,
 * page furniture never read at all.
 */
import t from 'tap';
import { compilePolicyV2 } from '../../../../src/ai/offline/policy/compile.js';
import type { PolicyRulesV2 } from '../../../../src/domain/rules/types.js';
import { parseRulesV2 } from '../../../../src/schemas/rules-v2-parse.js';
import { cap, city, evidence, exclude } from './corpus-types.js';
import {
  ALPENRAND,
  BRIGHTWATER,
  CEDAR_POINT,
  GULF_HORIZON,
  HARBOURSIDE,
  HOSHIZORA,
  SUNDARAM,
} from './policies.js';

const strip = <T extends { id: string; source: unknown }>(rules: readonly T[]) =>
  rules.map(({ id: _id, source: _source, ...rest }) => rest);
const compile = (pages: string[]) => compilePolicyV2(pages, { policy_hash: 'policy-test' });
const eligible = (rules: PolicyRulesV2) =>
  Object.fromEntries(rules.categories.map((rule) => [rule.category, rule.eligible]));

t.test('a three-page policy with a limits table, lists, an example and page footers', async (t) => {
  const { rules, not_understood: notUnderstood, sentences } = compile(HARBOURSIDE);
  t.doesNotThrow(() => parseRulesV2(rules));
  t.equal(rules.name, 'HARBOURSIDE DESIGN PARTNERS LLP Travel & Expenses Policy v4.1');
  t.match(rules, { currency: 'GBP', home_country: 'GB', compiled_by: 'offline' });
  t.same(strip(rules.caps), [
    cap('lodging', 12000, 'night', {
      locations: [city('London', 'GB', 17500)],
      basis: 'net_plus_eligible_tax',
    }),
    cap('taxi', 4500, 'trip'),
    cap('telecom.mobile', 2500, 'billing_month'),
    cap('meal.breakfast', 1200, 'meal'),
    cap('meal.lunch', 1800, 'meal'),
    cap('meal.dinner', 4000, 'meal'),
    cap('entertainment', 6000, 'person'),
  ]);
  t.same(strip(rules.exclusions), [
    exclude(null, ['alcohol', 'fine'], ['toiletries', 'clothing', 'gym memberships', 'gym']),
    exclude(['lodging'], ['minibar', 'spa', 'laundry']),
  ]);
  t.same(strip(rules.evidence), [
    evidence('itemised_receipt', { above_minor: 3000 }),
    evidence('attendee_names', { categories: ['entertainment'] }),
  ]);
  t.same(strip(rules.on_top), [{ categories: ['lodging'], line_kinds: ['tourist_tax'] }]);
  t.same(strip(rules.shares), [{ categories: ['telecom.mobile'], percent_bp: 5000, when: null }]);
  t.same(strip(rules.declines), [
    { categories: ['travel.rail'], when: { travel_class: ['rail_first'] } },
  ]);
  t.same(rules.meal_hours?.windows, [
    { meal: 'breakfast', from: '04:00', to: '10:30' },
    { meal: 'lunch', from: '10:30', to: '15:00' },
    { meal: 'dinner', from: '18:00', to: '04:00' },
  ]);
  t.equal(rules.submission_window?.days, 60);
  t.equal(rules.foreign_currency?.accept, 'printed_rate');
  t.match(eligible(rules), { personal: false, meal: true, 'travel.rail': true });
  t.same(
    notUnderstood.map((item) => [item.page, item.sentence]),
    [
      [2, 'Flights of more than six hours may be booked in premium economy.'],
      [2, 'A fine of £80 applies to claims found to be false.'],
    ],
  );
  const example = sentences.find((sentence) => sentence.sentence.startsWith('A dinner of £70'));
  t.match(example, { reading: 'example', page: 2, rule_ids: [] });
  t.notOk(
    sentences.some((sentence) => /Page \d of 3/.test(sentence.sentence)),
    'page footers are not sentences',
  );
  const hotel = rules.caps[0];
  t.equal(hotel?.source.page, 2, 'rules cite their page');
  t.match(hotel?.source.quote, /^Hotel rooms are reimbursed up to £175 per night in London/);
});

t.test('Markdown with a pipe table by city, in CHF', async (t) => {
  const { rules, not_understood: notUnderstood } = compile(ALPENRAND);
  t.doesNotThrow(() => parseRulesV2(rules));
  t.match(rules, { currency: 'CHF', home_country: 'CH' });
  t.same(strip(rules.caps), [
    cap('meal.lunch', 3500, 'person'),
    cap('meal.dinner', 6000, 'person'),
    cap('entertainment', 9000, 'person', { when: { persons_min: 3 } }),
    cap('lodging', 18000, 'night', {
      locations: [city('Zurich', 'CH', 24000), city('Geneva', 'CH', 26000)],
    }),
    cap('taxi', 5000, 'trip'),
  ]);
  t.same(strip(rules.evidence), [
    evidence('attendee_names', { categories: ['entertainment'], when: { persons_min: 3 } }),
  ]);
  t.same(strip(rules.line_categories), [
    { categories: ['lodging'], line_kinds: ['breakfast'], treat_as: 'meal.breakfast' },
  ]);
  t.same(strip(rules.declines), [
    { categories: ['travel.airfare'], when: { travel_class: ['business'] } },
  ]);
  t.equal(rules.foreign_currency?.accept, 'review', 'an official rate is never invented');
  t.match(notUnderstood, [{ sentence: /^Receipts in euros or other currencies/, page: 1 }]);
  t.equal(notUnderstood.length, 1);
});

t.test('Indian digit grouping, rupee signs, and limits it cannot state', async (t) => {
  const { rules, not_understood: notUnderstood } = compile(SUNDARAM);
  t.doesNotThrow(() => parseRulesV2(rules));
  t.equal(
    rules.name,
    'Sundaram Analytics Pvt Ltd Employee Expense Reimbursement Guidelines, Rev. 2',
  );
  t.same(strip(rules.caps), [
    cap(['local_conveyance', 'taxi'], 80000, 'day'),
    cap('meal.lunch', 35000, 'meal'),
    cap('training', 10000000, 'year'),
  ]);
  t.same(strip(rules.exclusions), [exclude(null, ['alcohol', 'tobacco'], ['liquor'])]);
  t.equal(rules.submission_window?.days, 45);
  t.same(
    notUnderstood.map((item) => item.sentence.slice(0, 30)),
    ['Fuel for own vehicles is paid ', 'Hotel accommodation: maximum ₹'],
  );
  t.notOk(
    rules.caps.some((rule) => rule.categories.includes('lodging')),
    'no hotel limit is guessed for cities the policy does not name',
  );
});

t.test(
  'a DOCX table flattened to one paragraph per cell, with an empty cell, in KWD',
  async (t) => {
    const { rules, not_understood: notUnderstood } = compile(GULF_HORIZON);
    t.doesNotThrow(() => parseRulesV2(rules));
    t.match(rules, { currency: 'KWD', home_country: 'KW' });
    t.same(strip(rules.caps), [
      cap('lodging', 45000, 'night', { basis: 'net_plus_eligible_tax' }),
      cap('meal', 12500, 'day'),
      cap('taxi', 6000, 'trip'),
    ]);
    t.same(strip(rules.evidence), [evidence('receipt', { categories: ['taxi'] })]);
    t.equal(rules.submission_window?.days, 30);
    t.same(notUnderstood, []);
  },
);

t.test('numbered articles in JPY: rounding down, taxes on top, two-or-more persons', async (t) => {
  const { rules, not_understood: notUnderstood } = compile(HOSHIZORA);
  t.doesNotThrow(() => parseRulesV2(rules));
  t.match(rules, { currency: 'JPY', home_country: 'JP', rounding: 'down' });
  t.same(strip(rules.caps), [
    cap('meal', 4500, 'day', { when: { persons_max: 1 } }),
    cap('entertainment', 7000, 'person'),
    cap('lodging', 13000, 'night', { basis: 'net_plus_all_tax' }),
    cap('telecom.mobile', 3000, 'billing_month'),
    cap('meal', 7000, 'person', { when: { persons_min: 2 } }),
  ]);
  t.same(strip(rules.evidence), [
    evidence('attendee_names', { categories: ['entertainment'], action: 'decline' }),
    evidence('attendee_names', {
      categories: ['meal'],
      when: { persons_min: 2 },
      action: 'decline',
    }),
  ]);
  t.same(strip(rules.on_top), [{ categories: ['lodging'], line_kinds: ['tourist_tax'] }]);
  t.same(strip(rules.shares), [{ categories: ['telecom.mobile'], percent_bp: 4000, when: null }]);
  t.same(notUnderstood, []);
  t.equal(rules.caps.find((rule) => rule.categories[0] === 'telecom.mobile')?.source.page, 2);
});

t.test(
  'a limits table by city that lost its columns and header, unknown cities included',
  async (t) => {
    const { rules, not_understood: notUnderstood, sentences } = compile(BRIGHTWATER);
    t.doesNotThrow(() => parseRulesV2(rules));
    t.match(rules, {
      name: 'BRIGHTWATER LOGISTICS B.V. Expense Reimbursement Policy v5',
      currency: 'EUR',
      home_country: 'NL',
    });
    t.same(strip(rules.caps), [
      cap('meal', 2200, 'person'),
      cap('meal', 5000, 'day', { when: { persons_max: 1 } }),
      cap('taxi', 3500, 'trip'),
      cap('telecom.mobile', 3000, 'billing_month'),
      cap('lodging', 11500, 'night', {
        locations: [city('Amsterdam', 'NL', 16500), city('Rotterdam', null, 13500)],
      }),
    ]);
    t.same(strip(rules.exclusions), [
      exclude(
        null,
        ['alcohol', 'tobacco', 'fine'],
        ['beer', 'wine', 'e-cigarettes', 'personal shopping', 'clothing', 'toiletries'],
      ),
      exclude(['lodging'], ['minibar', 'laundry'], ['room service']),
    ]);
    t.same(strip(rules.declines), [
      { categories: ['travel.rail'], when: { travel_class: ['rail_first'] } },
      { categories: ['travel.airfare'], when: { travel_class: ['business'] } },
    ]);
    t.same(strip(rules.evidence), [evidence('itemised_receipt')]);
    t.same(strip(rules.shares), [{ categories: ['telecom.mobile'], percent_bp: 7500, when: null }]);
    t.equal(rules.submission_window?.days, 60);
    t.same(
      notUnderstood.map((item) => [item.page, item.sentence]),
      [[2, 'Own car: €0.23 per kilometre.']],
    );
    t.match(
      sentences.find((sentence) => sentence.sentence.startsWith('Example 3')),
      { reading: 'example' },
    );
    t.notOk(sentences.some((sentence) => /page 2 of 2/.test(sentence.sentence)));
  },
);

t.test(
  'American sections: slashes, stipends, cities named in parentheses, only-for rules',
  async (t) => {
    const { rules, not_understood: notUnderstood } = compile(CEDAR_POINT);
    t.doesNotThrow(() => parseRulesV2(rules));
    t.match(rules, {
      name: 'Cedar Point Software, Inc. Employee Travel & Expense Policy',
      currency: 'USD',
      home_country: 'US',
    });
    t.same(strip(rules.caps), [
      cap('taxi', 6000, 'trip'),
      cap('lodging', 17500, 'night', {
        locations: [city('New York', 'US', 25000), city('San Francisco', 'US', 25000)],
        basis: 'net_plus_all_tax',
      }),
      cap('meal', 7500, 'day'),
      cap('telecom.mobile', 5000, 'billing_month'),
    ]);
    t.same(strip(rules.on_top), [{ categories: ['lodging'], line_kinds: ['room_tax', 'fee'] }]);
    t.same(strip(rules.declines), [
      {
        categories: ['travel.airfare'],
        when: { travel_class: ['premium_economy', 'business', 'first'] },
      },
    ]);
    t.match(strip(rules.exclusions), [
      exclude(['car_rental'], [], ['gps units', 'satellite radio', 'prepaid fuel options']),
      { line_kinds: ['alcohol'], terms: [] },
      exclude(
        null,
        ['fine'],
        ['in-room movies', 'personal toiletries', 'airline club memberships'],
      ),
    ]);
    t.notOk(
      rules.exclusions[1]?.categories?.includes('entertainment'),
      'alcohol is paid with clients',
    );
    t.match(eligible(rules), { 'telecom.internet': false, fuel: undefined });
    t.same(
      notUnderstood.map((item) => item.sentence.slice(0, 30)),
      ['Personal car mileage is paid a', 'Rental cars: compact or mid-si'],
    );
  },
);

t.test('the same policy compiles to the same rules, and an empty policy to none', async (t) => {
  t.same(compile(HOSHIZORA), compile(HOSHIZORA));
  const empty = compile(['']);
  t.same(empty.rules.categories, []);
  t.same(empty.not_understood, []);
  t.equal(empty.rules.currency, 'INR', 'the default currency when nothing names one');
  t.equal(
    compilePolicyV2(['Nothing here.'], { policy_hash: 'x', default_currency: 'EUR' }).rules
      .currency,
    'EUR',
  );
});

t.test('a limit in another currency than the policy’s is reported, not converted', async (t) => {
  const { rules, not_understood: notUnderstood } = compile([
    'All amounts are in euros (EUR).\nHotels are reimbursed up to €120 per night.\nTaxis in London are capped at £40 per ride.',
  ]);
  t.same(strip(rules.caps), [cap('lodging', 12000, 'night')]);
  t.match(notUnderstood, [
    { sentence: 'Taxis in London are capped at £40 per ride.', reason: /GBP amount .* EUR/ },
  ]);
});

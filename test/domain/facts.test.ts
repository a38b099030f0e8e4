import t from 'tap';
import { absent, emptyFacts, factLine, LINE_KINDS } from '../../src/domain/facts.js';
import { factsFromV1, v1CategoryOf } from '../../src/domain/facts-v1.js';
import {
  categoryLineage,
  categoryWithin,
  DEFAULT_CATEGORY_IDS,
  defaultCategoryLabel,
  isCategoryId,
} from '../../src/domain/taxonomy.js';
import { fields } from '../helpers/decision-builders.js';

t.test('the default taxonomy names every category the policies issue asks for', async (t) => {
  for (const id of [
    'meal.breakfast',
    'meal.lunch',
    'meal.dinner',
    'lodging',
    'travel.airfare',
    'travel.rail',
    'taxi',
    'local_conveyance',
    'car_rental',
    'fuel',
    'parking',
    'mileage',
    'telecom.mobile',
    'telecom.internet',
    'office_supplies',
    'training',
    'entertainment',
    'personal',
    'other',
  ]) {
    t.ok(DEFAULT_CATEGORY_IDS.includes(id), id);
    t.ok(isCategoryId(id), `${id} is a well-formed id`);
  }
  t.notOk(isCategoryId('Meal'), 'ids are lower case');
  t.notOk(isCategoryId('meal..dinner'));
});

t.test('a category lies within itself and its parents, never a sibling or a prefix', async (t) => {
  t.same(categoryLineage('telecom.mobile'), ['telecom.mobile', 'telecom']);
  t.ok(categoryWithin('meal.dinner', 'meal'));
  t.ok(categoryWithin('meal', 'meal'));
  t.notOk(categoryWithin('meal', 'meal.dinner'), 'a parent is not within its child');
  t.notOk(categoryWithin('travel.rail', 'travel.airfare'));
  t.notOk(categoryWithin('mealtime', 'meal'), 'a longer word is not a child');
  t.equal(
    defaultCategoryLabel('travel.visa'),
    'Travel',
    'a policy-defined child takes its parent label',
  );
  t.equal(defaultCategoryLabel('gifts'), 'gifts');
});

t.test('empty facts have every fact absent: null, confidence 0, no page', async (t) => {
  const facts = emptyFacts('gemini');
  t.equal(facts.facts_version, 2);
  t.same(facts.total_minor, absent());
  t.same(facts.attendees, { value: null, confidence: 0, page: null });
  t.same(facts.lines, []);
  t.equal(facts.extracted_by, 'gemini');
  t.ok(LINE_KINDS.includes('tourist_tax'));
  t.same(factLine('Room', 'room', { gross_minor: 12000 }).net_minor, null, 'unprinted stays null');
});

t.test('v1 fields migrate to facts v2 without inventing anything', async (t) => {
  const v1 = fields({
    total: 11800,
    tax: 1800,
    subtotal: 10000,
    category: 'accommodation',
    currency: 'INR',
    person: 'Asha Verma',
    number: 'F-17',
    lines: [
      { description: 'Deluxe room 2 nights', amount_minor: 8000, quantity: 2 },
      { description: 'House red wine', amount_minor: 1500 },
      { description: 'Cigarettes', amount_minor: 700 },
      { description: 'Loyalty discount', amount_minor: -200 },
      { description: 'Lime soda', amount_minor: 0 },
      { description: 'Imported lager', amount_minor: 0, alcohol: true },
    ],
  });
  const facts = factsFromV1(v1);
  t.equal(facts.facts_version, 2);
  t.same(facts.total_minor, v1.total_minor);
  t.same(facts.net_minor, v1.subtotal_minor);
  t.same(facts.tax_minor, v1.tax_minor);
  t.equal(facts.category.value, 'lodging');
  t.equal(facts.invoice_number.value, 'F-17');
  t.same(
    facts.lines.map((line) => line.kind),
    ['room', 'alcohol', 'tobacco', 'discount', 'other', 'alcohol'],
  );
  t.same(facts.lines[0], {
    description: 'Deluxe room 2 nights',
    kind: 'room',
    quantity: 2,
    unit_price_minor: null,
    net_minor: 8000,
    tax_minor: null,
    gross_minor: null,
    tax_rate_bp: null,
    date: null,
    confidence: v1.total_minor.confidence,
    page: v1.total_minor.page,
  });
  for (const key of ['nights', 'travel_class', 'persons', 'attendees', 'exchange_rate'] as const) {
    t.same(facts[key], absent(), `${key} stays absent`);
  }
  t.same(facts.vendor, v1.vendor);
  t.not(facts.vendor, v1.vendor, 'the migration copies, it does not share objects');
});

t.test('v1 categories map to v2 and back', async (t) => {
  const cab = factsFromV1(fields({ total: 500, category: 'cab' }));
  t.equal(cab.category.value, 'taxi');
  t.same(factsFromV1(fields({ total: 500, category: null })).category, absent());
  t.equal(v1CategoryOf('taxi'), 'cab');
  t.equal(v1CategoryOf('meal.dinner'), 'meal');
  t.equal(v1CategoryOf('travel.airfare'), 'travel');
  t.equal(v1CategoryOf('lodging'), 'accommodation');
  t.equal(v1CategoryOf('telecom.mobile'), 'other');
  t.equal(v1CategoryOf(null), 'other');
});

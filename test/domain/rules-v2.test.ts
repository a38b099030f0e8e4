import { Ajv } from 'ajv';
import t from 'tap';
import { PolicyRulesError } from '../../src/domain/policy-rules.js';
import { rulesV2FromV1 } from '../../src/domain/rules/migrate-v1.js';
import type { PolicyRulesV2 } from '../../src/domain/rules/types.js';
import { PolicyRulesV2Schema, rulesV2JsonSchema } from '../../src/schemas/rules-v2.js';
import { loadPolicyRules, parseRulesV2 } from '../../src/schemas/rules-v2-parse.js';
import {
  capRule,
  exclusion,
  ineligibleRule,
  rules as rulesV1,
} from '../helpers/decision-builders.js';

const src = (quote: string) => ({ quote, page: 2 });

/** One rule of every kind, as a client would send it (no schema_version, hash or compiled_by). */
function everyKind(): Record<string, unknown> {
  return {
    name: 'Travel and expenses',
    currency: 'EUR',
    home_country: 'FR',
    rounding: 'down',
    categories: [
      { id: 'meals', category: 'meal', label: 'Repas', eligible: true, source: src('Meals.') },
      { id: 'gym', category: 'personal', label: 'Gym', eligible: false, source: src('No gym.') },
    ],
    caps: [
      {
        id: 'hotel.night',
        categories: ['lodging'],
        amount_minor: 11000,
        locations: [{ city: 'Lyon', country: null, amount_minor: 15000 }],
        basis: 'net_plus_eligible_tax',
        period: 'night',
        when: null,
        source: src('Hotels up to 150 a night in Lyon, 110 elsewhere, excluding VAT.'),
      },
      {
        id: 'phone.month',
        categories: ['telecom.mobile', 'telecom.internet'],
        amount_minor: 4000,
        locations: [],
        basis: 'gross',
        period: 'billing_month',
        when: { currency: ['EUR'], persons_max: 3 },
        source: src('Phone and internet share 40 a month.'),
      },
    ],
    exclusions: [
      {
        id: 'no.alcohol',
        categories: null,
        line_kinds: ['alcohol', 'minibar'],
        terms: ['spa'],
        source: src('Alcohol is not reimbursed.'),
      },
    ],
    line_categories: [
      {
        id: 'folio.breakfast',
        categories: ['lodging'],
        line_kinds: ['breakfast'],
        treat_as: 'meal.breakfast',
        source: src('A breakfast on a hotel bill is a breakfast.'),
      },
    ],
    on_top: [
      {
        id: 'tourist.tax',
        categories: ['lodging'],
        line_kinds: ['tourist_tax'],
        source: src('Tourist tax is paid on top.'),
      },
    ],
    shares: [
      {
        id: 'phone.half',
        categories: ['telecom.mobile'],
        percent_bp: 5000,
        when: null,
        source: src('Half of phone bills.'),
      },
    ],
    relative_limits: [
      {
        id: 'tip.limit',
        categories: ['meal'],
        line_kinds: ['tip', 'service_charge'],
        percent_bp: 1250,
        of_line_kinds: ['food', 'beverage'],
        of_basis: 'gross',
        source: src('Service up to 12.5% of the food bill.'),
      },
    ],
    declines: [
      {
        id: 'no.first.rail',
        categories: ['travel.rail'],
        when: { travel_class: ['rail_first'] },
        source: src('First class rail is not reimbursed.'),
      },
    ],
    evidence: [
      {
        id: 'guests.named',
        categories: ['entertainment'],
        requires: 'attendee_names',
        above_minor: null,
        when: { persons_min: 2 },
        action: 'decline',
        source: src('Name every guest.'),
      },
    ],
    meal_hours: {
      windows: [
        { meal: 'breakfast', from: '05:00', to: '11:00' },
        { meal: 'dinner', from: '17:00', to: '02:00' },
      ],
      source: src('Breakfast before 11:00; dinner from 17:00.'),
    },
    foreign_currency: {
      id: 'fx',
      accept: 'printed_rate',
      source: src('Use the rate on the card slip.'),
    },
    submission_window: { id: 'window', days: 90, source: src('Claim within 90 days.') },
  };
}

t.test('a rule set with one rule of every kind is valid and typed', async (t) => {
  const rules = parseRulesV2(everyKind(), { policy_hash: 'abc', compiled_by: 'client' });
  t.equal(rules.schema_version, 2);
  t.equal(rules.policy_hash, 'abc');
  t.equal(rules.migrated_from, null);
  t.equal(rules.caps[0]?.locations[0]?.amount_minor, 15000);
  t.same(
    loadPolicyRules({ ...everyKind(), policy_hash: 'abc', compiled_by: 'gemini' }).name,
    rules.name,
  );
});

t.test('the Gemini schema uses only the keywords Gemini accepts', async (t) => {
  const allowed = new Set([
    'type',
    'enum',
    'properties',
    'required',
    'items',
    'minimum',
    'maximum',
    'anyOf',
    'description',
  ]);
  const seen = new Set<string>();
  const walk = (node: unknown, inProperties: boolean) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, false);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (!inProperties) {
        seen.add(key);
        if (key === 'enum') t.equal((node as { type?: string }).type, 'string', 'enums are typed');
      }
      walk(value, key === 'properties' && !inProperties);
    }
  };
  walk(rulesV2JsonSchema, false);
  t.same(
    [...seen].filter((key) => !allowed.has(key)),
    [],
    'no other keyword',
  );
  t.notOk('schema_version' in (rulesV2JsonSchema.properties as object), 'system fields left out');
  const ajv = new Ajv({ strict: false });
  t.ok(ajv.validate(rulesV2JsonSchema, everyKind()), 'the example validates as plain JSON Schema');
  const strict = new Ajv({ strict: false });
  const full = {
    ...everyKind(),
    schema_version: 2,
    policy_hash: 'h',
    compiled_by: 'client',
    migrated_from: null,
  };
  t.ok(strict.validate(PolicyRulesV2Schema, full), 'the validation schema is standard JSON Schema');
  t.notOk(
    strict.validate(PolicyRulesV2Schema, { ...full, surprise: 1 }),
    'and refuses unknown keys',
  );
});

function problemsOf(raw: unknown): Array<{ pointer: string; message: string }> {
  try {
    parseRulesV2(raw, { policy_hash: 'h', compiled_by: 'client' });
  } catch (error) {
    if (error instanceof PolicyRulesError) return error.problems;
    throw error;
  }
  return [];
}

t.test('schema problems come back as JSON pointers, all at once', async (t) => {
  const raw = everyKind();
  (raw.caps as Array<Record<string, unknown>>)[0] = {
    ...(raw.caps as Array<Record<string, unknown>>)[0],
    period: 'fortnight',
    colour: 'red',
  };
  raw.rounding = 'sideways';
  const problems = problemsOf(raw);
  t.match(problems, [{ pointer: '/rounding', message: /must be one of half_up, down, up/ }]);
  t.ok(
    problems.some((p) => p.pointer === '/caps/0/period'),
    'bad period pointed at',
  );
  t.ok(
    problems.some((p) => p.pointer === '/caps/0' && /unknown properties: colour/.test(p.message)),
    'unknown property named',
  );
  t.same(problemsOf([]), [{ pointer: '', message: 'must be an object' }]);
});

t.test('what the schema cannot say is checked too', async (t) => {
  const raw = everyKind();
  raw.currency = 'euro';
  const list = (key: string) => raw[key] as Array<Record<string, unknown>>;
  list('caps')[1] = { ...list('caps')[1], id: 'hotel.night', amount_minor: null, locations: [] };
  list('declines')[0] = { ...list('declines')[0], when: {} };
  list('categories').push({ ...list('categories')[0], id: 'meals.no', eligible: false });
  list('shares')[0] = { ...list('shares')[0], percent_bp: 12000, categories: ['Telecom'] };
  list('evidence')[0] = { ...list('evidence')[0], when: { persons_min: 4, persons_max: 2 } };
  list('relative_limits')[0] = { ...list('relative_limits')[0], of_line_kinds: [] };
  (raw.meal_hours as { windows: Array<Record<string, string>> }).windows[0] = {
    meal: 'breakfast',
    from: '5am',
    to: '11:00',
  };
  const pointers = problemsOf(raw).map((p) => `${p.pointer} ${p.message}`);
  t.match(pointers.join('\n'), /\/currency must be an ISO 4217 code/);
  t.match(
    pointers.join('\n'),
    /\/caps\/1\/id duplicates the rule id "hotel.night" of \/caps\/0\/id/,
  );
  t.match(pointers.join('\n'), /\/caps\/1\/amount_minor may be null only when locations/);
  t.match(pointers.join('\n'), /\/declines\/0\/when must state at least one condition/);
  t.match(pointers.join('\n'), /\/categories\/2\/eligible contradicts another rule/);
  t.match(pointers.join('\n'), /\/shares\/0\/percent_bp a share cannot exceed 100%/);
  t.match(pointers.join('\n'), /\/shares\/0\/categories\/0 "Telecom" is not a category id/);
  t.match(pointers.join('\n'), /\/evidence\/0\/when\/persons_min must not be above persons_max/);
  t.match(pointers.join('\n'), /\/relative_limits\/0\/of_line_kinds must list/);
  t.match(pointers.join('\n'), /\/meal_hours\/windows\/0\/from must be a 24-hour time/);
});

t.test('stored v1 rules load as v2, keeping ids, quotes, caps and exclusions', async (t) => {
  const v1 = rulesV1({
    categories: [
      capRule('meal', 20000, 'meal'),
      capRule('meal', 50000, 'day', { id: 'meal.daily', includes_tax: false }),
      capRule('travel', 300000, 'claim'),
      capRule('other', 10000, 'month'),
      ineligibleRule('accommodation'),
    ],
    exclusions: [exclusion('alcohol'), { ...exclusion('terms', ['spa']), id: 'ex.spa' }],
  });
  const loaded = loadPolicyRules(v1);
  t.same(loaded, rulesV2FromV1(v1));
  t.equal(loaded.schema_version, 2);
  t.equal(loaded.migrated_from, 1);
  t.equal(loaded.policy_hash, v1.policy_hash);
  t.same(
    loaded.caps.map((c) => [c.id, c.categories, c.amount_minor, c.period, c.basis]),
    [
      ['meal.cap', ['meal'], 20000, 'meal', 'gross'],
      ['meal.daily', ['meal'], 50000, 'day', 'net_plus_eligible_tax'],
      ['travel.cap', ['travel'], 300000, 'invoice', 'gross'],
      ['other.cap', ['other'], 10000, 'billing_month', 'gross'],
    ],
  );
  t.same(
    loaded.categories.map((c) => [c.id, c.category, c.eligible]),
    [
      ['meal.cap.eligible', 'meal', true],
      ['travel.cap.eligible', 'travel', true],
      ['other.cap.eligible', 'other', true],
      ['accommodation.ineligible', 'lodging', false],
    ],
  );
  t.same(
    loaded.exclusions.map((e) => [e.id, e.line_kinds, e.terms]),
    [
      ['exclusion.alcohol', ['alcohol'], []],
      ['ex.spa', [], ['spa']],
    ],
  );
  t.equal(loaded.caps[0]?.source.quote, v1.categories[0]?.source.quote, 'quotes kept verbatim');
  t.same(parseRulesV2(loaded), loaded, 'a migrated rule set is itself valid v2');
});

t.test('a v1 rule set with a problem is refused as v1, not migrated', async (t) => {
  const broken = { ...rulesV1(), currency: 'rupees' } as unknown as PolicyRulesV2;
  t.throws(() => loadPolicyRules(broken), PolicyRulesError);
});

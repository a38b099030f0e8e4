import t from 'tap';
import { decideV2 } from '../../src/domain/decide-v2.js';
import {
  type ConditionSubject,
  conditionsHold,
  isAbroad,
  locationAmount,
  nightsOf,
  readMealType,
} from '../../src/domain/engine/conditions.js';
import {
  cap,
  claimV2,
  eligible,
  facts,
  invoice,
  rulesV2,
  source,
} from '../helpers/rules-v2-builders.js';

const subject = (spec: Parameters<typeof facts>[0], currency = 'JPY'): ConditionSubject => ({
  facts: facts(spec),
  meal_type: null,
  total_minor: 1000,
  document_currency: currency,
  policy_currency: 'JPY',
  home_country: 'JP',
});

t.test('abroad: by the printed country, else by a foreign currency', async (t) => {
  t.equal(isAbroad(subject({ country: 'US' })), true);
  t.equal(isAbroad(subject({ country: 'jp' })), false);
  t.equal(isAbroad(subject({}, 'USD')), true, 'no country, foreign currency');
  t.equal(isAbroad(subject({})), false, 'no country, home currency');
  t.equal(isAbroad({ ...subject({ country: 'FR' }), home_country: null }), null, 'nothing tells');
});

t.test(
  'a limits table: city rows, country rows, the home row by inference, elsewhere',
  async (t) => {
    const rows = [
      { city: 'Osaka', country: null, amount_minor: 16000 },
      { city: null, country: 'JP', amount_minor: 14000 },
    ];
    t.same(locationAmount(30000, rows, subject({ city: 'osaka' })), {
      amount_minor: 16000,
      where: 'Osaka',
    });
    t.same(locationAmount(30000, rows, subject({ city: 'Sapporo', country: 'JP' })), {
      amount_minor: 14000,
      where: 'JP',
    });
    t.same(
      locationAmount(30000, rows, subject({})),
      { amount_minor: 14000, where: 'JP' },
      'home currency, no place: home',
    );
    t.same(locationAmount(30000, rows, subject({ city: 'Seattle' }, 'USD')), {
      amount_minor: 30000,
      where: 'elsewhere',
    });
    t.same(locationAmount(30000, rows, subject({}, 'USD')), {
      amount_minor: 30000,
      where: 'place not read',
    });
    t.same(locationAmount(30000, [], subject({})), { amount_minor: 30000, where: null });
  },
);

t.test(
  'conditions: every one must hold; unread facts do not hold; the facts used are named',
  async (t) => {
    const s = subject(
      { travel_class: 'business', country: 'US', persons: 3, attendees: ['A. B.'] },
      'USD',
    );
    t.same(conditionsHold(null, s), { holds: true, used: [] });
    t.same(conditionsHold({}, s), { holds: true, used: [] });
    t.same(conditionsHold({ travel_class: ['business'], abroad: true }, s), {
      holds: true,
      used: ['travel_class', 'country'],
    });
    t.equal(conditionsHold({ travel_class: ['business'], currency: ['JPY'] }, s).holds, false);
    t.equal(
      conditionsHold({ persons_min: 2, persons_max: 3, attendees_listed: true }, s).holds,
      true,
    );
    t.equal(
      conditionsHold({ persons_min: 2 }, subject({})).holds,
      false,
      'no covers printed: one person',
    );
    t.equal(conditionsHold({ attendees_listed: false }, subject({ attendees: [' '] })).holds, true);
    t.equal(conditionsHold({ city: ['São Paulo'] }, subject({ city: 'SAO PAULO' })).holds, true);
    t.equal(conditionsHold({ travel_class: ['economy'] }, subject({})).holds, false);
    t.equal(conditionsHold({ total_above_minor: 999 }, s).holds, true);
    t.equal(conditionsHold({ total_above_minor: 1000 }, s).holds, false, 'strictly above');
    t.equal(conditionsHold({ total_above_minor: 0 }, { ...s, total_minor: null }).holds, false);
  },
);

t.test('meal windows may wrap past midnight', async (t) => {
  const hours = {
    windows: [
      { meal: 'lunch' as const, from: '11:30', to: '15:00' },
      { meal: 'dinner' as const, from: '18:00', to: '02:00' },
    ],
    source: source('Lunch 11:30–15:00, dinner 18:00–02:00.'),
  };
  t.equal(readMealType(facts({ printed_time: '01:15' }), hours).meal, 'dinner');
  t.equal(
    readMealType(facts({ printed_time: '16:00' }), hours).meal,
    null,
    'between windows: none',
  );
  t.equal(
    readMealType(facts({ printed_time: '16:00', meal_type: 'lunch' }), hours).meal,
    'lunch',
    'the wording when no window',
  );
  t.match(
    readMealType(facts({ printed_time: '12:00' }), hours).how,
    /printed time 12:00: lunch from 11:30 to 15:00/,
  );
});

t.test('nights: printed, else room lines, else the stay dates, else one', async (t) => {
  t.same(nightsOf(facts({ nights: 3 })), { nights: 3, how: 'printed' });
  t.equal(nightsOf(facts({ check_in: '2026-03-10', check_out: '2026-03-13' })).nights, 3);
  t.equal(nightsOf(facts({})).nights, 1);
});

t.test('a whole-invoice decline by amount and place, overseas limits by country', async (t) => {
  const rules = rulesV2({
    currency: 'JPY',
    home_country: 'JP',
    categories: [eligible('lodging'), eligible('entertainment')],
    caps: [
      cap('hotel', ['lodging'], null, {
        period: 'night',
        basis: 'net_plus_all_tax',
        locations: [{ city: null, country: 'JP', amount_minor: 14000 }],
      }),
    ],
    declines: [
      {
        id: 'lavish',
        categories: ['entertainment'],
        when: { total_above_minor: 100000, abroad: false },
        source: source('No domestic entertainment above ¥100,000.'),
      },
    ],
  });
  const decided = decideV2(
    claimV2(rules, [
      invoice('party', { category: 'entertainment', currency: 'JPY', total_minor: 100001 }),
      invoice('modest', { category: 'entertainment', currency: 'JPY', total_minor: 100000 }),
      invoice('ryokan', {
        category: 'lodging',
        currency: 'JPY',
        total_minor: 16500,
        tax_minor: 1500,
        nights: 1,
      }),
      invoice('abroad', {
        category: 'lodging',
        currency: 'JPY',
        country: 'US',
        total_minor: 33000,
        tax_minor: 3000,
        nights: 1,
      }),
    ]),
  );
  t.same(
    decided.map((d) => d.decision.reimbursable.amount_minor),
    [0, 100000, 15500, 33000],
    'no overseas row: no limit abroad',
  );
  t.match(
    decided[0]?.decision.reason,
    /^Declined: not reimbursed when in the home country and the total is above ¥100,000\.$/,
  );
});

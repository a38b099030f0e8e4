import t from 'tap';
import { decideV2 } from '../../src/domain/decide-v2.js';
import {
  cap,
  claimV2,
  decideOne,
  eligible,
  invoice,
  line,
  rulesV2,
} from '../helpers/rules-v2-builders.js';

const one = decideOne;

const hotel = (key: string, spec: Parameters<typeof invoice>[1] = {}) =>
  invoice(key, { category: 'lodging', ...spec });

t.test('net cap with tax paid only on the eligible part, shown as arithmetic', async (t) => {
  const rules = rulesV2({
    categories: [eligible('lodging', 'Hotels')],
    caps: [cap('hotel', ['lodging'], 18000, { basis: 'net_plus_eligible_tax', period: 'night' })],
  });
  const decision = one(
    claimV2(rules, [
      hotel('h', {
        total_minor: 25200,
        lines: [line('Room', 'room', { net_minor: 21000, tax_minor: 4200, tax_rate_bp: 2000 })],
        taxes: [
          {
            rate_bp: 2000,
            net_minor: 21000,
            tax_minor: 4200,
            gross_minor: 25200,
            confidence: 1,
            page: 1,
          },
        ],
        nights: 1,
      }),
    ]),
  );
  t.equal(decision.reimbursable.amount_minor, 21600);
  t.equal(decision.status, 'partially_reimbursed');
  t.same(decision.rules_applied, [
    {
      rule_id: 'hotel',
      quote: 'The hotel limit applies.',
      page: 1,
      effect:
        '£210.00 net, cap £180.00 a night × 1 night; tax 20% paid on the eligible £180.00: £36.00 → £216.00.',
    },
  ]);
  t.equal(decision.reason, '£216.00 of £252.00 reimbursed (Hotels): capped at £180.00 a night.');
});

t.test('net cap with every tax paid on top, × nights', async (t) => {
  const rules = rulesV2({
    currency: 'JPY',
    categories: [eligible('lodging')],
    caps: [cap('hotel', ['lodging'], 14000, { basis: 'net_plus_all_tax', period: 'night' })],
  });
  const decision = one(
    claimV2(rules, [
      hotel('h', {
        currency: 'JPY',
        total_minor: 36300,
        tax_minor: 3300,
        lines: [line('Room 2 nights', 'room', { net_minor: 33000, quantity: 2 })],
      }),
    ]),
  );
  t.equal(decision.reimbursable.amount_minor, 28000 + 3300);
  t.match(
    decision.rules_applied[0]?.effect,
    /× 2 nights = ¥28,000; taxes paid in full on top: ¥3,300 → ¥31,300/,
  );
});

t.test('a city row of a limits table wins; elsewhere takes the default amount', async (t) => {
  const rules = rulesV2({
    categories: [eligible('lodging')],
    caps: [
      cap('hotel', ['lodging'], 12000, {
        period: 'night',
        locations: [{ city: 'Zürich', country: null, amount_minor: 20000 }],
      }),
    ],
  });
  const decided = decideV2(
    claimV2(rules, [
      hotel('in-city', { total_minor: 25000, city: 'ZURICH', nights: 1 }),
      hotel('elsewhere', { total_minor: 25000, city: 'Basel', nights: 1 }),
      hotel('unknown', { total_minor: 25000, nights: 1 }),
    ]),
  );
  t.same(
    decided.map((d) => d.decision.reimbursable.amount_minor),
    [20000, 12000, 12000],
  );
  t.match(decided[0]?.decision.rules_applied[0]?.effect, /cap £200\.00 a night \(Zürich\)/);
  t.match(decided[1]?.decision.rules_applied[0]?.effect, /\(elsewhere\)/);
  t.match(decided[2]?.decision.rules_applied[0]?.effect, /\(place not read\)/);
});

t.test('several caps on one category all apply: per meal first, then per day', async (t) => {
  const rules = rulesV2({
    categories: [eligible('meal', 'Meals')],
    caps: [
      cap('meal.daily', ['meal'], 4000, { period: 'day' }),
      cap('meal.each', ['meal'], 2500, { period: 'meal' }),
    ],
  });
  const meal = (key: string, total: number, date = '2026-03-10') =>
    invoice(key, { category: 'meal', total_minor: total, date });
  const decided = decideV2(
    claimV2(rules, [
      meal('b-dinner', 3150),
      meal('a-lunch', 1980),
      meal('c-next-day', 2790, '2026-03-11'),
    ]),
  );
  t.same(
    decided.map((d) => [d.key, d.decision.reimbursable.amount_minor]),
    [
      ['b-dinner', 2020],
      ['a-lunch', 1980],
      ['c-next-day', 2500],
    ],
    'the per-meal cap cuts the dinner to 25.00, then the day has 20.20 left',
  );
  const dinner = decided[0]?.decision;
  t.same(
    dinner?.rules_applied.map((step) => step.rule_id),
    ['meal.each', 'meal.daily'],
  );
  t.match(dinner?.rules_applied[1]?.effect, /£19\.80 already used by a-lunch\.pdf, £20\.20 left/);
  t.same(dinner?.cap_usage, [{ cap_id: 'meal.daily', period_key: '2026-03-10', used_minor: 2020 }]);
});

t.test(
  'a per-person cap multiplies by the covers printed, and only where persons match',
  async (t) => {
    const rules = rulesV2({
      categories: [eligible('meal')],
      caps: [
        cap('meal.person', ['meal'], 2500, { period: 'person' }),
        cap('meal.day', ['meal'], 4000, { period: 'day', when: { persons_max: 1 } }),
      ],
    });
    const decided = decideV2(
      claimV2(rules, [
        invoice('guests', { category: 'meal', total_minor: 14800, persons: 4 }),
        invoice('alone', { category: 'meal', total_minor: 610 }),
      ]),
    );
    t.equal(decided[0]?.decision.reimbursable.amount_minor, 10000, '4 × 25.00');
    t.match(
      decided[0]?.decision.rules_applied[0]?.effect,
      /cap £25\.00 a person × 4 persons = £100\.00/,
    );
    t.notOk(
      decided[0]?.decision.rules_applied.some((step) => step.rule_id === 'meal.day'),
      'the business meal stays out of the daily allowance',
    );
    t.equal(decided[1]?.decision.reimbursable.amount_minor, 610);
  },
);

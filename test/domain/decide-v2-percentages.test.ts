import t from 'tap';
import { decideV2 } from '../../src/domain/decide-v2.js';
import {
  cap,
  claimV2,
  decideOne,
  eligible,
  exclude,
  invoice,
  line,
  rulesV2,
  source,
} from '../helpers/rules-v2-builders.js';

const one = decideOne;

t.test('a tip is limited relative to the food bill before tax', async (t) => {
  const rules = rulesV2({
    categories: [eligible('meal')],
    relative_limits: [
      {
        id: 'tip',
        categories: ['meal'],
        line_kinds: ['tip'],
        percent_bp: 2000,
        of_line_kinds: ['food'],
        of_basis: 'net',
        source: source('Tips up to 20% of the food before tax.'),
      },
    ],
  });
  const bill = (tip: number) =>
    invoice('tip', {
      category: 'meal',
      total_minor: 6000 + tip,
      lines: [
        line('Food', 'food', { net_minor: 5000, tax_minor: 1000 }),
        line('Tip', 'tip', { gross_minor: tip }),
      ],
      tax_minor: 1000,
      net_minor: 5000 + tip,
    });
  const generous = one(claimV2(rules, [bill(1500)]));
  t.equal(generous.reimbursable.amount_minor, 6000 + 1000, 'tip cut to 10.00');
  t.equal(
    generous.rules_applied[0]?.effect,
    '"Tip" limited to 20% of £50.00 (before tax) = £10.00: £5.00 not reimbursed.',
  );
  const modest = one(claimV2(rules, [bill(900)]));
  t.equal(modest.status, 'fully_reimbursed');
  t.same(modest.rules_applied, []);
});

t.test(
  'service is limited to a share of food and soft drinks with tax, alcohol left out',
  async (t) => {
    const rules = rulesV2({
      categories: [eligible('meal')],
      exclusions: [exclude('no.alcohol', ['alcohol'])],
      relative_limits: [
        {
          id: 'service',
          categories: ['meal'],
          line_kinds: ['service_charge'],
          percent_bp: 1250,
          of_line_kinds: ['food', 'beverage'],
          of_basis: 'gross',
          source: source('Service up to 12.5% of the food bill.'),
        },
      ],
    });
    const decision = one(
      claimV2(rules, [
        invoice('brasserie', {
          category: 'meal',
          total_minor: 2440 + 1120 + 445,
          tax_minor: 0,
          lines: [
            line('Mains', 'food', { gross_minor: 2040 }),
            line('Juice', 'beverage', { gross_minor: 400 }),
            line('Beer', 'alcohol', { gross_minor: 1120 }),
            line('Service 12.5%', 'service_charge', { gross_minor: 445 }),
          ],
        }),
      ]),
    );
    t.equal(decision.reimbursable.amount_minor, 2440 + 305, '12.5% of 24.40 is 3.05');
  },
);

t.test('a share of a bill rounds as the policy says, then a monthly maximum applies', async (t) => {
  const rules = (rounding: 'down' | 'half_up') =>
    rulesV2({
      currency: 'JPY',
      rounding,
      categories: [eligible('telecom.mobile')],
      shares: [
        {
          id: 'half',
          categories: ['telecom.mobile'],
          percent_bp: 5000,
          when: null,
          source: source('Half of phone bills.'),
        },
      ],
      caps: [cap('phone.month', ['telecom.mobile'], 4000, { period: 'billing_month' })],
    });
  const bill = (key: string, total: number, month: string) =>
    invoice(key, {
      category: 'telecom.mobile',
      currency: 'JPY',
      total_minor: total,
      date: `2026-${month}-03`,
      billing_period: { start: `2026-${month}-01`, end: `2026-${month}-28` },
    });
  const decided = decideV2(
    claimV2(rules('down'), [bill('sep', 7315, '09'), bill('oct', 9460, '10')], {
      claim_date: '2026-11-01',
    }),
  );
  t.same(
    decided.map((d) => d.decision.reimbursable.amount_minor),
    [3657, 4000],
  );
  t.equal(decided[0]?.decision.rules_applied[0]?.effect, '50% of ¥7,315 = ¥3,657 (rounded down).');
  const nearest = one(
    claimV2(rules('half_up'), [bill('sep', 7315, '09')], { claim_date: '2026-11-01' }),
  );
  t.equal(nearest.reimbursable.amount_minor, 3658);
});

t.test('KWD amounts keep their three decimals exactly', async (t) => {
  const rules = rulesV2({
    currency: 'KWD',
    categories: [eligible('meal')],
    shares: [
      {
        id: 'third',
        categories: ['meal'],
        percent_bp: 3333,
        when: null,
        source: source('A third of meals.'),
      },
    ],
    caps: [cap('meal', ['meal'], 5000, { basis: 'net_plus_eligible_tax', period: 'meal' })],
  });
  const decision = one(
    claimV2(rules, [
      invoice('kw', { category: 'meal', currency: 'KWD', total_minor: 12345, tax_minor: 0 }),
    ]),
  );
  t.equal(decision.reimbursable.amount_minor, 4115, '33.33% of KWD 12.345 = 4.114599 → 4.115');
  t.match(decision.rules_applied[0]?.effect, /33\.33% of KWD 12\.345 = KWD 4\.115/);
});

import t from 'tap';
import { coveredByParts } from '../../src/domain/taxonomy.js';
import {
  cap,
  claimV2,
  decideOne,
  eligible,
  exclude,
  invoice,
  line,
  rulesV2,
} from '../helpers/rules-v2-builders.js';

const one = decideOne;

t.test(
  'a tax printed as two shares of one base leaves an excluded line at their sum',
  async (t) => {
    const rules = rulesV2({
      currency: 'INR',
      categories: [eligible('meal')],
      exclusions: [exclude('no.alcohol', ['alcohol'])],
    });
    // Two shares of 2.5% each on ₹800: ₹20 + ₹20. The wine's tax is 5% of ₹200, not 2.5%.
    const decision = one(
      claimV2(rules, [
        invoice('thali', {
          category: 'meal',
          currency: 'INR',
          total_minor: 84_000,
          tax_minor: 4_000,
          taxes: [
            {
              rate_bp: 250,
              net_minor: null,
              tax_minor: 2_000,
              gross_minor: null,
              confidence: 0.9,
              page: 1,
            },
            {
              rate_bp: 250,
              net_minor: null,
              tax_minor: 2_000,
              gross_minor: null,
              confidence: 0.9,
              page: 1,
            },
          ],
          lines: [
            line('Thali', 'food', { net_minor: 60_000 }),
            line('Red wine', 'alcohol', { net_minor: 20_000 }),
          ],
        }),
      ]),
    );
    t.equal(decision.reimbursable.amount_minor, 63_000, '840 − (200 + 10)');
  },
);

t.test('one printed rate that gives the tax printed is used as it is', async (t) => {
  const rules = rulesV2({
    currency: 'INR',
    categories: [eligible('meal')],
    exclusions: [exclude('no.alcohol', ['alcohol'])],
  });
  const decision = one(
    claimV2(rules, [
      invoice('bistro', {
        category: 'meal',
        currency: 'INR',
        total_minor: 84_000,
        tax_minor: 4_000,
        taxes: [
          {
            rate_bp: 500,
            net_minor: 80_000,
            tax_minor: 4_000,
            gross_minor: null,
            confidence: 0.9,
            page: 1,
          },
        ],
        lines: [
          line('Thali', 'food', { net_minor: 60_000 }),
          line('Red wine', 'alcohol', { net_minor: 20_000 }),
        ],
      }),
    ]),
  );
  t.equal(decision.reimbursable.amount_minor, 63_000);
});

t.test(
  'a cap on every kind of a category covers an invoice read only as that category',
  async (t) => {
    t.ok(coveredByParts('travel', ['travel.bus', 'travel.rail', 'travel.airfare']));
    t.notOk(coveredByParts('travel', ['travel.airfare']), 'air alone does not cover any journey');
    t.notOk(coveredByParts('taxi', ['taxi']), 'a category without kinds is matched as itself');
    const rules = rulesV2({
      currency: 'INR',
      categories: [eligible('travel')],
      caps: [cap('trip', ['travel.bus', 'travel.rail', 'travel.airfare'], 500_000)],
    });
    const decision = one(
      claimV2(rules, [
        invoice('ticket', { category: 'travel', currency: 'INR', total_minor: 695_400 }),
      ]),
    );
    t.equal(decision.reimbursable.amount_minor, 500_000, 'capped at ₹5,000 per trip');
  },
);

import t from 'tap';
import type { TaxTotal } from '../../src/domain/facts.js';
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

const MEAL_WITHOUT_ALCOHOL = rulesV2({
  currency: 'INR',
  categories: [eligible('meal')],
  exclusions: [exclude('no.alcohol', ['alcohol'])],
});

const taxRow = (rateBp: number, taxMinor: number, netMinor: number | null = null): TaxTotal => ({
  rate_bp: rateBp,
  net_minor: netMinor,
  tax_minor: taxMinor,
  gross_minor: null,
  confidence: 0.9,
  page: 1,
});

/** ₹600 of food and ₹200 of wine, ₹40 of tax printed as `taxes`: what is left once the wine goes. */
function withoutWine(taxes: TaxTotal[]): number {
  const decision = one(
    claimV2(MEAL_WITHOUT_ALCOHOL, [
      invoice('thali', {
        category: 'meal',
        currency: 'INR',
        total_minor: 84_000,
        tax_minor: 4_000,
        taxes,
        lines: [
          line('Thali', 'food', { net_minor: 60_000 }),
          line('Red wine', 'alcohol', { net_minor: 20_000 }),
        ],
      }),
    ]),
  );
  return decision.reimbursable.amount_minor;
}

t.test(
  'a tax printed as two shares of one base leaves an excluded line at their sum',
  async (t) => {
    // Two shares of 2.5% each on ₹800: ₹20 + ₹20. The wine's tax is 5% of ₹200, not 2.5%.
    t.equal(withoutWine([taxRow(250, 2_000), taxRow(250, 2_000)]), 63_000, '840 − (200 + 10)');
  },
);

t.test('one printed rate that gives the tax printed is used as it is', async (t) => {
  t.equal(withoutWine([taxRow(500, 4_000, 80_000)]), 63_000);
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

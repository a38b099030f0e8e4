/**
 * Rules compiled offline from a written policy (policies.ts, HARBOURSIDE) decide invoice facts
 * as the policy's text says, through the decision engine v2: the London hotel limit before VAT
 * with VAT on the allowed part and the city tax on top, minibar removed; a dinner by its printed
 * time, wine removed and the tip held to 10% of the food; a first-class ticket declined; half of
 * a mobile bill, capped per month.
 */
import t from 'tap';
import { compilePolicyV2 } from '../../../../src/ai/offline/policy/compile.js';
import { decideV2 } from '../../../../src/domain/decide-v2.js';
import { claimV2, invoice, line } from '../../../helpers/rules-v2-builders.js';
import { HARBOURSIDE } from './policies.js';

const { rules } = compilePolicyV2(HARBOURSIDE, { policy_hash: 'harbourside' });

const decide = (spec: Parameters<typeof invoice>[1]) => {
  const [decided] = decideV2(claimV2(rules, [invoice('inv-1', spec)]));
  return decided?.decision;
};

t.test('a London stay: limit before VAT, VAT on the allowed part, city tax on top', async (t) => {
  const decision = decide({
    category: 'lodging',
    city: 'London',
    nights: 2,
    total_minor: 45000,
    tax_minor: 7400,
    lines: [
      line('Room', 'room', { quantity: 2, net_minor: 36000, tax_minor: 7200, gross_minor: 43200 }),
      line('Minibar', 'minibar', { net_minor: 1000, tax_minor: 200, gross_minor: 1200 }),
      line('City tax', 'tourist_tax', { net_minor: 600, tax_minor: 0, gross_minor: 600 }),
    ],
  });
  t.match(decision, { status: 'partially_reimbursed', reimbursable: { amount_minor: 42600 } });
});

t.test('a dinner by its printed time: wine out, tip held to 10% of the food', async (t) => {
  const decision = decide({
    category: 'meal',
    printed_time: '19:30',
    total_minor: 4800,
    lines: [
      line('Set menu', 'food', { gross_minor: 3000 }),
      line('Glass of wine', 'alcohol', { gross_minor: 1200 }),
      line('Tip', 'tip', { gross_minor: 600 }),
    ],
  });
  t.match(decision, {
    category: 'meal.dinner',
    status: 'partially_reimbursed',
    reimbursable: { amount_minor: 3300 },
  });
});

t.test('a first-class rail ticket is declined in full', async (t) => {
  const decision = decide({
    category: 'travel.rail',
    travel_class: 'rail_first',
    total_minor: 18000,
  });
  t.match(decision, { status: 'declined', reimbursable: { amount_minor: 0 } });
});

t.test('half of a mobile bill, at most £25 a month', async (t) => {
  const decision = decide({ category: 'telecom.mobile', total_minor: 6000 });
  t.match(decision, { status: 'partially_reimbursed', reimbursable: { amount_minor: 2500 } });
});

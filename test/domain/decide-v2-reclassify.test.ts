import t from 'tap';
import { decideV2 } from '../../src/domain/decide-v2.js';
import { PolicyRulesError } from '../../src/domain/policy-rules.js';
import type { ReclassifyRule } from '../../src/domain/rules/types.js';
import { cap, claimV2, eligible, invoice, rulesV2, source } from '../helpers/rules-v2-builders.js';

const company = (persons: number) => ({ persons_min: persons });

const asEntertainment: ReclassifyRule = {
  id: 'meal.with.guests',
  categories: ['meal'],
  when: company(2),
  treat_as: 'entertainment',
  source: source('A meal for two or more persons counts as entertainment.', 2),
};

function rules(reclassify: ReclassifyRule[]) {
  return rulesV2({
    currency: 'JPY',
    categories: [eligible('meal', 'Meals'), eligible('entertainment', 'Entertainment')],
    reclassify,
    caps: [
      cap('meal.day', ['meal'], 5000, { period: 'day' }),
      cap('ent.person', ['entertainment'], 8000, { period: 'person' }),
    ],
    evidence: [
      {
        id: 'ent.names',
        categories: ['entertainment'],
        requires: 'attendee_names',
        above_minor: null,
        when: null,
        action: 'decline',
        source: source('Entertainment is reimbursed only with the names of all attendees.', 2),
      },
    ],
  });
}

const meal = (key: string, total: number, extra: Record<string, unknown> = {}) =>
  invoice(key, { category: 'meal', currency: 'JPY', total_minor: total, ...extra });

t.test(
  'a meal for several persons is judged as entertainment, before every other rule',
  async (t) => {
    const decided = decideV2(
      claimV2(rules([asEntertainment]), [
        meal('alone', 4200),
        meal('named', 38720, { persons: 4, attendees: ['A', 'B', 'C', 'D'] }),
        meal('unnamed', 21450, { persons: 4 }),
      ]),
    );
    const [alone, named, unnamed] = decided.map((d) => d.decision);
    // Alone: a meal, under the day's allowance, which the entertainment receipts do not touch.
    t.match(alone, { category: 'meal', status: 'fully_reimbursed' });
    t.equal(alone?.reimbursable.amount_minor, 4200);
    // Four named persons: 4 × 8,000 under the entertainment cap, citing the reclassification first.
    t.match(named, { category: 'entertainment', status: 'partially_reimbursed' });
    t.equal(named?.reimbursable.amount_minor, 32000);
    t.match(named?.rules_applied[0], {
      rule_id: 'meal.with.guests',
      quote: 'A meal for two or more persons counts as entertainment.',
      effect: /judged as Entertainment \(entertainment\)/,
    });
    // Without names the entertainment evidence rule declines it, whatever its amount.
    t.match(unnamed, { category: 'entertainment', status: 'declined' });
    t.equal(unnamed?.reimbursable.amount_minor, 0);
  },
);

t.test('without the rule the same receipts stay meals and share the day', async (t) => {
  const decided = decideV2(
    claimV2(rules([]), [
      meal('alone', 4200),
      meal('named', 38720, { persons: 4, attendees: ['A', 'B', 'C', 'D'] }),
    ]),
  );
  t.same(
    decided.map((d) => [d.decision.category, d.decision.reimbursable.amount_minor]),
    [
      ['meal', 4200],
      ['meal', 800],
    ],
  );
});

t.test('the first reclassification that holds wins, and only for its categories', async (t) => {
  const big: ReclassifyRule = {
    ...asEntertainment,
    id: 'meal.group',
    when: company(10),
    treat_as: 'other',
    source: source('A meal for ten or more is an event.', 2),
  };
  const policy = rulesV2({
    ...rules([]),
    categories: [...rules([]).categories, eligible('other', 'Events'), eligible('taxi', 'Taxi')],
    reclassify: [big, asEntertainment],
  });
  const decided = decideV2(
    claimV2(policy, [
      meal('twelve', 100000, { persons: 12, attendees: ['x'] }),
      meal('three', 6000, { persons: 3, attendees: ['x', 'y', 'z'] }),
      invoice('cab', { category: 'taxi', currency: 'JPY', total_minor: 3000, persons: 3 }),
    ]),
  );
  t.same(
    decided.map((d) => d.decision.category),
    ['other', 'entertainment', 'taxi'],
  );
});

t.test('a reclassification must name a condition and known category ids', async (t) => {
  const bad = () =>
    rulesV2({
      categories: [eligible('meal')],
      reclassify: [{ ...asEntertainment, when: {}, treat_as: 'Not An Id' }],
    });
  t.throws(bad, PolicyRulesError);
  try {
    bad();
  } catch (error) {
    const pointers = (error as PolicyRulesError).problems.map((p) => p.pointer);
    t.ok(pointers.includes('/reclassify/0/when'), pointers.join(', '));
    t.ok(
      pointers.some((p) => p.startsWith('/reclassify/0/treat_as')),
      pointers.join(', '),
    );
  }
});

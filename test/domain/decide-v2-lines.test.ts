import t from 'tap';
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

t.test('an excluded line leaves with the tax printed on it', async (t) => {
  const rules = rulesV2({
    categories: [eligible('meal')],
    exclusions: [exclude('no.alcohol', ['alcohol'])],
  });
  const decision = one(
    claimV2(rules, [
      invoice('bistro', {
        category: 'meal',
        total_minor: 3300,
        tax_minor: 550,
        lines: [
          line('Set lunch', 'food', { net_minor: 1875, tax_rate_bp: 2000 }),
          line('House wine', 'alcohol', { net_minor: 875, tax_rate_bp: 2000 }),
        ],
      }),
    ]),
  );
  t.equal(decision.reimbursable.amount_minor, 2250, '33.00 − (8.75 + 1.75 VAT)');
  t.same(decision.flags, ['alcohol']);
  t.equal(decision.rules_applied[0]?.effect, 'Removed "House wine": £8.75 + tax £1.75 = £10.50.');
  t.match(
    decision.reason,
    /^£22\.50 of £33\.00 reimbursed \(meal label\): "House wine" \(£10\.50\) removed\.$/,
  );
});

t.test('lines priced with tax leave at their printed price', async (t) => {
  const rules = rulesV2({
    currency: 'EUR',
    categories: [eligible('meal')],
    exclusions: [exclude('no.alcohol', ['alcohol'])],
  });
  const decision = one(
    claimV2(rules, [
      invoice('ticket', {
        category: 'meal',
        currency: 'EUR',
        total_minor: 2480,
        taxes: [
          {
            rate_bp: 1000,
            net_minor: 2255,
            tax_minor: 225,
            gross_minor: 2480,
            confidence: 1,
            page: 1,
          },
        ],
        lines: [
          line('Plat du jour', 'food', { gross_minor: 1900 }),
          line('Bière', 'alcohol', { gross_minor: 580 }),
        ],
      }),
    ]),
  );
  t.equal(decision.reimbursable.amount_minor, 1900);
  t.equal(decision.rules_applied[0]?.effect, 'Removed "Bière": €5.27 + tax €0.53 = €5.80.');
});

t.test('without tax per line, an excluded line takes its share of the document tax', async (t) => {
  const rules = rulesV2({
    categories: [eligible('meal')],
    exclusions: [exclude('no.tobacco', [], ['cigars'])],
  });
  const decision = one(
    claimV2(rules, [
      invoice('club', {
        category: 'meal',
        total_minor: 11000,
        tax_minor: 1000,
        lines: [
          line('Dinner', 'food', { net_minor: 7000 }),
          line('Two cigars', 'other', { net_minor: 3000 }),
        ],
      }),
    ]),
  );
  t.equal(
    decision.reimbursable.amount_minor,
    7700,
    'the excluded 30.00 takes 3.00 of the 10.00 tax',
  );
  t.same(decision.flags, [], 'an exclusion by words is not flagged alcohol');
});

t.test('a discount line is never removed, whatever the rule says', async (t) => {
  const rules = rulesV2({
    categories: [eligible('meal')],
    exclusions: [exclude('no.discounts', ['discount', 'deposit'])],
  });
  const decision = one(
    claimV2(rules, [
      invoice('deal', {
        category: 'meal',
        total_minor: 1500,
        lines: [
          line('Menu', 'food', { gross_minor: 2000 }),
          line('Happy hour', 'discount', { gross_minor: -500 }),
        ],
      }),
    ]),
  );
  t.equal(decision.reimbursable.amount_minor, 1500);
  t.equal(decision.status, 'fully_reimbursed');
});

t.test('tourist tax and parking on a hotel bill are paid on top of the cap', async (t) => {
  const rules = rulesV2({
    currency: 'EUR',
    categories: [eligible('lodging', 'Hotels')],
    caps: [cap('hotel', ['lodging'], 13000, { period: 'night' })],
    on_top: [
      {
        id: 'tourist',
        categories: ['lodging'],
        line_kinds: ['tourist_tax', 'parking'],
        source: source('Tourist tax is refunded on top.'),
      },
    ],
    exclusions: [exclude('no.minibar', ['minibar'])],
  });
  const decision = one(
    claimV2(rules, [
      invoice('folio', {
        category: 'lodging',
        currency: 'EUR',
        total_minor: 29130,
        lines: [
          line('Chambre', 'room', { gross_minor: 24800, quantity: 2 }),
          line('Petit déjeuner', 'breakfast', { gross_minor: 2800, quantity: 2 }),
          line('Taxe de séjour', 'tourist_tax', { gross_minor: 780 }),
          line('Minibar', 'minibar', { gross_minor: 750 }),
        ],
      }),
    ]),
  );
  t.equal(
    decision.reimbursable.amount_minor,
    26000 + 780,
    'room + breakfast capped at 2 × 130.00, tax on top',
  );
  t.equal(decision.eligible.amount_minor, 29130 - 750);
  t.same(
    decision.rules_applied.map((step) => step.rule_id),
    ['no.minibar', 'tourist', 'hotel'],
  );
  t.match(decision.rules_applied[1]?.effect, /"Taxe de séjour": €7\.80 paid on top of the caps\./);
});

t.test('a breakfast on a hotel bill is judged as a breakfast, per breakfast', async (t) => {
  const rules = rulesV2({
    categories: [eligible('lodging'), eligible('meal')],
    caps: [
      cap('hotel', ['lodging'], 16000, { basis: 'net_plus_eligible_tax', period: 'night' }),
      cap('breakfast', ['meal.breakfast'], 1000, { period: 'meal' }),
    ],
    line_categories: [
      {
        id: 'folio.breakfast',
        categories: ['lodging'],
        line_kinds: ['breakfast'],
        treat_as: 'meal.breakfast',
        source: source('Hotel breakfasts are breakfasts.'),
      },
    ],
  });
  const decision = one(
    claimV2(rules, [
      invoice('folio', {
        category: 'lodging',
        total_minor: 59400 + 2900,
        nights: 3,
        taxes: [
          {
            rate_bp: 2000,
            net_minor: null,
            tax_minor: 9900,
            gross_minor: null,
            confidence: 1,
            page: 2,
          },
        ],
        lines: [
          line('Room', 'room', { gross_minor: 59400, quantity: 3 }),
          line('Breakfast', 'breakfast', { gross_minor: 2900, quantity: 2, tax_rate_bp: 0 }),
        ],
      }),
    ]),
  );
  t.equal(decision.reimbursable.amount_minor, 3 * 19200 + 2000, '3 × (160 + 32) + 2 × 10');
  t.match(
    decision.rules_applied.map((s) => s.effect).join('\n'),
    /cap £10\.00 a meal × 2 meals = £20\.00/,
  );
});

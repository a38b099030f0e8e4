import t from 'tap';
import { DecisionV2InputError, decideV2 } from '../../src/domain/decide-v2.js';
import {
  cap,
  claimV2,
  decideOne,
  eligible,
  invoice,
  line,
  rulesV2,
  source,
} from '../helpers/rules-v2-builders.js';

const one = decideOne;

const foreign = (spec: Parameters<typeof invoice>[1] = {}) =>
  invoice('seattle', {
    category: 'lodging',
    currency: 'USD',
    total_minor: 63018,
    tax_minor: 9318,
    lines: [line('Room', 'room', { net_minor: 53700, quantity: 3 })],
    ...spec,
  });
const fxRules = (accept: 'printed_rate' | 'review' | null) =>
  rulesV2({
    currency: 'JPY',
    rounding: 'down',
    categories: [eligible('lodging')],
    caps: [cap('hotel', ['lodging'], 30000, { period: 'night', basis: 'net_plus_all_tax' })],
    foreign_currency: accept
      ? {
          id: 'fx',
          accept,
          source: source('Foreign receipts at the rate printed on the card slip.'),
        }
      : null,
  });

t.test('foreign currency at the printed rate; the converted total as printed', async (t) => {
  const withSlip = one(
    claimV2(fxRules('printed_rate'), [
      foreign({
        exchange_rate: { from: 'USD', to: 'JPY', rate: '152.48' },
        converted_total: { amount_minor: 96090, currency: 'JPY' },
      }),
    ]),
  );
  t.match(withSlip, {
    status: 'fully_reimbursed',
    claimed: { amount_minor: 96090, currency: 'JPY' },
    reimbursable: { amount_minor: 96090 },
  });
  t.equal(
    withSlip.rules_applied[0]?.effect,
    'USD 630.18 converted at the printed rate 1 USD = 152.48 JPY (page 1): ¥96,090 as printed on the document (page 1).',
  );
  t.match(
    withSlip.rules_applied[1]?.effect,
    /^¥81,882 net is within the cap ¥30,000 a night × 3 nights = ¥90,000; tax ¥14,208 paid: ¥96,090\.$/,
  );
  t.same(withSlip.flags, []);

  const rateOnly = one(
    claimV2(fxRules('printed_rate'), [
      foreign({ exchange_rate: { from: 'JPY', to: 'USD', rate: '0.0065' } }),
    ]),
  );
  t.equal(rateOnly.claimed.amount_minor, 96950, '630.18 / 0.0065 = 96,950.7, rounded down');
  t.match(rateOnly.rules_applied[0]?.effect, /1 JPY = 0\.0065 USD .*: ¥96,950 \(rounded down\)/);
});

t.test(
  'foreign currency without a printed rate, or under a policy that does not convert, is left for review',
  async (t) => {
    for (const [rules, spec, why] of [
      [fxRules('printed_rate'), {}, /prints no rate to JPY: left for review, never converted/],
      [
        fxRules('printed_rate'),
        { exchange_rate: { from: 'EUR', to: 'JPY', rate: '160' } },
        /prints no rate to JPY/,
      ],
      [
        fxRules('review'),
        { exchange_rate: { from: 'USD', to: 'JPY', rate: '152.48' } },
        /does not convert other currencies/,
      ],
      [
        fxRules(null),
        { converted_total: { amount_minor: 96090, currency: 'JPY' } },
        /does not convert other currencies/,
      ],
    ] as const) {
      const decision = one(claimV2(rules, [foreign(spec)]));
      t.match(decision, {
        status: 'declined',
        reimbursable: { amount_minor: 0, currency: 'JPY' },
        claimed: { amount_minor: 63018, currency: 'USD' },
      });
      t.same(decision.flags, ['foreign_currency']);
      t.match(decision.reason, /^Not decided: USD 630\.18 is in USD/);
      t.match(decision.rules_applied[0]?.effect, why);
    }
  },
);

t.test(
  'review hints: late, someone else named, unsure facts, currency not printed, OCR',
  async (t) => {
    const rules = rulesV2({
      categories: [eligible('meal')],
      submission_window: { id: 'window', days: 90, source: source('Claim within 90 days.') },
      declines: [
        {
          id: 'big.groups',
          categories: ['meal'],
          when: { persons_min: 10 },
          source: source('No banquets.'),
        },
      ],
    });
    const late = {
      ...invoice('late', {
        category: 'meal',
        total_minor: 1345,
        date: '2025-12-01',
        person_name: 'Someone Else',
      }),
      ocr: true,
    };
    const unsure = invoice('unsure', {
      category: 'meal',
      total_minor: 1000,
      currency: null,
      persons: 12,
    });
    unsure.facts.persons.confidence = 0.3;
    const decided = decideV2(claimV2(rules, [late, unsure], { employee_name: 'Asha Verma' }));
    t.same(decided[0]?.decision.flags, ['late_submission', 'name_mismatch', 'ocr']);
    t.equal(decided[0]?.decision.status, 'fully_reimbursed', 'flags never change the amount');
    t.match(
      decided[0]?.decision.reason,
      /Review: submitted 120 days after the invoice date; the invoice names "Someone Else", not Asha Verma\./,
    );
    t.same(decided[1]?.decision.flags, ['low_confidence']);
    t.match(decided[1]?.decision.reason, /persons, currency not read with confidence/);
  },
);

t.test('bad input is refused before anything is decided', async (t) => {
  const rules = rulesV2({ categories: [eligible('meal')] });
  t.throws(() => decideV2(claimV2(rules, [], { claim_date: '31/03/2026' })), DecisionV2InputError);
  t.throws(() => decideV2(claimV2(rules, [], { employee_id: ' ' })), DecisionV2InputError);
  t.same(decideV2(claimV2(rules, [])), []);
  const nothing = one(claimV2(rules, [invoice('blank', { category: 'meal' })]));
  t.match(nothing.reason, /^Declined: the invoice total could not be read\./);
});

t.test(
  'a foreign invoice that a condition declines is declined, not left for review',
  async (t) => {
    const rules = rulesV2({
      currency: 'JPY',
      categories: [eligible('travel')],
      declines: [
        {
          id: 'economy.only',
          categories: ['travel.airfare'],
          when: { travel_class: ['business'] },
          source: source('Economy only.'),
        },
      ],
    });
    const ticket = invoice('nrt-sea', {
      category: 'travel.airfare',
      currency: 'USD',
      total_minor: 375800,
      travel_class: 'business',
    });
    const decision = decideV2(claimV2(rules, [ticket]))[0]?.decision;
    t.match(decision, {
      status: 'declined',
      flags: [],
      reason: 'Declined: not reimbursed when travel class is business.',
    });
    t.same(
      decision?.rules_applied.map((step) => step.rule_id),
      ['policy.currency', 'economy.only'],
    );
  },
);

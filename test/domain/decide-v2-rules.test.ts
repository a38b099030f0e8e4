import t from 'tap';
import { decideV2 } from '../../src/domain/decide-v2.js';
import type { EvidenceRule } from '../../src/domain/rules/types.js';
import {
  cap,
  claimV2,
  decideOne,
  eligible,
  invoice,
  rulesV2,
  source,
} from '../helpers/rules-v2-builders.js';

const one = decideOne;

t.test('a class of travel declines the whole invoice, citing the rule', async (t) => {
  const rules = rulesV2({
    categories: [eligible('travel')],
    declines: [
      {
        id: 'air.class',
        categories: ['travel.airfare'],
        when: { travel_class: ['business', 'first'] },
        source: source('Only economy is reimbursed.', 2),
      },
      {
        id: 'rail.first',
        categories: ['travel.rail'],
        when: { travel_class: ['rail_first'] },
        source: source('First-class rail is not reimbursed.', 2),
      },
    ],
  });
  const ticket = (key: string, category: string, travelClass: string | null) =>
    invoice(key, {
      category,
      total_minor: 21450,
      ...(travelClass ? { travel_class: travelClass as 'economy' } : {}),
    });
  const decided = decideV2(
    claimV2(rules, [
      ticket('business', 'travel.airfare', 'business'),
      ticket('economy', 'travel.airfare', 'economy'),
      ticket('rail-first', 'travel.rail', 'rail_first'),
      ticket('rail-second', 'travel.rail', 'rail_second'),
      ticket('air-first-by-rail-rule', 'travel.rail', 'first'),
      ticket('class-unread', 'travel.airfare', null),
    ]),
  );
  t.same(
    decided.map((d) => [d.key, d.decision.status]),
    [
      ['business', 'declined'],
      ['economy', 'fully_reimbursed'],
      ['rail-first', 'declined'],
      ['rail-second', 'fully_reimbursed'],
      ['air-first-by-rail-rule', 'fully_reimbursed'],
      ['class-unread', 'fully_reimbursed'],
    ],
  );
  t.match(decided[0]?.decision, {
    reimbursable: { amount_minor: 0, currency: 'GBP' },
    rules_applied: [{ rule_id: 'air.class', quote: 'Only economy is reimbursed.', page: 2 }],
    reason: /^Declined: not reimbursed when travel class is business or first\.$/,
  });
});

t.test('a declined invoice is not an invoice with excluded lines', async (t) => {
  const rules = rulesV2({
    categories: [
      eligible('personal', 'Personal'),
      { ...eligible('other'), eligible: false, id: 'other.no' },
    ],
  });
  const decided = decideV2(
    claimV2(rules, [
      invoice('gym', { category: 'other', total_minor: 3499 }),
      invoice('x', { category: 'gifts', total_minor: 100 }),
    ]),
  );
  t.match(decided[0]?.decision, {
    status: 'declined',
    reason: 'Declined: other label is not reimbursable under the policy.',
    rules_applied: [{ rule_id: 'other.no' }],
  });
  t.equal(decided[1]?.decision.reason, 'Declined: the policy does not cover the category "gifts".');
});

const names = (action: EvidenceRule['action']): EvidenceRule => ({
  id: 'guests',
  categories: ['meal', 'entertainment'],
  requires: 'attendee_names',
  above_minor: null,
  when: { persons_min: 2 },
  action,
  source: source('Entertainment needs the names of all attendees.'),
});

t.test(
  'attendee names: required for several persons; declined or flagged as the policy says',
  async (t) => {
    const dinner = (key: string, attendees: string[] | null, persons = 4) =>
      invoice(key, {
        category: 'entertainment',
        currency: 'JPY',
        total_minor: 38720,
        persons,
        ...(attendees ? { attendees } : {}),
      });
    const rules = (action: EvidenceRule['action']) =>
      rulesV2({
        currency: 'JPY',
        categories: [eligible('entertainment')],
        evidence: [names(action)],
        caps: [cap('guest', ['entertainment'], 8000, { period: 'person' })],
      });
    const decided = decideV2(
      claimV2(rules('decline'), [
        dinner('named', ['A. Client', 'B. Client', 'C. Colleague']),
        dinner('unnamed', null),
        dinner('half-named', ['A. Client']),
        dinner('alone', null, 1),
      ]),
    );
    t.same(
      decided.map((d) => [d.key, d.decision.status, d.decision.reimbursable.amount_minor]),
      [
        ['named', 'partially_reimbursed', 32000],
        ['unnamed', 'declined', 0],
        ['half-named', 'declined', 0],
        ['alone', 'partially_reimbursed', 8000],
      ],
    );
    t.equal(
      decided[1]?.decision.reason,
      "Declined: the attendees' names are required and none are listed.",
    );
    t.match(decided[2]?.decision.reason, /1 listed for 4 persons/);
    const flagged = one(claimV2(rules('flag'), [dinner('unnamed', null)]));
    t.equal(flagged.reimbursable.amount_minor, 32000);
    t.same(flagged.flags, ['missing_evidence']);
    t.match(flagged.reason, /Review: the attendees' names are required and none are listed\.$/);
  },
);

t.test('a receipt required above a threshold: a card slip above it is declined', async (t) => {
  const rules = rulesV2({
    categories: [eligible('meal')],
    evidence: [
      {
        id: 'receipt',
        categories: null,
        requires: 'receipt',
        above_minor: 2500,
        when: null,
        action: 'decline',
        source: source('Receipts are needed above £25.'),
      },
      {
        id: 'items',
        categories: null,
        requires: 'itemised_receipt',
        above_minor: 10000,
        when: null,
        action: 'flag',
        source: source('Itemised above £100.'),
      },
    ],
  });
  const slip = (key: string, total: number) =>
    invoice(key, { category: 'meal', total_minor: total, document_kind: 'card_slip' });
  const decided = decideV2(
    claimV2(rules, [
      slip('small', 2500),
      slip('large', 2501),
      invoice('big', { category: 'meal', total_minor: 12000, document_kind: 'receipt' }),
    ]),
  );
  t.same(
    decided.map((d) => d.decision.status),
    ['fully_reimbursed', 'declined', 'fully_reimbursed'],
  );
  t.match(
    decided[1]?.decision.reason,
    /a receipt is required above £25\.00 and the document is only a card slip/,
  );
  t.same(decided[2]?.decision.flags, ['missing_evidence']);
});

t.test(
  "meal type: the policy's hours decide by printed time; else the wording; else the usual hours",
  async (t) => {
    const caps = [
      cap('breakfast', ['meal.breakfast'], 1000, { period: 'meal' }),
      cap('lunch', ['meal.lunch'], 1500, { period: 'meal' }),
      cap('dinner', ['meal.dinner'], 3500, { period: 'meal' }),
    ];
    const hours = {
      windows: [
        { meal: 'breakfast' as const, from: '00:00', to: '11:00' },
        { meal: 'lunch' as const, from: '11:00', to: '16:00' },
        { meal: 'dinner' as const, from: '16:00', to: '24:00' },
      ],
      source: source('Schedule 1: before 11:00 breakfast, 11:00–15:59 lunch, from 16:00 dinner.'),
    };
    const meal = (key: string, spec: Parameters<typeof invoice>[1]) =>
      invoice(key, { category: 'meal', total_minor: 2000, ...spec });
    const withHours = decideV2(
      claimV2(
        rulesV2({
          categories: [eligible('meal')],
          caps,
          meal_hours: {
            ...hours,
            windows: hours.windows.map((w) => (w.to === '24:00' ? { ...w, to: '00:00' } : w)),
          },
        }),
        [
          meal('late-morning', { printed_time: '11:06', meal_type: 'breakfast' }),
          meal('early', { printed_time: '07:45' }),
          meal('evening', { printed_time: '19:30' }),
        ],
      ),
    );
    t.same(
      withHours.map((d) => [d.decision.category, d.decision.reimbursable.amount_minor]),
      [
        ['meal.lunch', 1500],
        ['meal.breakfast', 1000],
        ['meal.dinner', 2000],
      ],
    );
    const usual = decideV2(
      claimV2(rulesV2({ categories: [eligible('meal')], caps }), [
        meal('named', { printed_time: '11:06', meal_type: 'breakfast' }),
        meal('timed', { printed_time: '12:10' }),
        meal('neither', {}),
      ]),
    );
    t.same(
      usual.map((d) => d.decision.category),
      ['meal.breakfast', 'meal.lunch', 'meal'],
    );
    t.equal(
      usual[2]?.decision.reimbursable.amount_minor,
      2000,
      'no meal type known: no meal-type cap applies',
    );
  },
);

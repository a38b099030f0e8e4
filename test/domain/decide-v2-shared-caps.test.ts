import t from 'tap';
import { type ClaimInvoiceV2, type DecideV2Input, decideV2 } from '../../src/domain/decide-v2.js';
import {
  cap,
  claimV2,
  decideOne,
  eligible,
  invoice,
  line,
  priorSpend,
  rulesV2,
} from '../helpers/rules-v2-builders.js';

const one = decideOne;
const amounts = (input: DecideV2Input) =>
  decideV2(input).map((d) => [d.key, d.decision.status, d.decision.reimbursable.amount_minor]);

t.test('one allowance shared by two categories per billing month', async (t) => {
  const rules = rulesV2({
    categories: [eligible('telecom', 'Phone and broadband')],
    caps: [cap('phone', ['telecom.mobile', 'telecom.internet'], 4000, { period: 'billing_month' })],
  });
  const bill = (key: string, category: string, total: number, date: string, start: string) =>
    invoice(key, {
      category,
      total_minor: total,
      date,
      billing_period: { start, end: `${start.slice(0, 8)}28` },
    });
  const decided = decideV2(
    claimV2(rules, [
      bill('mobile', 'telecom.mobile', 2850, '2026-04-03', '2026-03-01'),
      bill('broadband', 'telecom.internet', 2799, '2026-03-01', '2026-03-01'),
      bill('mobile-april', 'telecom.mobile', 2000, '2026-05-03', '2026-04-01'),
    ]),
  );
  t.same(
    decided.map((d) => d.decision.reimbursable.amount_minor),
    [1201, 2799, 2000],
    'the earlier-dated broadband uses its allowance first; April has its own',
  );
  t.same(decided[0]?.decision.cap_usage, [
    { cap_id: 'phone', period_key: '2026-03', used_minor: 1201 },
  ]);
});

t.test('shared caps count earlier claims of the same employee, by id, not by name', async (t) => {
  const rules = rulesV2({
    policy_hash: 'v7',
    categories: [eligible('meal')],
    caps: [
      cap('meal.day', ['meal'], 4000, { period: 'day' }),
      cap('meal.year', ['meal'], 100000, { period: 'year' }),
    ],
  });
  const lunch = invoice('lunch', { category: 'meal', total_minor: 3000 });
  const earlier = priorSpend('p1', {
    category: 'meal.dinner',
    reimbursable_minor: 2500,
    date: '2026-03-10',
  });
  t.same(amounts(claimV2(rules, [lunch], { prior: [earlier] })), [
    ['lunch', 'partially_reimbursed', 1500],
  ]);
  const someoneElse = { ...earlier, employee_id: 'emp-2' };
  t.same(amounts(claimV2(rules, [lunch], { prior: [someoneElse] })), [
    ['lunch', 'fully_reimbursed', 3000],
  ]);
  const otherDay = { ...earlier, date: '2026-03-09' };
  t.same(amounts(claimV2(rules, [lunch], { prior: [otherDay] })), [
    ['lunch', 'fully_reimbursed', 3000],
  ]);
  const recorded = {
    ...earlier,
    policy_hash: 'v7',
    cap_usage: [{ cap_id: 'meal.day', period_key: '2026-03-10', used_minor: 3900 }],
  };
  t.same(
    amounts(claimV2(rules, [lunch], { prior: [recorded] })),
    [['lunch', 'partially_reimbursed', 100]],
    'usage recorded under the same policy version counts exactly',
  );
  const yearly = priorSpend('p2', {
    category: 'meal',
    reimbursable_minor: 99000,
    date: '2026-01-05',
  });
  t.same(amounts(claimV2(rules, [lunch], { prior: [yearly] })), [
    ['lunch', 'partially_reimbursed', 1000],
  ]);
  t.same(
    amounts(claimV2(rules, [lunch], { prior: [{ ...yearly, id: 'lunch' }] })),
    [['lunch', 'fully_reimbursed', 3000]],
    'the invoice being decided again does not count against itself',
  );
});

t.test('a per-claim allowance is shared inside the claim and ignores earlier claims', async (t) => {
  const rules = rulesV2({
    currency: 'JPY',
    categories: [eligible('office_supplies')],
    caps: [cap('supplies', ['office_supplies'], 10000, { period: 'claim' })],
  });
  const buy = (key: string, total: number, date: string): ClaimInvoiceV2 =>
    invoice(key, { category: 'office_supplies', currency: 'JPY', total_minor: total, date });
  const input = claimV2(
    rules,
    [buy('c', 1650, '2026-03-20'), buy('a', 2948, '2026-03-02'), buy('b', 6460, '2026-03-02')],
    {
      prior: [
        priorSpend('old', {
          category: 'office_supplies',
          currency: 'JPY',
          reimbursable_minor: 9000,
        }),
      ],
    },
  );
  const decided = decideV2(input);
  t.same(
    decided.map((d) => [d.key, d.decision.reimbursable.amount_minor]),
    [
      ['c', 592],
      ['a', 2948],
      ['b', 6460],
    ],
    'visited by date then file name, whatever the input order',
  );
  t.equal(
    decided.reduce((sum, d) => sum + d.decision.reimbursable.amount_minor, 0),
    10000,
  );
  t.same(decideV2({ ...input, invoices: [...input.invoices].reverse() }).reverse(), decided);
});

t.test('an undated invoice is capped alone in its period, and says so', async (t) => {
  const rules = rulesV2({
    categories: [eligible('meal')],
    caps: [cap('meal.day', ['meal'], 4000, { period: 'day' })],
  });
  const decided = decideV2(
    claimV2(rules, [
      invoice('dated', { category: 'meal', total_minor: 4000 }),
      invoice('undated', { category: 'meal', total_minor: 4500, date: null }),
    ]),
  );
  t.same(
    decided.map((d) => d.decision.reimbursable.amount_minor),
    [4000, 4000],
  );
  t.match(decided[1]?.decision.rules_applied[0]?.effect, /undated, so counted alone/);
  t.ok(decided[1]?.decision.flags.includes('low_confidence'), 'a missing date is flagged');
});

t.test('an item cap multiplies by the quantities of charged lines', async (t) => {
  const rules = rulesV2({
    categories: [eligible('office_supplies')],
    caps: [cap('per.item', ['office_supplies'], 500, { period: 'item' })],
  });
  const decision = one(
    claimV2(rules, [
      invoice('pens', {
        category: 'office_supplies',
        total_minor: 2400,
        lines: [
          line('Pens', 'goods', { gross_minor: 1800, quantity: 3 }),
          line('Pad', 'goods', { gross_minor: 800 }),
          line('Voucher', 'discount', { gross_minor: -200 }),
        ],
      }),
    ]),
  );
  t.equal(decision.reimbursable.amount_minor, 2000, '4 items × 5.00');
  t.match(decision.rules_applied[0]?.effect, /× 4 items = £20\.00/);
});

import t from 'tap';
import {
  type CandidateInvoice,
  type DecidedInvoice,
  decideClaim,
} from '../../src/domain/decide.js';
import { candidate, capRule, claim, prior, rules } from '../helpers/decision-builders.js';

const byKey = (decided: DecidedInvoice[]) =>
  Object.fromEntries(
    [...decided].sort((a, b) => (a.key < b.key ? -1 : 1)).map((d) => [d.key, d.decision]),
  );
const amounts = (decided: DecidedInvoice[]) =>
  Object.fromEntries(decided.map((d) => [d.key, d.decision.reimbursable.amount_minor]));

const cab = (key: string, total: number, date: string | null = '2024-12-03') =>
  candidate(key, { category: 'cab', total, date });

t.test(
  'a per-day cap is shared by every invoice of the day, consumed by date then file name',
  async (t) => {
    const decided = decideClaim(
      claim([cab('c-third', 5000), cab('a-first', 6000), cab('b-second', 7000)]),
    );
    t.same(amounts(decided), { 'c-third': 2000, 'a-first': 6000, 'b-second': 7000 });
    const third = byKey(decided)['c-third'];
    t.equal(third?.status, 'partially_reimbursed');
    t.match(third?.reason, 'Capped at ₹20.00: ₹150.00 per day, the part still unused (cab label)');
    t.match(
      third?.rules_applied[0]?.effect,
      '₹130.00 already used by a-first.pdf and b-second.pdf, ₹20.00 left',
    );
    t.same(
      decided.map((d) => d.key),
      ['c-third', 'a-first', 'b-second'],
      'results keep the input order',
    );
  },
);

t.test('an earlier date consumes the allowance first whatever the file names', async (t) => {
  const decided = decideClaim(
    claim([
      cab('a', 15000, '2024-12-04'),
      cab('z', 10000, '2024-12-03'),
      cab('m', 10000, '2024-12-04'),
    ]),
  );
  t.same(amounts(decided), { a: 15000, z: 10000, m: 0 });
  t.equal(byKey(decided).m?.status, 'declined');
  t.match(byKey(decided).m?.reason, /^Declined: the cab label allowance is already used up\./);
});

t.test('the order of invoices in the input never changes a decision', async (t) => {
  const invoices: CandidateInvoice[] = [
    cab('a', 9000),
    cab('b', 9000),
    cab('c', 4000, '2024-12-04'),
    cab('d', 12000, '2024-12-04'),
    candidate('e', { category: 'travel', total: 250000, number: 'PNR12345' }),
    candidate('f', { category: 'travel', total: 100000, number: 'PNR12345' }),
  ];
  const expected = JSON.stringify(byKey(decideClaim(claim(invoices))));
  const permutations = [
    [5, 4, 3, 2, 1, 0],
    [2, 0, 5, 1, 3, 4],
    [1, 3, 0, 4, 2, 5],
    [3, 5, 1, 0, 4, 2],
  ];
  for (const order of permutations) {
    const shuffled = order.map((index) => invoices[index] as CandidateInvoice);
    const decided = decideClaim(claim(shuffled));
    t.equal(JSON.stringify(byKey(decided)), expected, `order ${order.join(',')}`);
    t.same(
      decided.map((d) => d.key),
      shuffled.map((i) => i.key),
    );
  }
});

t.test('invoices stored earlier for the employee use the day allowance first', async (t) => {
  const earlier = [
    prior('stored-1', { reimbursable_minor: 10000, vendor: 'Uber', invoice_number: 'U1' }),
    prior('stored-other-day', { reimbursable_minor: 15000, invoice_date: '2024-12-02' }),
  ];
  const decided = decideClaim(claim([cab('today', 8000)], { prior: earlier }));
  const today = byKey(decided).today;
  t.equal(today?.reimbursable.amount_minor, 5000);
  t.match(
    today?.rules_applied[0]?.effect,
    '₹100.00 already used by earlier invoice Uber no. U1 of 2024-12-03, ₹50.00 left',
  );

  const redecided = decideClaim(claim([cab('stored-1', 8000)], { prior: earlier }));
  t.equal(
    redecided[0]?.decision.reimbursable.amount_minor,
    8000,
    'a stored invoice decided again does not consume its own allowance',
  );
  t.notOk(redecided[0]?.decision.flags.includes('possible_duplicate'));

  const otherCurrency = decideClaim(
    claim([cab('today', 8000)], {
      prior: [prior('usd', { reimbursable_minor: 10000, currency: 'USD' })],
    }),
  );
  t.equal(
    otherCurrency[0]?.decision.reimbursable.amount_minor,
    8000,
    'amounts in another currency are not mixed into the allowance',
  );
});

t.test('a per-month cap is shared across the month, including stored invoices', async (t) => {
  const policy = rules({ categories: [capRule('cab', 100000, 'month')] });
  const earlier = [
    prior('nov', { reimbursable_minor: 90000, invoice_date: '2024-11-28' }),
    prior('dec', { reimbursable_minor: 60000, invoice_date: '2024-12-01' }),
  ];
  const decided = decideClaim(
    claim(
      [
        cab('early', 30000, '2024-12-02'),
        cab('late', 30000, '2024-12-20'),
        cab('jan', 30000, '2025-01-02'),
      ],
      { rules: policy, prior: earlier, claim_date: '2025-01-05' },
    ),
  );
  t.same(amounts(decided), { early: 30000, late: 10000, jan: 30000 });
});

t.test(
  'an undated invoice under a per-day cap is capped alone and flagged for review',
  async (t) => {
    const decided = decideClaim(claim([cab('dated', 15000), cab('undated', 20000, null)]));
    const undated = byKey(decided).undated;
    t.equal(
      byKey(decided).dated?.reimbursable.amount_minor,
      15000,
      'the dated invoice keeps its whole day',
    );
    t.equal(undated?.reimbursable.amount_minor, 15000);
    t.ok(undated?.flags.includes('low_confidence'));
    t.match(
      undated?.rules_applied[0]?.effect,
      'invoice date unreadable, so capped as if alone in its period',
    );
    t.match(undated?.reason, /date not read with confidence/);
  },
);

t.test('a per-claim cap bounds each invoice alone, like per meal or per trip', async (t) => {
  const policy = rules({ categories: [capRule('other', 50000, 'claim')] });
  const decided = decideClaim(
    claim(
      [
        candidate('x', { category: 'other', total: 30000 }),
        candidate('y', { category: 'other', total: 60000 }),
      ],
      { rules: policy },
    ),
  );
  t.same(amounts(decided), { x: 30000, y: 50000 });
});

t.test('two caps on one category both apply: per meal and per day', async (t) => {
  const policy = rules({
    categories: [
      capRule('meal', 20000, 'meal'),
      capRule('meal', 30000, 'day', { id: 'meal.daily' }),
    ],
  });
  const decided = decideClaim(
    claim(
      [
        candidate('1-breakfast', { total: 25000 }),
        candidate('2-lunch', { total: 25000 }),
        candidate('3-dinner', { total: 25000 }),
      ],
      { rules: policy },
    ),
  );
  t.same(amounts(decided), { '1-breakfast': 20000, '2-lunch': 10000, '3-dinner': 0 });
  t.match(byKey(decided)['2-lunch']?.rules_applied, [
    { rule_id: 'meal.cap' },
    { rule_id: 'meal.daily' },
  ]);
});

t.test('a shared cap excluding taxes is consumed by amounts before tax', async (t) => {
  const policy = rules({
    categories: [capRule('accommodation', 10000, 'day', { includes_tax: false })],
  });
  const stay = (key: string) =>
    candidate(key, { category: 'accommodation', total: 7080, tax: 1080 });
  const decided = decideClaim(claim([stay('a'), stay('b')], { rules: policy }));
  // ₹60 + ₹10.80 tax fits; then ₹40 of the day is left before tax, ₹47.20 with its tax.
  t.same(amounts(decided), { a: 7080, b: 4720 });
});

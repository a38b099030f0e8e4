/**
 * Stored v1 rule sets and v1 invoice fields, migrated, must decide as the v1 engine decided:
 * same status, same reimbursable amount, for hand-picked cases and for a few hundred generated
 * claims covering every v1 cap period, tax basis and exclusion kind.
 */
import t from 'tap';
import { type CandidateInvoice, decideClaim, type PriorInvoice } from '../../src/domain/decide.js';
import { type DecideV2Input, decideV2 } from '../../src/domain/decide-v2.js';
import { factsFromV1, V1_CATEGORY_TO_V2 } from '../../src/domain/facts-v1.js';
import { rulesV2FromV1 } from '../../src/domain/rules/migrate-v1.js';
import type { CapPer, Category, PolicyRules } from '../../src/domain/types.js';
import {
  candidate,
  capRule,
  claim,
  exclusion,
  ineligibleRule,
  prior,
  rules,
} from '../helpers/decision-builders.js';

function both(v1Rules: PolicyRules, invoices: CandidateInvoice[], priors: PriorInvoice[] = []) {
  const v1 = decideClaim(claim(invoices, { rules: v1Rules, prior: priors }));
  const input: DecideV2Input = {
    rules: rulesV2FromV1(v1Rules),
    employee_id: 'emp-1',
    employee_name: null,
    claim_date: '2024-12-31',
    invoices: invoices.map((invoice) => ({
      key: invoice.key,
      file_name: invoice.file_name,
      facts: factsFromV1(invoice.fields),
      ocr: invoice.ocr,
    })),
    prior: priors.map((record) => ({
      id: record.id,
      employee_id: 'emp-1',
      category: V1_CATEGORY_TO_V2[record.category],
      date: record.invoice_date,
      billing_month: null,
      reimbursable_minor: record.reimbursable_minor,
      reimbursable_net_minor: null,
      currency: record.currency,
      label: record.id,
      policy_hash: null,
      cap_usage: null,
    })),
    options: { low_confidence_below: 0.6 },
  };
  const v2 = decideV2(input);
  return {
    v1: v1.map((d) => [d.key, d.decision.status, d.decision.reimbursable.amount_minor]),
    v2: v2.map((d) => [d.key, d.decision.status, d.decision.reimbursable.amount_minor]),
  };
}

t.test('hand-picked v1 claims decide the same after migration', async (t) => {
  const cases: Array<[string, PolicyRules, CandidateInvoice[], PriorInvoice[]]> = [
    [
      'meal with alcohol and tax',
      rules(),
      [
        candidate('m', {
          total: 77000,
          tax: 7000,
          subtotal: 70000,
          lines: [
            { description: 'Biriyani', amount_minor: 40000, quantity: 2 },
            { description: 'Whisky peg', amount_minor: 30000, quantity: 2 },
          ],
        }),
      ],
      [],
    ],
    [
      'hotel capped before tax per night',
      rules(),
      [
        candidate('h', {
          category: 'accommodation',
          total: 23600,
          tax: 3600,
          lines: [{ description: 'Room 2 nights', amount_minor: 20000, quantity: 2 }],
        }),
      ],
      [],
    ],
    [
      'cab day allowance shared with an earlier claim',
      rules(),
      [
        candidate('c1', { category: 'cab', total: 9000 }),
        candidate('c2', { category: 'cab', total: 9000 }),
      ],
      [prior('p', { reimbursable_minor: 4000 })],
    ],
    [
      'ineligible, uncovered, foreign, unread and zero totals',
      rules({ categories: [capRule('meal', 20000, 'meal'), ineligibleRule('cab')] }),
      [
        candidate('cab', { category: 'cab', total: 5000 }),
        candidate('travel', { category: 'travel', total: 5000 }),
        candidate('usd', { currency: 'USD', total: 5000 }),
        candidate('unread', { total: null }),
        candidate('zero', { total: 0 }),
        candidate('no-currency', { currency: null, total: 15000 }),
      ],
      [],
    ],
  ];
  for (const [name, v1Rules, invoices, priors] of cases) {
    const { v1, v2 } = both(v1Rules, invoices, priors);
    t.same(v2, v1, name);
  }
});

/** A tiny seeded generator, so the generated claims are the same on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    // mulberry32: 32-bit integer steps, so every bit stays exact.
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) % n;
  };
}

t.test('generated v1 claims decide the same after migration', async (t) => {
  const next = random(20_261_205);
  const pers: CapPer[] = ['item', 'meal', 'trip', 'night', 'day', 'month', 'claim'];
  const categories: Category[] = ['meal', 'travel', 'cab', 'accommodation', 'other'];
  const words = [
    'Paneer',
    'Beer mug',
    'Room night',
    'Fare',
    'Cigarettes',
    'Spa visit',
    'Soda',
    'Discount',
  ];
  let compared = 0;
  const seen = new Set<string>();
  for (let round = 0; round < 150; round += 1) {
    const caps = categories.slice(0, 2 + next(4)).flatMap((category) =>
      Array.from({ length: 1 + next(2) }, (_, index) =>
        capRule(category, 1000 + next(20) * 500, pers[next(pers.length)] as CapPer, {
          includes_tax: next(2) === 0,
          id: `${category}.cap.${index}`,
        }),
      ),
    );
    const v1Rules = rules({
      categories: caps,
      exclusions: [
        exclusion('alcohol'),
        exclusion('tobacco'),
        { ...exclusion('terms', ['spa']), id: 'ex.spa' },
      ],
    });
    const invoices = Array.from({ length: 1 + next(5) }, (_, index) => {
      const lines = Array.from({ length: next(4) }, () => {
        const description = words[next(words.length)] as string;
        const amount = description === 'Discount' ? -(100 + next(500)) : 100 + next(5000);
        return { description, amount_minor: amount, quantity: 1 + next(3) };
      });
      const linesSum = lines.reduce((sum, line) => sum + line.amount_minor, 0);
      const tax = next(3) === 0 ? null : next(1500);
      const total = Math.max(1, linesSum) + (tax ?? next(500));
      return candidate(`inv-${index}`, {
        category: categories[next(categories.length)] as Category,
        total,
        tax,
        subtotal: next(2) === 0 ? null : total - (tax ?? 0),
        date: next(6) === 0 ? null : `2024-12-0${1 + next(3)}`,
        lines,
      });
    });
    const priors = Array.from({ length: next(3) }, (_, index) =>
      prior(`p-${index}`, {
        category: categories[next(categories.length)] as Category,
        reimbursable_minor: 100 + next(3000),
        invoice_date: `2024-12-0${1 + next(3)}`,
      }),
    );
    const { v1, v2 } = both(v1Rules, invoices, priors);
    t.same(v2, v1, `round ${round}`);
    for (const [, status] of v1) seen.add(String(status));
    compared += v1.length;
  }
  t.ok(compared > 300, `${compared} invoices compared`);
  t.same(
    [...seen].sort(),
    ['declined', 'fully_reimbursed', 'partially_reimbursed'],
    'every status is compared',
  );
});

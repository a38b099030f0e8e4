/**
 * A claim under rules v2 keeps the review hints the v2 engine leaves outside (duplicates, totals
 * that do not add up), and earlier claims use up shared allowances exactly when their recorded
 * usage is still true.
 */
import t from 'tap';
import { decideClaimUnderV2, withReviewNotes } from '../../src/domain/decide-claim-v2.js';
import type { InvoiceRecord } from '../../src/domain/types.js';
import { candidate } from '../helpers/decision-builders.js';
import { cap, eligible, rulesV2 } from '../helpers/rules-v2-builders.js';

const rules = rulesV2({
  currency: 'INR',
  categories: [eligible('meal'), eligible('taxi')],
  caps: [cap('meal.day', ['meal'], 50000, { period: 'day' })],
});

const input = (invoices: ReturnType<typeof candidate>[], prior: InvoiceRecord[] = []) => ({
  rules,
  employee_id: 'asha',
  employee_name: 'Asha Verma',
  claim_date: '2024-12-10',
  invoices: invoices.map((c) => ({ ...c, fields: c.fields })),
  prior,
  options: { low_confidence_below: 0.6 },
});

function stored(id: string, overrides: Partial<InvoiceRecord> = {}): InvoiceRecord {
  const { fields } = candidate(id, { total: 30000, number: 'B-77', vendor: 'Spice Route' });
  return {
    id,
    job_id: 'earlier-job',
    owner_sub: 'u-asha',
    employee_name: 'Asha Verma',
    employee_key: 'asha verma',
    file_name: `${id}.pdf`,
    file_sha256: `sha-${id}`,
    policy_hash: rules.policy_hash,
    category: 'meal',
    vendor: 'Spice Route',
    invoice_number: 'B-77',
    invoice_date: '2024-12-03',
    currency: 'INR',
    total_minor: 30000,
    reimbursable_minor: 30000,
    status: 'fully_reimbursed',
    flags: [],
    reason: 'ok',
    fields,
    decision: {
      status: 'fully_reimbursed',
      claimed: { amount_minor: 30000, currency: 'INR' },
      eligible: { amount_minor: 30000, currency: 'INR' },
      reimbursable: { amount_minor: 30000, currency: 'INR' },
      reason: 'ok',
      rules_applied: [],
      flags: [],
    },
    override: null,
    text: '',
    created_at: '2024-12-04T00:00:00.000Z',
    updated_at: '2024-12-04T00:00:00.000Z',
    ...overrides,
  };
}

t.test('review notes join the engine’s own review clause', async (t) => {
  t.equal(withReviewNotes('Paid in full.', []), 'Paid in full.');
  t.equal(withReviewNotes('Paid in full.', ['a', 'b']), 'Paid in full. Review: a; b.');
  t.equal(withReviewNotes('Paid. Review: late.', ['dup']), 'Paid. Review: late; dup.');
});

t.test('duplicates within the claim and against earlier invoices are flagged', async (t) => {
  const decided = decideClaimUnderV2(
    input(
      [
        candidate('a', { total: 20000, number: 'B-77', vendor: 'Spice Route' }),
        candidate('b', { total: 10000, number: 'Z-1', vendor: 'Other' }, { file_sha256: 'sha-c' }),
        candidate('c', { total: 10000, number: 'Z-2', vendor: 'Third' }),
      ],
      [stored('earlier')],
    ),
  );
  t.ok(decided[0]?.decision.flags.includes('possible_duplicate'), 'same vendor and number');
  t.match(decided[0]?.decision.reason, /possible duplicate of earlier invoice Spice Route/);
  t.ok(decided[1]?.decision.flags.includes('possible_duplicate'), 'same file as c');
  t.ok(decided[2]?.decision.flags.includes('possible_duplicate'));
  t.equal(decided[0]?.category, 'meal');
  t.equal(decided[0]?.decision.category, 'meal');
});

t.test('totals that do not add up are flagged amount_inconsistent', async (t) => {
  const [result] = decideClaimUnderV2(
    input([
      candidate('a', {
        total: 20000,
        lines: [{ description: 'Thali', amount_minor: 12000 }],
        tax: 1000,
      }),
    ]),
  );
  t.ok(result?.decision.flags.includes('amount_inconsistent'));
  t.match(result?.decision.reason, /Review: .*not the total/);
});

t.test(
  'earlier invoices use up shared allowances; a reviewed amount counts as reviewed',
  async (t) => {
    const today = candidate('today', { total: 30000, date: '2024-12-03', number: 'N-1' });
    const first = decideClaimUnderV2(input([today], [stored('earlier')]));
    t.equal(first[0]?.decision.reimbursable.amount_minor, 20000, '₹300 of the ₹500 day were used');
    t.same(
      first[0]?.decision.cap_usage.map((u) => u.cap_id),
      ['meal.day'],
    );

    const recorded = stored('earlier');
    const withUsage = {
      ...recorded,
      decision: {
        ...recorded.decision,
        cap_usage: [{ cap_id: 'meal.day', period_key: '2024-12-03', used_minor: 5000 }],
      },
    };
    const exact = decideClaimUnderV2(input([today], [withUsage]));
    t.equal(
      exact[0]?.decision.reimbursable.amount_minor,
      30000,
      'usage recorded under the same rules counts exactly (₹50, not the ₹300 paid)',
    );
    const otherRules = decideClaimUnderV2(
      input([today], [{ ...withUsage, policy_hash: 'an-older-version' }]),
    );
    t.equal(
      otherRules[0]?.decision.reimbursable.amount_minor,
      20000,
      'usage recorded under other rules counts as the amount paid',
    );

    const reviewed = stored('earlier', {
      reimbursable_minor: 10000,
      override: {
        status: 'partially_reimbursed',
        reimbursable: { amount_minor: 10000, currency: 'INR' },
        reason: 'approved in part',
        by: { sub: 'u-fiona', name: 'Fiona' },
        at: '2024-12-05T00:00:00.000Z',
      },
    });
    const second = decideClaimUnderV2(input([today], [reviewed]));
    t.equal(second[0]?.decision.reimbursable.amount_minor, 30000, 'only the ₹100 allowed counts');
  },
);

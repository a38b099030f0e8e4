/**
 * The policy section of `npm run eval` (scripts/eval-policies.ts): counts of the rules read, and
 * each sentence not understood with its page and reason, or "none".
 */
import t from 'tap';
import { describePolicyReading } from '../../../../scripts/eval-policies.js';
import { compilePolicyV2 } from '../../../../src/ai/offline/policy/compile.js';

t.test('the report names what was read and what was not', async (t) => {
  const compiled = compilePolicyV2(
    [
      'Northwind Ltd Expense Policy\nTaxis are reimbursed up to £30 per ride.\nAlcohol is not reimbursed.',
      'Example: a £45 ride is paid at £30.\nA fine of £50 applies to false claims.',
    ],
    { policy_hash: 'report' },
  );
  t.same(describePolicyReading(compiled), [
    'policy v2 (offline): Northwind Ltd Expense Policy — GBP, GB',
    '  rules: 1 categories, 1 caps, 1 exclusions',
    '  sentences: 2 with rules, 0 notes, 1 in examples, 1 not understood',
    '  not understood (p2): "A fine of £50 applies to false claims." — £50: an amount without a limit word is not read as a cap',
  ]);
});

t.test('a policy read in full says so', async (t) => {
  const compiled = compilePolicyV2(['Rail tickets are reimbursed in second class only.'], {
    policy_hash: 'report',
  });
  t.equal(describePolicyReading(compiled).at(-1), '  not understood: none');
});

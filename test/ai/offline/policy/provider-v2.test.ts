/**
 * The offline provider compiles a policy to rules v2 beside its v1 rules: the same policy text
 * gives both, the v2 compilation carries the policy's hash and the sentences not understood, and
 * an aborted request is refused before any work.
 */
import t from 'tap';
import { OfflineProvider } from '../../../../src/ai/offline/provider.js';
import type { PolicyText } from '../../../../src/ai/provider.js';

const policy: PolicyText = {
  file_name: 'policy.txt',
  sha256: 'a'.repeat(64),
  pages: [
    'Meals\nLunch is reimbursed up to ₹300 per meal.\nA fine of ₹100 applies to late claims.',
  ],
};

t.test('v1 and v2 rules from the same policy text', async (t) => {
  const provider = new OfflineProvider();
  const v1 = await provider.compilePolicy(policy);
  t.equal(v1.schema_version, 1, 'the v1 path is unchanged');
  const v2 = await provider.compilePolicyV2(policy);
  t.match(v2.rules, {
    schema_version: 2,
    policy_hash: policy.sha256,
    compiled_by: 'offline',
    currency: 'INR',
    caps: [{ categories: ['meal.lunch'], amount_minor: 30000, period: 'meal' }],
  });
  t.equal(v2.rules.caps.length, 1, 'the fine is not a cap');
  t.same(v2.not_understood, [
    {
      sentence: 'A fine of ₹100 applies to late claims.',
      page: 1,
      reason: '₹100: an amount without a limit word is not read as a cap',
    },
  ]);
});

t.test('the default currency applies to a policy that prints none', async (t) => {
  const provider = new OfflineProvider({ default_currency: 'EUR' });
  const v2 = await provider.compilePolicyV2({ ...policy, pages: ['Taxis are reimbursed.'] });
  t.equal(v2.rules.currency, 'EUR');
});

t.test('an aborted compilation is refused', async (t) => {
  const controller = new AbortController();
  controller.abort();
  await t.rejects(new OfflineProvider().compilePolicyV2(policy, controller.signal));
});

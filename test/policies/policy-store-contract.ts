/**
 * The behaviour every PolicyStore adapter must have, whatever it stores in: versions numbered in
 * order, one active version across all policies, drafts the only versions that change, stale
 * writes refused, and each change written with its audit entry in the backend's own audit log.
 */
import type { Test } from 'tap';
import type { Policy, PolicyVersion } from '../../src/domain/policy-versions.js';
import { BadRequestError } from '../../src/errors.js';
import type { AuditLog, NewAuditEntry, PolicyStore } from '../../src/store/ports.js';
import { rulesV2 } from '../helpers/rules-v2-builders.js';

export interface PolicyBackend {
  store: PolicyStore;
  /** The audit log of the same backend, to see what the store recorded. */
  audit: AuditLog;
}

/** Returns a store over empty storage; the factory closes it in t.teardown. */
export type PolicyBackendFactory = (t: Test) => Promise<PolicyBackend>;

const finance = { sub: 'fin-1', name: 'Farah Finance' };
const AT = '2026-03-01T09:00:00.000Z';

const entry = (action: string, target: string, details = {}): NewAuditEntry => ({
  actor_sub: finance.sub,
  actor_name: finance.name,
  actor_role: 'finance',
  action,
  target_type: 'policy',
  target_id: target,
  request_id: `req-${action}`,
  client_ip: '203.0.113.9',
  details,
});

function policy(id: string, name = `Policy ${id}`): Policy {
  return {
    id,
    name,
    created_by: finance,
    created_at: AT,
    updated_at: AT,
    active_version: null,
    latest_version: 1,
  };
}

function draft(policyId: string, number = 1, hash = `hash-${policyId}-${number}`): PolicyVersion {
  return {
    policy_id: policyId,
    number,
    state: 'draft',
    content_hash: hash,
    revision: 1,
    source: { kind: 'rules', file_name: 'rules.json', media_type: 'application/json', sha256: 'f' },
    rules: rulesV2({ policy_hash: hash, name: `Rules of ${policyId}` }),
    not_understood: [{ sentence: 'Be sensible.', page: 1, reason: 'no amount or category' }],
    created_by: finance,
    created_at: AT,
    updated_by: finance,
    updated_at: AT,
    activated_at: null,
    retired_at: null,
  };
}

async function created(store: PolicyStore, id: string): Promise<void> {
  await store.create(policy(id), draft(id), entry('policy.create', id));
}

export function runPolicyStoreContract(t: Test, make: PolicyBackendFactory): void {
  t.test('create stores the policy, its version 1 and the audit entry', async (t) => {
    const { store, audit } = await make(t);
    await created(store, 'p1');
    t.match(await store.get('p1'), { id: 'p1', latest_version: 1, active_version: null });
    t.same(await store.versions('p1'), [draft('p1')]);
    t.same(await store.version('p1', 1), draft('p1'));
    t.equal(await store.version('p1', 2), null);
    t.equal(await store.get('nope'), null);
    t.same(await store.versions('nope'), []);
    t.equal(await store.active(), null);
    const [logged] = (await audit.list({}, { limit: 10 })).items;
    t.match(logged, { action: 'policy.create', target_id: 'p1', actor_sub: 'fin-1' });
  });

  t.test('addVersion numbers versions after the latest and audits each', async (t) => {
    const { store, audit } = await make(t);
    await created(store, 'p1');
    const { policy_id: _p, number: _n, ...second } = draft('p1', 2);
    const v2 = await store.addVersion('p1', second, (v) =>
      entry('policy.version_create', 'p1', { version: v.number }),
    );
    const v3 = await store.addVersion('p1', { ...second, content_hash: 'other' }, (v) =>
      entry('policy.version_create', 'p1', { version: v.number }),
    );
    t.equal(v2?.number, 2);
    t.equal(v3?.number, 3);
    t.same(
      (await store.versions('p1')).map((v) => v.number),
      [1, 2, 3],
    );
    t.equal((await store.get('p1'))?.latest_version, 3);
    t.equal(
      await store.addVersion('missing', second, () => entry('policy.version_create', 'x')),
      null,
      'no version for a policy that does not exist',
    );
    t.same(
      (await audit.list({ action: 'policy.version_create' }, { limit: 10 })).items.map(
        (e) => e.details.version,
      ),
      [3, 2],
    );
  });

  t.test('list is newest first and pages with a cursor', async (t) => {
    const { store } = await make(t);
    for (const id of ['a', 'b', 'c', 'd', 'e']) await created(store, id);
    const first = await store.list({ limit: 2 });
    t.same(
      first.items.map((p) => p.id),
      ['e', 'd'],
    );
    const second = await store.list({ limit: 2, cursor: first.next_cursor });
    t.same(
      second.items.map((p) => p.id),
      ['c', 'b'],
    );
    const last = await store.list({ limit: 2, cursor: second.next_cursor });
    t.same(
      last.items.map((p) => p.id),
      ['a'],
    );
    t.equal(last.next_cursor, null);
    t.equal((await store.list({ limit: 5 })).next_cursor, null, 'an exact page has no cursor');
    await t.rejects(store.list({ limit: 2, cursor: 'not-ours' }), BadRequestError);
  });

  t.test('updateRules changes a draft at the expected revision only', async (t) => {
    const { store, audit } = await make(t);
    await created(store, 'p1');
    const rules = rulesV2({ policy_hash: 'edited', name: 'Edited' });
    const change = { rules, content_hash: 'edited', by: finance, at: '2026-03-02T00:00:00.000Z' };
    const stale = await store.updateRules(
      'p1',
      1,
      { ...change, expected_revision: 7 },
      entry('policy.rules_update', 'p1'),
    );
    t.equal(stale.kind, 'stale');
    const updated = await store.updateRules(
      'p1',
      1,
      { ...change, expected_revision: 1 },
      entry('policy.rules_update', 'p1'),
    );
    t.match(updated, {
      kind: 'updated',
      version: { revision: 2, content_hash: 'edited', rules: { name: 'Edited' } },
    });
    t.match(await store.version('p1', 1), { revision: 2, content_hash: 'edited' });
    t.equal(
      (await store.updateRules('p1', 9, { ...change, expected_revision: 1 }, entry('x', 'p1')))
        .kind,
      'not_found',
    );
    t.equal(
      (await audit.list({ action: 'policy.rules_update' }, { limit: 10 })).items.length,
      1,
      'only the change that happened is audited',
    );
  });

  t.test(
    'activate keeps one active version across policies and retires the previous',
    async (t) => {
      const { store, audit } = await make(t);
      await created(store, 'p1');
      await created(store, 'p2');
      const first = await store.activate('p1', 1, { by: finance, at: AT }, (retired) =>
        entry('policy.activate', 'p1', { retired }),
      );
      t.match(first, {
        kind: 'activated',
        retired: null,
        changed: true,
        version: { state: 'active' },
      });
      t.match(await store.get('p1'), { active_version: 1 });
      t.match(await store.active(), { policy_id: 'p1', number: 1, activated_at: AT });

      const later = '2026-03-05T00:00:00.000Z';
      const second = await store.activate('p2', 1, { by: finance, at: later }, (retired) =>
        entry('policy.activate', 'p2', { retired }),
      );
      t.match(second, {
        kind: 'activated',
        retired: { policy_id: 'p1', version: 1, content_hash: 'hash-p1-1' },
      });
      t.match(await store.version('p1', 1), { state: 'retired', retired_at: later });
      t.match(await store.get('p1'), { active_version: null });
      t.match(await store.active(), { policy_id: 'p2', number: 1 });

      const again = await store.activate('p2', 1, { by: finance, at: later }, () =>
        entry('policy.activate', 'p2'),
      );
      t.match(again, { kind: 'activated', changed: false, retired: null });
      t.equal(
        (await store.activate('p2', 4, { by: finance, at: later }, () => entry('x', 'p2'))).kind,
        'not_found',
      );

      const rollback = await store.activate('p1', 1, { by: finance, at: later }, (retired) =>
        entry('policy.activate', 'p1', { retired }),
      );
      t.match(rollback, { retired: { policy_id: 'p2', version: 1 } });
      t.match(await store.version('p1', 1), { state: 'active', retired_at: null });
      t.equal(
        (await audit.list({ action: 'policy.activate' }, { limit: 10 })).items.length,
        3,
        'three activations changed something; the repeated one did not',
      );
    },
  );

  t.test('active and retired versions refuse rule changes', async (t) => {
    const { store } = await make(t);
    await created(store, 'p1');
    const { policy_id: _p, number: _n, ...second } = draft('p1', 2);
    await store.addVersion('p1', second, () => entry('policy.version_create', 'p1'));
    await store.activate('p1', 1, { by: finance, at: AT }, () => entry('policy.activate', 'p1'));
    await store.activate('p1', 2, { by: finance, at: AT }, () => entry('policy.activate', 'p1'));
    const change = {
      expected_revision: 3,
      rules: rulesV2(),
      content_hash: 'x',
      by: finance,
      at: AT,
    };
    t.match(await store.updateRules('p1', 1, change, entry('x', 'p1')), {
      kind: 'not_draft',
      version: { state: 'retired' },
    });
    t.match(await store.updateRules('p1', 2, change, entry('x', 'p1')), {
      kind: 'not_draft',
      version: { state: 'active' },
    });
  });

  t.test('concurrent edits of one revision: exactly one wins', async (t) => {
    const { store } = await make(t);
    await created(store, 'p1');
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        store.updateRules(
          'p1',
          1,
          {
            expected_revision: 1,
            rules: rulesV2({ name: `Edit ${i}` }),
            content_hash: `h${i}`,
            by: finance,
            at: AT,
          },
          entry('policy.rules_update', 'p1'),
        ),
      ),
    );
    t.equal(outcomes.filter((o) => o.kind === 'updated').length, 1);
    t.equal(outcomes.filter((o) => o.kind === 'stale').length, 3);
  });
}

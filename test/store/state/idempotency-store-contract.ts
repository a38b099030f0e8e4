import type { Test } from 'tap';
import type { IdempotencyStore } from '../../../src/store/ports.js';
import type { Clock } from '../../../src/store/state-codec.js';
import { manualClock } from './fixtures.js';

/** Returns a store over empty storage; the factory closes it in t.teardown. */
export type IdempotencyStoreFactory = (
  t: Test,
  options: { clock: Clock; ttlSeconds: number },
) => Promise<IdempotencyStore>;

const DAY_SECONDS = 24 * 60 * 60;
const claim = (key: string, fingerprint = 'sha256:body-1', owner_sub = 'user-a') => ({
  key,
  owner_sub,
  fingerprint,
});
const response = {
  status_code: 202,
  body: '{"id":"job-1"}',
  headers: { location: '/api/v1/jobs/job-1', 'content-type': 'application/json' },
};

/** The behaviour every IdempotencyStore adapter must have, whatever it stores in. */
export function runIdempotencyStoreContract(t: Test, make: IdempotencyStoreFactory): void {
  t.test('the first begin claims the key; a second sees the running claim', async (t) => {
    const store = await make(t, {
      clock: manualClock('2025-02-01T09:00:00.000Z'),
      ttlSeconds: DAY_SECONDS,
    });
    t.equal(await store.begin(claim('k-1')), null);
    t.same(await store.begin(claim('k-1')), {
      key: 'k-1',
      owner_sub: 'user-a',
      fingerprint: 'sha256:body-1',
      state: 'running',
      status_code: null,
      body: null,
      headers: null,
      created_at: '2025-02-01T09:00:00.000Z',
    });
  });

  t.test('after finish, begin returns the stored answer to replay', async (t) => {
    const store = await make(t, { clock: manualClock(), ttlSeconds: DAY_SECONDS });
    await store.begin(claim('k-1'));
    await store.finish('k-1', 'user-a', response);
    t.match(await store.begin(claim('k-1')), {
      state: 'done',
      fingerprint: 'sha256:body-1',
      ...response,
    });
  });

  t.test(
    'a different request under a used key gets the original entry, so the caller can refuse it',
    async (t) => {
      const store = await make(t, { clock: manualClock(), ttlSeconds: DAY_SECONDS });
      await store.begin(claim('k-1', 'sha256:body-1'));
      t.match(await store.begin(claim('k-1', 'sha256:body-2')), {
        fingerprint: 'sha256:body-1',
        state: 'running',
      });
      await store.finish('k-1', 'user-a', response);
      t.match(await store.begin(claim('k-1', 'sha256:body-2')), {
        fingerprint: 'sha256:body-1',
        state: 'done',
      });
    },
  );

  t.test('keys belong to one user: the same key of another user is a separate claim', async (t) => {
    const store = await make(t, { clock: manualClock(), ttlSeconds: DAY_SECONDS });
    await store.begin(claim('k-1', 'sha256:a', 'user-a'));
    await store.finish('k-1', 'user-a', response);
    t.equal(await store.begin(claim('k-1', 'sha256:b', 'user-b')), null, 'B claims its own key');
    await store.abandon('k-1', 'user-b');
    t.match(
      await store.begin(claim('k-1', 'sha256:a', 'user-a')),
      { state: 'done' },
      'A keeps its answer',
    );
  });

  t.test('abandon frees a running claim for a retry but never a finished one', async (t) => {
    const store = await make(t, { clock: manualClock(), ttlSeconds: DAY_SECONDS });
    await store.begin(claim('k-1'));
    await store.abandon('k-1', 'user-a');
    t.equal(await store.begin(claim('k-1')), null, 'the retry claims the key again');
    await store.finish('k-1', 'user-a', response);
    await store.abandon('k-1', 'user-a');
    t.match(
      await store.begin(claim('k-1')),
      { state: 'done' },
      'the stored answer survives a late abandon',
    );
    await store.abandon('k-never-used', 'user-a');
  });

  t.test('finish without a claim stores nothing', async (t) => {
    const store = await make(t, { clock: manualClock(), ttlSeconds: DAY_SECONDS });
    await store.finish('k-1', 'user-a', response);
    t.equal(await store.begin(claim('k-1')), null);
  });

  t.test('a key is forgotten once the TTL has passed since it was claimed', async (t) => {
    const clock = manualClock();
    const store = await make(t, { clock, ttlSeconds: 60 });
    await store.begin(claim('k-1', 'sha256:old'));
    await store.finish('k-1', 'user-a', response);
    clock.advance(59_999);
    t.match(
      await store.begin(claim('k-1', 'sha256:new')),
      { fingerprint: 'sha256:old', state: 'done' },
      'still remembered just before',
    );
    clock.advance(1);
    t.equal(await store.begin(claim('k-1', 'sha256:new')), null, 'claimable again at the TTL');
    t.match(
      await store.begin(claim('k-1', 'sha256:other')),
      { fingerprint: 'sha256:new', state: 'running' },
      'the new claim is a fresh entry',
    );
  });
}

import type { Test } from 'tap';
import { BadRequestError } from '../../../src/errors.js';
import type { AuditEntry, AuditLog } from '../../../src/store/ports.js';
import type { Clock, NewAuditEntry } from '../../../src/store/state-codec.js';
import { manualClock } from './fixtures.js';

/** Returns a log over empty storage using the given clock; the factory closes it in t.teardown. */
export type AuditLogFactory = (t: Test, clock: Clock) => Promise<AuditLog>;

const change = (overrides: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  actor_sub: 'user-a',
  actor_name: 'Asha',
  actor_role: 'finance',
  action: 'job.create',
  target_type: 'job',
  target_id: 'job-1',
  request_id: 'req-1',
  client_ip: '203.0.113.7',
  details: {},
  ...overrides,
});

async function listAll(
  log: AuditLog,
  filter: Parameters<AuditLog['list']>[0],
  limit: number,
): Promise<{ pages: number; items: AuditEntry[] }> {
  const items: AuditEntry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await log.list(filter, { limit, cursor });
    items.push(...page.items);
    cursor = page.next_cursor;
    pages++;
  } while (cursor);
  return { pages, items };
}

/** The behaviour every AuditLog adapter must have, whatever it stores in. */
export function runAuditLogContract(t: Test, make: AuditLogFactory): void {
  t.test('record stamps an id and the time; list returns entries newest first', async (t) => {
    const clock = manualClock('2025-02-01T09:00:00.000Z');
    const log = await make(t, clock);
    await log.record(change({ details: { files: ['a.zip'], amount_minor: 1200 } }));
    clock.advance(1000);
    await log.record(
      change({ action: 'chat.delete', target_type: 'chat_session', target_id: null }),
    );
    const { items, next_cursor } = await log.list({}, { limit: 10 });
    t.equal(next_cursor, null);
    t.match(items, [
      { action: 'chat.delete', target_id: null, at: '2025-02-01T09:00:01.000Z' },
      {
        action: 'job.create',
        target_id: 'job-1',
        at: '2025-02-01T09:00:00.000Z',
        details: { files: ['a.zip'], amount_minor: 1200 },
      },
    ]);
    t.same(items[1], {
      ...change({ details: { files: ['a.zip'], amount_minor: 1200 } }),
      id: items[1]?.id,
      at: '2025-02-01T09:00:00.000Z',
    });
    t.ok(items[0]?.id && items[1]?.id && items[0].id !== items[1].id, 'each entry has its own id');
  });

  t.test(
    'list filters by actor, action, target and time range (from inclusive, to exclusive)',
    async (t) => {
      const clock = manualClock('2025-02-01T09:00:00.000Z');
      const log = await make(t, clock);
      const plan: Array<Partial<NewAuditEntry>> = [
        { actor_sub: 'user-a', action: 'job.create', target_id: 'job-1' },
        { actor_sub: 'user-b', action: 'job.create', target_id: 'job-2' },
        { actor_sub: 'user-a', action: 'invoice.override', target_id: 'inv-1' },
        { actor_sub: 'user-b', action: 'invoice.override', target_id: 'job-1' },
      ];
      for (const overrides of plan) {
        await log.record(
          change({ ...overrides, request_id: `req-${overrides.actor_sub}-${overrides.target_id}` }),
        );
        clock.advance(60_000);
      }
      const requests = async (filter: Parameters<AuditLog['list']>[0]) =>
        (await log.list(filter, { limit: 10 })).items.map((entry) => entry.request_id);
      t.same(await requests({ actor_sub: 'user-a' }), ['req-user-a-inv-1', 'req-user-a-job-1']);
      t.same(await requests({ action: 'invoice.override' }), [
        'req-user-b-job-1',
        'req-user-a-inv-1',
      ]);
      t.same(await requests({ target_id: 'job-1' }), ['req-user-b-job-1', 'req-user-a-job-1']);
      t.same(await requests({ from: '2025-02-01T09:01:00.000Z', to: '2025-02-01T09:03:00.000Z' }), [
        'req-user-a-inv-1',
        'req-user-b-job-2',
      ]);
      t.same(
        await requests({
          actor_sub: 'user-b',
          target_id: 'job-1',
          from: '2025-02-01T09:03:00.000Z',
        }),
        ['req-user-b-job-1'],
      );
      t.same(await requests({ actor_sub: 'user-nobody' }), []);
    },
  );

  t.test('pages follow each other without overlap or gap until next_cursor is null', async (t) => {
    const clock = manualClock();
    const log = await make(t, clock);
    for (let i = 1; i <= 7; i++) {
      await log.record(change({ request_id: `req-${i}` }));
      clock.advance(1000);
    }
    const first = await log.list({}, { limit: 3 });
    t.same(
      first.items.map((entry) => entry.request_id),
      ['req-7', 'req-6', 'req-5'],
    );
    const { pages, items } = await listAll(log, {}, 3);
    t.equal(pages, 3);
    t.same(
      items.map((entry) => entry.request_id),
      ['req-7', 'req-6', 'req-5', 'req-4', 'req-3', 'req-2', 'req-1'],
    );
    const exact = await listAll(log, {}, 7);
    t.equal(exact.pages, 1, 'a page that ends exactly at the last entry has no next cursor');
  });

  t.test('a selective filter pages correctly through a long log', async (t) => {
    const clock = manualClock();
    const log = await make(t, clock);
    for (let i = 1; i <= 260; i++) {
      await log.record(
        change({ actor_sub: i % 50 === 0 ? 'user-rare' : 'user-common', request_id: `req-${i}` }),
      );
      clock.advance(1000);
    }
    const { items } = await listAll(log, { actor_sub: 'user-rare' }, 2);
    t.same(
      items.map((entry) => entry.request_id),
      ['req-250', 'req-200', 'req-150', 'req-100', 'req-50'],
    );
  });

  t.test(
    'a cursor the API did not issue is a client error; the limit must be positive',
    async (t) => {
      const log = await make(t, manualClock());
      await log.record(change());
      await t.rejects(log.list({}, { limit: 5, cursor: 'not-a-cursor' }), BadRequestError);
      await t.rejects(
        log.list({}, { limit: 5, cursor: Buffer.from('{"after":[1]}').toString('base64url') }),
        BadRequestError,
      );
      await t.rejects(log.list({}, { limit: 0 }), RangeError);
    },
  );
}

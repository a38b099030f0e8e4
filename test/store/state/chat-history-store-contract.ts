import type { Test } from 'tap';
import type { ChatHistoryStore, ChatTurn } from '../../../src/store/ports.js';
import type { Clock } from '../../../src/store/state-codec.js';
import { manualClock } from './fixtures.js';

/** Returns a store over empty storage using the given clock; the factory closes it in t.teardown. */
export type ChatHistoryStoreFactory = (t: Test, clock: Clock) => Promise<ChatHistoryStore>;

const question = (content: string): ChatTurn => ({
  role: 'user',
  content,
  at: '2025-02-01T09:00:00.000Z',
});
const answer = (content: string, meta?: Record<string, unknown>): ChatTurn => ({
  role: 'assistant',
  content,
  at: '2025-02-01T09:00:01.000Z',
  ...(meta ? { meta } : {}),
});

/** The behaviour every ChatHistoryStore adapter must have, whatever it stores in. */
export function runChatHistoryStoreContract(t: Test, make: ChatHistoryStoreFactory): void {
  t.test('history returns appended turns in order; an unknown session is null', async (t) => {
    const store = await make(t, manualClock());
    await store.ping();
    const turns = [
      question('How much was spent on meals?'),
      answer('**₹2,000** on 3 invoices.', { cited: ['inv-1'], filters: { category: 'meal' } }),
    ];
    await store.append('s-1', 'user-a', turns, 20);
    await store.append('s-1', 'user-a', [question('And cabs?')], 20);
    t.same(await store.history('s-1', 'user-a'), [...turns, question('And cabs?')]);
    t.equal(await store.history('s-unknown', 'user-a'), null);
  });

  t.test(
    'only the most recent maxTurns turns are kept; the title stays the first question',
    async (t) => {
      const store = await make(t, manualClock());
      await store.append('s-1', 'user-a', [question('q1'), answer('a1')], 4);
      await store.append('s-1', 'user-a', [question('q2'), answer('a2')], 4);
      await store.append('s-1', 'user-a', [question('q3'), answer('a3')], 4);
      t.same(
        (await store.history('s-1', 'user-a'))?.map((turn) => turn.content),
        ['q2', 'a2', 'q3', 'a3'],
      );
      t.match(await store.sessions('user-a'), [{ session_id: 's-1', title: 'q1', turns: 4 }]);
      await t.rejects(store.append('s-1', 'user-a', [question('q4')], 0), RangeError);
    },
  );

  t.test('the title is the first question on one line, cut to 80 characters', async (t) => {
    const store = await make(t, manualClock());
    await store.append(
      's-long',
      'user-a',
      [question(`  Which   invoices\nwere declined ${'and why '.repeat(20)}`), answer('…')],
      20,
    );
    await store.append('s-short', 'user-a', [question('Totals by category?')], 20);
    const titles = Object.fromEntries(
      (await store.sessions('user-a')).map((session) => [session.session_id, session.title]),
    );
    t.equal(titles['s-short'], 'Totals by category?');
    t.equal(titles['s-long']?.length, 80);
    t.ok(titles['s-long']?.startsWith('Which invoices were declined and why and why'));
    t.ok(titles['s-long']?.endsWith('…'));
  });

  t.test(
    'sessions lists the owner sessions, most recently updated first, with times and counts',
    async (t) => {
      const clock = manualClock('2025-02-01T09:00:00.000Z');
      const store = await make(t, clock);
      await store.append('s-old', 'user-a', [question('first'), answer('one')], 20);
      clock.advance(60_000);
      await store.append('s-new', 'user-a', [question('second')], 20);
      clock.advance(60_000);
      await store.append('s-old', 'user-a', [question('third')], 20);
      t.same(await store.sessions('user-a'), [
        {
          session_id: 's-old',
          owner_sub: 'user-a',
          title: 'first',
          created_at: '2025-02-01T09:00:00.000Z',
          updated_at: '2025-02-01T09:02:00.000Z',
          turns: 3,
        },
        {
          session_id: 's-new',
          owner_sub: 'user-a',
          title: 'second',
          created_at: '2025-02-01T09:01:00.000Z',
          updated_at: '2025-02-01T09:01:00.000Z',
          turns: 1,
        },
      ]);
      t.same(await store.sessions('user-nobody'), []);
    },
  );

  t.test('another user cannot read, delete, list or extend a session', async (t) => {
    const store = await make(t, manualClock());
    await store.append(
      's-1',
      'user-a',
      [question('private question'), answer('private answer')],
      20,
    );
    t.equal(await store.history('s-1', 'user-b'), null, 'B reads nothing');
    t.equal(await store.delete('s-1', 'user-b'), false, 'B deletes nothing');
    t.same(await store.sessions('user-b'), [], 'B lists nothing');
    await store.append('s-1', 'user-b', [question('same id, other user')], 20);
    t.same(
      (await store.history('s-1', 'user-b'))?.map((turn) => turn.content),
      ['same id, other user'],
      'B only gets a session of its own',
    );
    t.same(
      (await store.history('s-1', 'user-a'))?.map((turn) => turn.content),
      ['private question', 'private answer'],
      'A is untouched',
    );
    t.match(await store.sessions('user-a'), [
      { session_id: 's-1', title: 'private question', turns: 2 },
    ]);
  });

  t.test('delete removes a session once', async (t) => {
    const clock = manualClock();
    const store = await make(t, clock);
    await store.append('s-1', 'user-a', [question('q'), answer('a')], 20);
    await store.append('s-2', 'user-a', [question('kept')], 20);
    t.equal(await store.delete('s-1', 'user-a'), true);
    t.equal(await store.delete('s-1', 'user-a'), false);
    t.equal(await store.history('s-1', 'user-a'), null);
    t.same(
      (await store.sessions('user-a')).map((session) => session.session_id),
      ['s-2'],
    );
    clock.advance(1000);
    await store.append('s-1', 'user-a', [question('fresh start')], 20);
    t.match(await store.sessions('user-a'), [
      { session_id: 's-1', title: 'fresh start', turns: 1 },
      { session_id: 's-2' },
    ]);
  });
}

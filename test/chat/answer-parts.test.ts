/**
 * The pure parts the chat service is built from, checked on their own: how a template answer is
 * cut into stream deltas, which plan a follow-up continues, the question checks, and how a model's
 * answer is held to what its tools returned.
 */
import t from 'tap';
import { checkedQuery, isSessionId } from '../../src/chat/chat-question.js';
import { mentionedFirst, unverifiedLinks, unverifiedNote } from '../../src/chat/gemini-writer.js';
import type { ChatPlan } from '../../src/chat/language/plan.js';
import { chunks, previousPlan } from '../../src/chat/offline-writer.js';
import type { ChatTurn } from '../../src/store/ports.js';

t.test('a template answer streams in whole lines of about 160 characters', async (t) => {
  const line = `${'x'.repeat(59)}\n`;
  const markdown = line.repeat(7);
  const pieces = chunks(markdown);
  t.equal(pieces.join(''), markdown, 'nothing lost or added');
  t.same(
    pieces.map((piece) => piece.length),
    [120, 120, 120, 60],
    'a piece stops before the line that would take it past 160',
  );
  t.ok(
    pieces.every((piece) => piece.endsWith('\n')),
    'no line is cut',
  );
  const long = 'y'.repeat(500);
  t.same(chunks(long), [long], 'a line longer than a piece is sent whole');
  t.same(chunks(''), [], 'no text, no delta');
});

t.test('a follow-up continues the plan of the last answer only', async (t) => {
  const plan: ChatPlan = { intent: 'list', filter: { employee: 'A' }, group_by: [], limit: 20 };
  const at = '2026-11-02T10:00:00.000Z';
  const turns = (meta?: Record<string, unknown>): ChatTurn[] => [
    { role: 'user', content: 'q1', at },
    { role: 'assistant', content: 'a1', at, meta: { plan } },
    { role: 'user', content: 'q2', at },
    { role: 'assistant', content: 'a2', at, ...(meta ? { meta } : {}) },
  ];
  t.same(previousPlan(turns({ plan })), plan);
  t.equal(previousPlan(turns()), undefined, 'a Gemini answer (no plan) ends the chain');
  t.equal(
    previousPlan(turns({ plan: { intent: 7 } })),
    undefined,
    'a stored plan of the wrong shape is ignored',
  );
  t.equal(previousPlan([]), undefined);
});

t.test('a question is trimmed and bounded in characters, not UTF-16 units', async (t) => {
  t.equal(checkedQuery({ query: '  how much?  ' }, 20), 'how much?');
  t.throws(() => checkedQuery({ query: '   ' }, 20), { code: 'empty_query' });
  t.equal(checkedQuery({ query: '😀'.repeat(5) }, 5), '😀'.repeat(5), 'five characters');
  t.throws(() => checkedQuery({ query: '😀'.repeat(6) }, 5), {
    code: 'query_too_long',
    message: 'The query has 6 characters; at most 5 are allowed.',
  });
  t.ok(isSessionId('3f0c-session_1.a:b'));
  t.notOk(isSessionId(''));
  t.notOk(isSessionId('a/b'), 'a key separator never reaches the store');
  t.notOk(isSessionId('x'.repeat(129)));
});

t.test("a model's answer is held to what its tools returned", async (t) => {
  const text = 'See [a.pdf](invoice:inv-1), [b.pdf](invoice:inv-9) and [b](invoice:inv-9).';
  t.same(unverifiedLinks(text, new Set(['inv-1'])), ['inv-9'], 'each unknown id once');
  t.same(unverifiedLinks(text, new Set(['inv-1', 'inv-9'])), []);
  t.match(
    unverifiedNote(['inv-9']),
    /links to an invoice the search did not return \(`inv-9`\); do not rely on it\.$/,
  );
  t.match(unverifiedNote(['a', 'b']), /links to 2 invoices .*\(`a`, `b`\); do not rely on them\.$/);
  t.same(
    mentionedFirst(['inv-2', 'inv-1', 'inv-3'], (id) => text.includes(id)),
    ['inv-1', 'inv-2', 'inv-3'],
    'the cited first, each group in the order found',
  );
});

import t from 'tap';
import { BadRequestError, NotFoundError } from '../../src/errors.js';
import { collect, FINANCE, HARDIK, INVOICES, openChat, RANI } from './chat-fixtures.js';

const DECEMBER = { date_from: '2024-12-01', date_to: '2024-12-31' };
const ids = (sources: Array<{ invoice_id: string }>) => sources.map((source) => source.invoice_id);

t.test(
  'a list answer states exact totals, tabulates the matches and cites each by id',
  async (t) => {
    const { service } = await openChat(t);
    const answer = await service.ask(FINANCE, {
      query: 'Show me the meal invoices of Rani in December',
    });
    t.equal(answer.mode, 'offline');
    t.same(answer.filters_applied, { employee: 'rani sharma', category: ['meal'], ...DECEMBER });
    t.match(
      answer.answer,
      /\*\*3 invoices\*\* match meal invoices of Rani Sharma in December 2024: claimed ₹1,465\.70, reimbursable ₹288\.00\./,
    );
    t.match(
      answer.answer,
      /\| File \| Employee \| Date \| Status \| Claimed \| Reimbursable \| Reason \|/,
    );
    t.match(
      answer.answer,
      `| [Dinner Invoice 1.pdf](invoice:${INVOICES.raniWhisky.id}) | Rani Sharma | 2024-12-03 | declined | ₹770.00 | ₹0.00 | Only alcohol was left after the exclusions. |`,
    );
    t.same(
      ids(answer.sources),
      [INVOICES.raniSmall.id, INVOICES.raniCapped.id, INVOICES.raniWhisky.id],
      'newest first',
    );
    t.same(answer.sources[0], {
      invoice_id: INVOICES.raniSmall.id,
      employee: 'Rani Sharma',
      file: 'Dinner Invoice 4.pdf',
      status: 'fully_reimbursed',
      reimbursable: { amount_minor: 8_800, currency: 'INR' },
      score: 1,
    });
  },
);

t.test('aggregates are the store’s exact sums, by group when asked', async (t) => {
  const { service } = await openChat(t);
  const total = await service.ask(FINANCE, { query: 'How much was reimbursed for meals?' });
  t.match(
    total.answer,
    'Across **3 invoices** (meal invoices): claimed **₹1,465.70**, reimbursable **₹288.00**.',
  );
  t.match(
    total.answer,
    '| File | Employee | Date | Status | Claimed | Reimbursable | Reason |',
    'the matches behind the numbers',
  );
  t.equal(total.answer.match(/\(invoice:[^)]+\)/g)?.length, 3, 'each of the three cited by id');
  const count = await service.ask(FINANCE, { query: 'how many invoices were declined?' });
  t.match(
    count.answer,
    '**2 invoices** match declined invoices (claimed ₹10,669.00, reimbursable ₹0.00).',
  );
  const average = await service.ask(FINANCE, { query: 'average meal claim' });
  t.match(
    average.answer,
    'claimed **₹488.57**, reimbursable **₹96.00**',
    '146570 / 3 rounds half up to 48857',
  );
  const byEmployee = await service.ask(FINANCE, { query: 'total reimbursed by employee' });
  t.match(byEmployee.answer, '| Employee | Invoices | Claimed | Reimbursable |');
  t.match(
    byEmployee.answer,
    /\| Hardik Patel \| 2 \| ₹17,276\.00 \| ₹2,000\.00 \|\n\| Rani Sharma \| 3 \| ₹1,465\.70 \| ₹288\.00 \|/,
    'largest first',
  );
});

t.test('explain quotes the reason and the rules of the invoice named', async (t) => {
  const { service } = await openChat(t);
  const answer = await service.ask(FINANCE, { query: 'Why was Ticket 1 declined?' });
  t.same(answer.filters_applied, {}, 'the guessed status is not a filter');
  t.same(ids(answer.sources), [INVOICES.hardikCapped.id], 'Ticket 1 only, not Ticket 2');
  t.match(
    answer.answer,
    `### [Bus Tickets/Ticket 1.pdf](invoice:${INVOICES.hardikCapped.id}): partially reimbursed`,
  );
  t.match(answer.answer, '**Why:** Capped at ₹2,000 per trip.');
  t.match(
    answer.answer,
    '- `travel.cap` (policy page 2): “Travel is reimbursed up to ₹2,000 per trip.” → capped ₹9,899.00 at ₹2,000.00',
  );
  const byNumber = await service.ask(FINANCE, { query: 'explain invoice #4102' });
  t.same(ids(byNumber.sources), [INVOICES.raniWhisky.id]);
  t.match(byNumber.answer, 'Flags for review: alcohol.');
  const unknown = await service.ask(FINANCE, { query: 'why was Ticket 7 declined?' });
  t.equal(unknown.answer, 'I found no invoice called “Ticket 7” among the invoices you can see.');
  t.same(unknown.sources, []);
});

t.test(
  'explain finds an invoice described by its words (a vendor), whatever status the asker guessed',
  async (t) => {
    const { service } = await openChat(t);
    const byVendor = await service.ask(FINANCE, {
      query: 'why was the Lotus Courtyard dinner only partly reimbursed?',
    });
    t.same(
      ids(byVendor.sources),
      [INVOICES.raniWhisky.id],
      'the Lotus Courtyard meal, which was declined, not capped',
    );
    t.match(
      byVendor.answer,
      /^Reasons for the 1 invoice mentioning “Lotus Courtyard” \(meal invoices\):/,
    );
    t.match(byVendor.answer, '**Why:** Only alcohol was left after the exclusions.');
    t.same(byVendor.filters_applied, { category: ['meal'], text: 'Lotus Courtyard' });

    const lowercase = await service.ask(FINANCE, {
      query: 'why was the lotus courtyard bill declined',
    });
    t.same(ids(lowercase.sources), [INVOICES.raniWhisky.id], 'lower case words too');

    const unknown = await service.ask(FINANCE, { query: 'why was the moonbase dinner declined?' });
    t.same(
      ids(unknown.sources),
      [INVOICES.raniWhisky.id],
      'no invoice has the words: the filters alone answer',
    );
    t.same(unknown.filters_applied, { status: ['declined'], category: ['meal'] });
  },
);

t.test('an employee only ever sees their own invoices, whatever the question names', async (t) => {
  const { service } = await openChat(t);
  const others = await service.ask(RANI, { query: "Show Hardik's invoices" });
  t.match(others.answer, /^No invoices match: invoices of Hardik\./);
  t.same(others.sources, []);
  const all = await service.ask(RANI, { query: 'list all my invoices' });
  t.same(
    ids(all.sources).sort(),
    [INVOICES.raniWhisky.id, INVOICES.raniCapped.id, INVOICES.raniSmall.id].sort(),
  );
  const byEmployee = await service.ask(RANI, { query: 'total by employee' });
  t.notMatch(byEmployee.answer, /Hardik/);
  t.match(byEmployee.answer, '| Rani Sharma | 3 | ₹1,465.70 | ₹288.00 |');
  const named = await service.ask(RANI, { query: 'why was Ticket 2 declined?' });
  t.equal(named.answer, 'I found no invoice called “Ticket 2” among the invoices you can see.');
  const finance = await service.ask(FINANCE, { query: "Show Hardik's invoices" });
  t.same(
    ids(finance.sources),
    [INVOICES.hardikDeclined.id, INVOICES.hardikCapped.id],
    'finance sees everyone',
  );
});

t.test(
  'a question about nothing stored says so; greetings and other topics get no invoices',
  async (t) => {
    const { service } = await openChat(t);
    const none = await service.ask(FINANCE, { query: 'hotel invoices over ₹5000 last month' });
    t.equal(
      none.answer,
      'No invoices match: accommodation invoices in December 2024 of at least ₹5,000.01.',
    );
    const poem = await service.ask(FINANCE, { query: 'Write me a poem about the weather' });
    t.match(poem.answer, /^Sorry, I can only answer questions about the stored invoices/);
    t.same(poem.sources, []);
    t.same(poem.filters_applied, {});
    t.match(
      (await service.ask(FINANCE, { query: 'hello' })).answer,
      /^Hello! Ask me about the stored invoices/,
    );
    const empty = await openChat(t, { records: [] });
    t.equal(
      (await empty.service.ask(FINANCE, { query: 'list invoices' })).answer,
      'No invoices are stored that you can see yet.',
    );
  },
);

t.test('questions are validated', async (t) => {
  const { service } = await openChat(t);
  await t.rejects(
    service.ask(FINANCE, { query: '   ' }),
    new BadRequestError('empty_query', 'The query is empty: ask a question about the invoices.'),
  );
  await t.rejects(service.ask(FINANCE, { query: 'x'.repeat(501) }), {
    statusCode: 400,
    code: 'query_too_long',
    message: 'The query has 501 characters; at most 500 are allowed.',
  });
  await t.resolves(service.ask(FINANCE, { query: 'é'.repeat(500) }), 'length counts characters');
  await t.rejects(
    service.ask(FINANCE, { query: 'hi', session_id: 'no-such-session' }),
    NotFoundError,
  );
  await t.rejects(
    service.ask(FINANCE, { query: 'hi', session_id: 'bad id with spaces' }),
    { name: 'NotFoundError', statusCode: 404 },
    'a malformed session id does not exist either',
  );
});

t.test('sessions keep history per caller; follow-ups use the previous question', async (t) => {
  const { service } = await openChat(t);
  const first = await service.ask(FINANCE, { query: 'declined meal invoices of Rani in December' });
  t.same(ids(first.sources), [INVOICES.raniWhisky.id]);
  const second = await service.ask(FINANCE, {
    query: 'and what about travel for Hardik?',
    session_id: first.session_id,
  });
  t.equal(second.session_id, first.session_id);
  t.same(
    second.filters_applied,
    { employee: 'hardik patel', status: ['declined'], category: ['travel'], ...DECEMBER },
    'status and dates carried over',
  );
  const third = await service.ask(FINANCE, { query: 'and in July?', session_id: first.session_id });
  t.same(ids(third.sources), [INVOICES.hardikDeclined.id]);

  const turns = await service.history(FINANCE, first.session_id);
  t.same(
    turns.map((turn) => turn.role),
    ['user', 'assistant', 'user', 'assistant', 'user', 'assistant'],
  );
  t.equal(turns[0]?.content, 'declined meal invoices of Rani in December');
  t.equal(turns[5]?.content, third.answer);
  t.same(turns[5]?.meta?.cited, [INVOICES.hardikDeclined.id]);
  t.same(
    (await service.sessions(FINANCE)).map((session) => [
      session.session_id,
      session.title,
      session.turns,
    ]),
    [[first.session_id, 'declined meal invoices of Rani in December', 6]],
  );

  await t.rejects(
    service.history(HARDIK, first.session_id),
    NotFoundError,
    'someone else’s session does not exist for you',
  );
  await t.rejects(
    service.ask(HARDIK, { query: 'and for Rani?', session_id: first.session_id }),
    NotFoundError,
  );
  await t.rejects(service.deleteSession(HARDIK, first.session_id), NotFoundError);
  t.same(await service.sessions(HARDIK), []);

  await service.deleteSession(FINANCE, first.session_id);
  await t.rejects(service.history(FINANCE, first.session_id), NotFoundError);
  await t.rejects(service.deleteSession(FINANCE, first.session_id), NotFoundError);
});

t.test('history keeps the last maxTurns turns', async (t) => {
  const { service } = await openChat(t, { options: { maxTurns: 4 } });
  const { session_id } = await service.ask(FINANCE, { query: 'first question about invoices' });
  await service.ask(FINANCE, { query: 'second question about invoices', session_id });
  await service.ask(FINANCE, { query: 'third question about invoices', session_id });
  const turns = await service.history(FINANCE, session_id);
  t.same(
    turns.map((turn) => turn.content).filter((_, index) => index % 2 === 0),
    ['second question about invoices', 'third question about invoices'],
  );
});

t.test('sources can be left out and are capped by sourcesLimit', async (t) => {
  const { service } = await openChat(t, { options: { sourcesLimit: 2 } });
  const capped = await service.ask(FINANCE, { query: 'all invoices' });
  t.equal(capped.sources.length, 2);
  t.match(
    capped.answer,
    '**5 invoices** in total: claimed ₹18,741.70, reimbursable ₹2,288.00.',
    'the answer still counts all of them',
  );
  const without = await service.ask(FINANCE, { query: 'all invoices', include_sources: false });
  t.same(without.sources, []);
  t.same(
    (await service.history(FINANCE, without.session_id))[1]?.meta?.cited,
    ids(capped.sources),
    'history still records what was cited',
  );
});

t.test('the stream sends meta, the answer in deltas, sources, then done', async (t) => {
  const { service } = await openChat(t);
  const events = await collect(service.askStream(FINANCE, { query: 'all invoices' }));
  const names = events.map((event) => event.event);
  t.equal(names[0], 'meta');
  t.ok(
    names.filter((name) => name === 'delta').length > 1,
    'a long answer arrives in several deltas',
  );
  t.same(names.slice(-2), ['sources', 'done']);
  const meta = events[0];
  const done = events.at(-1);
  if (meta?.event !== 'meta' || done?.event !== 'done') throw new Error('unexpected events');
  t.equal(done.data.session_id, meta.data.session_id);
  const streamed = events.map((event) => (event.event === 'delta' ? event.data.text : '')).join('');
  const stored = await service.history(FINANCE, meta.data.session_id);
  t.equal(streamed, stored[1]?.content, 'the deltas add up to the stored answer');
  t.match(streamed, /^\*\*5 invoices\*\* in total/);
});

t.test('a refused question rejects the stream before any event', async (t) => {
  const { service } = await openChat(t);
  const stream = service.askStream(FINANCE, { query: '' });
  await t.rejects(stream.next(), { statusCode: 400, code: 'empty_query' });
  await t.rejects(
    service.askStream(RANI, { query: 'hi', session_id: 'not-mine' }).next(),
    NotFoundError,
  );
});

t.test('the biggest invoices are found by amount, and a partial comparison says so', async (t) => {
  const { service } = await openChat(t);
  const biggest = await service.ask(FINANCE, { query: 'top 2 biggest invoices' });
  t.same(ids(biggest.sources), [INVOICES.hardikDeclined.id, INVOICES.hardikCapped.id]);
  t.match(
    biggest.answer,
    'The list stops at the 2 largest of **5** invoices: [download all 5 as CSV](/api/v1/invoices/export.csv).',
  );
  t.notMatch(biggest.answer, 'newest matches were compared');
  const cheapest = await service.ask(FINANCE, { query: 'the cheapest meal' });
  t.same(ids(cheapest.sources).slice(0, 1), [INVOICES.raniSmall.id]);
  const limited = await openChat(t, { options: { sortScanLimit: 2 } });
  const partial = await limited.service.ask(FINANCE, { query: 'top 2 biggest invoices' });
  t.same(
    ids(partial.sources),
    [INVOICES.hardikDeclined.id, INVOICES.hardikCapped.id],
    'the two newest happen to be the biggest',
  );
  t.match(partial.answer, 'Only the 2 newest matches were compared by amount.');
});

t.test('free text is searched in the full-text index and counted with the filters', async (t) => {
  const { service } = await openChat(t);
  const answer = await service.ask(FINANCE, { query: 'meals at Lotus Courtyard' });
  t.same(answer.filters_applied, { category: ['meal'], text: 'Lotus Courtyard' });
  t.same(ids(answer.sources), [INVOICES.raniWhisky.id]);
  t.match(
    answer.answer,
    '**1 invoice** matches meal invoices mentioning “Lotus Courtyard”: claimed ₹770.00, reimbursable ₹0.00.',
  );
});

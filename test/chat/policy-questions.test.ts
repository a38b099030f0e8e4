import t from 'tap';
import { planQuestion } from '../../src/chat/language/plan.js';
import type { WireGenerateBody, WirePart } from '../fakes/gemini-server.js';
import { collect, FINANCE, openChat, RANI, startGemini } from './chat-fixtures.js';
import { POLICY_ID, pebbleRules, policySource, QUOTES } from './policy-fixtures.js';

const withPolicy = { policies: policySource(pebbleRules()) };
const plan = (question: string) =>
  planQuestion(question, { employees: ['rani sharma', 'hardik patel'], today: '2025-01-15' });

t.test('policy questions are told from invoice questions by their shape', async (t) => {
  for (const question of [
    'What is the hotel limit in London?',
    'Is a first-class train reimbursed?',
    'How much can I spend on dinner?',
    'What is the deadline for submitting receipts?',
    'Is alcohol reimbursed?',
    'what is the cap for taxis',
    'What is the maximum for a hotel?',
    'Can I claim a business class flight?',
  ])
    t.equal(plan(question).intent, 'policy', question);
  for (const question of [
    'Which invoices exceeded the meal cap?',
    'How much did Rani spend on dinner?',
    'Why was Ticket 2 capped?',
    'Show declined hotel invoices',
    'Is Dinner Invoice 2 reimbursed?',
    'How many claims are over the limit?',
    'What is the largest single claim?',
    'What is the maximum reimbursed amount?',
    'what can you do?',
  ])
    t.not(plan(question).intent, 'policy', question);
  t.same(plan('What is the hotel limit in London?').policy, {
    categories: ['lodging'],
    travel_class: [],
    meal_type: [],
    line_kinds: [],
    aspects: ['limits'],
    place: 'London',
  });
  t.same(plan('Is a first-class train reimbursed?').policy?.travel_class, ['rail_first']);
});

t.test(
  'offline: the limit for a city, with its currency, quoting the sentence and page',
  async (t) => {
    const { service } = await openChat(t, withPolicy);
    const answer = await service.ask(FINANCE, { query: 'What is the hotel limit in London?' });
    t.match(answer.answer, /Pebble Works travel policy\*\* \(version 2\)/);
    t.match(answer.answer, '**Hotels** in London: up to **£150.00 per night**, including tax.');
    t.match(answer.answer, `> “${QUOTES.lodgingCap}” (page 2)`);
    t.notMatch(answer.answer, QUOTES.dinnerCap, 'only the rules about hotels');
    t.same(answer.sources, []);
    t.same(answer.filters_applied, {});
    t.match(answer.policy_citations, [
      { policy_id: POLICY_ID, version: 2, rule_id: 'lodging.ok', page: 1 },
      { rule_id: 'lodging.cap', quote: QUOTES.lodgingCap, page: 2 },
    ]);

    const paris = await service.ask(FINANCE, {
      query: 'and in Paris?',
      session_id: answer.session_id,
    });
    t.match(
      paris.answer,
      'Paris has no limit of its own, so up to **£100.00 per night** elsewhere',
    );
    t.match(paris.answer, QUOTES.lodgingCap, 'a follow-up keeps the subject');
  },
);

t.test('offline: a declined class says no and cites the rule that declines it', async (t) => {
  const { service } = await openChat(t, withPolicy);
  const answer = await service.ask(RANI, { query: 'Is a first-class train reimbursed?' });
  t.match(answer.answer, /^\*\*No\*\*: the policy declines it\./);
  t.match(answer.answer, '**Rail**: **declined** when the class is first class (rail)');
  t.match(answer.answer, `> “${QUOTES.railFirst}” (page 2)`);
  t.notMatch(answer.answer, QUOTES.airBusiness, 'a flight rule does not answer about trains');
  t.ok(answer.policy_citations.some((c) => c.rule_id === 'rail.first' && c.page === 2));

  const standard = await service.ask(RANI, { query: 'Is a standard class train reimbursed?' });
  t.match(standard.answer, /^\*\*Yes\*\*/, 'the first-class rule is no "no" to another class');
  t.notMatch(standard.answer, QUOTES.railFirst);
});

t.test('offline: dinner, a line excluded everywhere, and the deadline', async (t) => {
  const { service } = await openChat(t, withPolicy);
  const dinner = await service.ask(FINANCE, { query: 'How much can I spend on dinner?' });
  t.match(dinner.answer, '**Dinner**: up to **£40.00 per meal**, including tax.');
  t.match(dinner.answer, `> “${QUOTES.dinnerCap}” (page 3)`);
  t.notMatch(dinner.answer, QUOTES.lunchCap);
  t.same(dinner.sources, [], 'no invoices are listed for a policy question');

  const alcohol = await service.ask(FINANCE, { query: 'Is alcohol reimbursed?' });
  t.match(alcohol.answer, /^\*\*No\*\*/);
  t.match(alcohol.answer, `> “${QUOTES.alcohol}” (page 3)`);

  const personal = await service.ask(FINANCE, { query: 'Are personal purchases reimbursed?' });
  t.match(personal.answer, /^\*\*No\*\*/);
  t.match(personal.answer, '**Personal**: **not reimbursable**.');
  t.match(personal.answer, `> “${QUOTES.personal}” (page 1)`);

  const deadline = await service.ask(FINANCE, {
    query: 'What is the deadline for submitting receipts?',
  });
  t.match(deadline.answer, 'within **45 days**');
  t.same(
    deadline.policy_citations.map((c) => [c.rule_id, c.page]),
    [['deadline', 4]],
  );

  const none = await service.ask(FINANCE, { query: 'Is there a limit on parking?' });
  t.match(none.answer, /I found no rule about parking/);
  t.same(none.policy_citations, []);
});

t.test('offline: without an active policy the answer says so plainly', async (t) => {
  for (const policies of [policySource(null), undefined]) {
    const { service } = await openChat(t, policies ? { policies } : {});
    const answer = await service.ask(FINANCE, { query: 'What is the hotel limit in London?' });
    t.match(answer.answer, /^No policy is active yet/);
    t.match(answer.answer, 'POST /api/v1/policies');
    t.match(answer.answer, '/activate');
    t.same(answer.policy_citations, []);
  }
});

t.test(
  'streamed, the sources event carries the citations; include_sources false drops them',
  async (t) => {
    const { service } = await openChat(t, withPolicy);
    const events = await collect(
      service.askStream(FINANCE, { query: 'What is the hotel limit in London?' }),
    );
    const sources = events.find((event) => event.event === 'sources');
    t.match(sources?.data, { sources: [], policy_citations: [{}, { rule_id: 'lodging.cap' }] });
    const bare = await service.ask(FINANCE, {
      query: 'What is the hotel limit in London?',
      include_sources: false,
    });
    t.same(bare.policy_citations, []);
    t.match(bare.answer, QUOTES.lodgingCap, 'the answer still quotes the policy');
  },
);

const functionResponses = (
  body: WireGenerateBody,
): Array<NonNullable<WirePart['functionResponse']>> =>
  body.contents.flatMap((content) =>
    content.parts.flatMap((part) => (part.functionResponse ? [part.functionResponse] : [])),
  );

t.test('Gemini: get_policy_rules returns the rules with quotes and pages to cite', async (t) => {
  const gemini = await startGemini(t);
  const { service } = await openChat(t, { gemini, ...withPolicy });
  const written = `Hotels in London are reimbursed up to £150.00 per night: “${QUOTES.lodgingCap}” (page 2).`;
  gemini.script(
    {
      functionCalls: [{ name: 'get_policy_rules', args: { category: 'lodging', city: 'London' } }],
    },
    { text: written },
  );
  const answer = await service.ask(FINANCE, { query: 'What is the hotel limit in London?' });
  t.equal(answer.answer, written);
  t.equal(answer.mode, 'gemini');
  t.equal(answer.policy_citations[0]?.rule_id, 'lodging.cap', 'the quoted rule first');
  t.equal(answer.policy_citations[0]?.page, 2);

  const first = gemini.requests[0]?.body as WireGenerateBody;
  t.ok(
    first.tools?.[0]?.functionDeclarations?.some((tool) => tool.name === 'get_policy_rules'),
    'the tool is offered',
  );
  t.match(first.systemInstruction?.parts[0]?.text, /call get_policy_rules/);
  t.match(first.systemInstruction?.parts[0]?.text, /quote the policy sentence/);
  const [response] = functionResponses(gemini.requests[1]?.body as WireGenerateBody);
  t.equal(response?.name, 'get_policy_rules');
  t.match(response?.response, {
    active_policy: { name: 'Pebble Works travel policy', version: 2, currency: 'GBP' },
    rules: [
      { rule_id: 'lodging.ok', page: 1 },
      {
        rule_id: 'lodging.cap',
        kind: 'cap',
        rule: '**Hotels** in London: up to **£150.00 per night**, including tax.',
        quote: QUOTES.lodgingCap,
        page: 2,
      },
    ],
  });
});

t.test('Gemini: a declined class is marked; no active policy is reported as such', async (t) => {
  const gemini = await startGemini(t);
  const { service } = await openChat(t, { gemini, ...withPolicy });
  gemini.script(
    {
      functionCalls: [
        { name: 'get_policy_rules', args: { category: 'travel.rail', travel_class: 'rail_first' } },
      ],
    },
    { text: 'No.' },
  );
  await service.ask(RANI, { query: 'Is a first-class train reimbursed?' });
  const [response] = functionResponses(gemini.requests[1]?.body as WireGenerateBody);
  const rules =
    (response?.response as { rules?: Array<Record<string, unknown>> } | undefined)?.rules ?? [];
  t.match(rules, [
    {
      rule_id: 'rail.first',
      kind: 'decline',
      quote: QUOTES.railFirst,
      refuses_what_was_asked: true,
    },
  ]);
  t.notOk(rules.some((rule) => rule.rule_id === 'air.business'));

  const none = await startGemini(t);
  const empty = await openChat(t, { gemini: none, policies: policySource(null) });
  none.script(
    { functionCalls: [{ name: 'get_policy_rules', args: {} }] },
    { text: 'No policy is active yet.' },
  );
  const answer = await empty.service.ask(FINANCE, { query: 'What is the hotel limit?' });
  const [reply] = functionResponses(none.requests[1]?.body as WireGenerateBody);
  t.match(reply?.response, { active_policy: null, message: /^No policy is active yet/ });
  t.same(answer.policy_citations, []);
});

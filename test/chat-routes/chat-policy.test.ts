import t, { type Test } from 'tap';
import { type FakeGemini, startFakeGemini, type WireGenerateBody } from '../fakes/gemini-server.js';
import { buildTestApp } from '../helpers/app.js';
import { jwtEnv } from '../helpers/tokens.js';
import { makePdf } from '../ingest/ingest-fixtures.js';
import {
  activate,
  auth,
  createPolicy,
  jsonFile,
  rulesV2Json,
  USERS,
} from '../policies/fixtures.js';

/** A made-up company's policy in pounds, two pages, as finance would upload it. */
const POLICY_PAGES = [
  [
    'Kestrel Row Consulting - Travel Policy',
    'All amounts are in GBP.',
    'Hotel stays are reimbursed up to £140 per night.',
    'Meals are reimbursed up to £35 per meal, including taxes.',
  ],
  [
    'Travel by train',
    'First class rail tickets are not reimbursed.',
    'Alcoholic beverages are not reimbursable.',
    'Claims must be submitted within 60 days of the expense.',
  ],
];

async function ask(
  t: Test,
  app: Awaited<ReturnType<typeof buildTestApp>>,
  user: keyof typeof USERS,
  query: string,
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/chat',
    headers: await auth(USERS[user]),
    payload: { query },
  });
  t.equal(res.statusCode, 200, res.body);
  return res.json();
}

t.test('before a policy is active, a policy question is answered plainly', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const body = await ask(t, app, 'asha', 'What is the hotel limit?');
  t.match(body.answer, /^No policy is active yet/);
  t.same(body.policy_citations, []);
});

t.test('any caller asks about the active policy and gets its sentences and pages', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const bytes = await makePdf(POLICY_PAGES);
  const created = await createPolicy(app, USERS.fiona, {
    bytes,
    name: 'kestrel-policy.pdf',
    type: 'application/pdf',
  });
  await activate(app, USERS.fiona, created.id, 1);

  const hotel = await ask(t, app, 'asha', 'What is the hotel limit?');
  t.match(hotel.answer, '£140.00 per night');
  t.match(hotel.answer, '“Hotel stays are reimbursed up to £140 per night.” (page 1)');
  t.match(hotel.policy_citations, [
    {
      policy_id: created.id,
      version: 1,
      quote: 'Hotel stays are reimbursed up to £140 per night.',
      page: 1,
    },
  ]);
  t.same(hotel.sources, []);

  const meal = await ask(t, app, 'ravi', 'How much can I spend on dinner?');
  t.match(meal.answer, '£35.00 per meal');
  t.match(meal.answer, '(page 1)');

  const alcohol = await ask(t, app, 'fiona', 'Is alcohol reimbursed?');
  t.match(alcohol.answer, /^\*\*No\*\*/);
  t.match(alcohol.answer, '“Alcoholic beverages are not reimbursable.” (page 2)');

  const deadline = await ask(t, app, 'asha', 'What is the deadline for submitting receipts?');
  t.match(deadline.answer, '**60 days**');
  t.match(deadline.policy_citations, [{ page: 2 }]);

  const stream = await app.inject({
    method: 'POST',
    url: '/api/v1/chat/stream',
    headers: await auth(USERS.asha),
    payload: { query: 'What is the hotel limit?' },
  });
  t.equal(stream.statusCode, 200);
  t.match(stream.body, /event: sources\ndata: \{"sources":\[\],"policy_citations":\[\{/);
});

t.test(
  'with Gemini, get_policy_rules reads the active policy and the answer cites it',
  async (t) => {
    const gemini: FakeGemini = await startFakeGemini();
    t.teardown(() => gemini.close());
    const app = await buildTestApp(t, {
      env: jwtEnv({ GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url }),
    });
    const quote = 'Hotel stays are reimbursed up to £150 per night in London and £100 elsewhere.';
    const rules = {
      ...rulesV2Json(),
      caps: [
        {
          id: 'lodging.cap',
          categories: ['lodging'],
          amount_minor: 10_000,
          locations: [{ city: 'London', country: null, amount_minor: 15_000 }],
          basis: 'gross',
          period: 'night',
          when: null,
          source: { quote, page: 2 },
        },
      ],
    };
    const created = await createPolicy(app, USERS.fiona, jsonFile(rules));
    await activate(app, USERS.fiona, created.id, 1);
    const requestsBefore = gemini.requests.length;
    const written = `Up to £150.00 per night in London: “${quote}” (page 2).`;
    gemini.script(
      {
        functionCalls: [
          { name: 'get_policy_rules', args: { category: 'lodging', city: 'London' } },
        ],
      },
      { text: written },
    );

    const body = await ask(t, app, 'ravi', 'What is the hotel limit in London?');
    t.equal(body.mode, 'gemini');
    t.equal(body.answer, written);
    t.match(body.policy_citations, [
      { policy_id: created.id, version: 1, rule_id: 'lodging.cap', quote, page: 2 },
    ]);
    const second = gemini.requests[requestsBefore + 1]?.body as WireGenerateBody;
    const response = second.contents
      .flatMap((content) => content.parts)
      .find((part) => part.functionResponse)?.functionResponse?.response;
    t.match(response, {
      rules: [{ rule_id: 'lodging.cap', rule: /£150\.00 per night/, quote, page: 2 }],
    });
  },
);

import { posix } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { parseSse, splitSampleClaim } from '../helpers/claims.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';

/** The sample claim split in two: Asha files its meals, Ravi the rest (cabs, travel, hotel). */
const claims = splitSampleClaim((invoice) => invoice.category === 'meal');
const all = [...claims.matching.invoices, ...claims.rest.invoices];
/** An amount as answers print it: thousands separated, two decimals. */
/** Answers name a file without its folders. */
const shown = (file: string) => posix.basename(file);
const money = (minor: number) =>
  (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const seeded = (() => {
  let once: Promise<{
    app: Awaited<ReturnType<typeof buildTestApp>>;
    auth: Record<'asha' | 'ravi' | 'fiona', { authorization: string }>;
  }> | null = null;
  return () =>
    (once ??= (async () => {
      const app = await buildTestApp(t, { env: jwtEnv() });
      const auth = {
        asha: bearer(await tokenFor(USERS.asha)),
        ravi: bearer(await tokenFor(USERS.ravi)),
        fiona: bearer(await tokenFor(USERS.fiona)),
      };
      await app.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        headers: auth.asha,
        payload: await claims.matching.form({ employee_name: USERS.asha.name }),
      });
      await app.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        headers: auth.ravi,
        payload: await claims.rest.form({ employee_name: USERS.ravi.name }),
      });
      return { app, auth };
    })());
})();

t.test(
  'POST /chat answers with exact numbers, cited sources and the filters it read',
  async (t) => {
    const { app, auth } = await seeded();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/chat',
      headers: auth.fiona,
      payload: { query: 'How much was reimbursed for travel of Ravi?' },
    });
    t.equal(res.statusCode, 200, res.body);
    const body = res.json();
    t.equal(body.mode, 'offline');
    const travel = claims.rest.invoices.filter((i) => i.category === 'travel');
    const reimbursed = money(travel.reduce((sum, i) => sum + i.expected_reimbursable_minor, 0));
    t.match(
      body.answer,
      reimbursed,
      `${travel.length} trips, ${reimbursed} reimbursed as expected.json says`,
    );
    t.match(body.filters_applied, { category: ['travel'] });
    t.ok(
      body.sources.length > 0 &&
        body.sources.every((s: { employee: string }) => /ravi/i.test(s.employee)),
    );
    t.ok(
      body.sources.every((s: { invoice_id: string }) => /^[0-9a-f-]{36}$/.test(s.invoice_id)),
      'sources cite invoice ids',
    );

    const followUp = await app.inject({
      method: 'POST',
      url: '/api/v1/chat',
      headers: auth.fiona,
      payload: { query: 'and for Asha?', session_id: body.session_id },
    });
    t.equal(followUp.statusCode, 200);
    t.match(followUp.json().filters_applied, { employee: /asha/ });
  },
);

t.test('an employee never gets another employee’s data from chat', async (t) => {
  const { app, auth } = await seeded();
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/chat',
    headers: auth.asha,
    payload: { query: 'Show all travel invoices of Ravi Kumar and their amounts' },
  });
  t.equal(res.statusCode, 200);
  t.same(res.json().sources, []);
  for (const invoice of claims.rest.invoices)
    t.notMatch(res.json().answer, shown(invoice.file), `${invoice.file} is not named`);
  const own = await app.inject({
    method: 'POST',
    url: '/api/v1/chat',
    headers: auth.asha,
    payload: { query: 'list all invoices' },
  });
  t.ok(own.json().sources.length > 0);
  const ashas = new Set(claims.matching.invoices.map((i) => i.file));
  t.ok(
    own.json().sources.every((s: { file: string }) => ashas.has(s.file)),
    'only her own files',
  );
});

t.test('POST /chat/stream sends meta, deltas, sources and done', async (t) => {
  const { app, auth } = await seeded();
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/chat/stream',
    headers: auth.fiona,
    payload: { query: 'which meal invoices had alcohol?' },
  });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/event-stream/);
  const events = parseSse(res.body);
  t.equal(events[0]?.event, 'meta');
  t.equal(events.at(-1)?.event, 'done');
  t.ok(events.some((e) => e.event === 'delta'));
  const text = events
    .filter((e) => e.event === 'delta')
    .map((e) => e.data.text)
    .join('');
  const withAlcohol = all.filter(
    (i) => i.category === 'meal' && i.expected_flags.includes('alcohol'),
  );
  for (const invoice of withAlcohol) t.match(text, shown(invoice.file));
  t.equal(events.find((e) => e.event === 'sources')?.data.sources.length, withAlcohol.length);

  const tooLong = await app.inject({
    method: 'POST',
    url: '/api/v1/chat/stream',
    headers: auth.fiona,
    payload: { query: 'x'.repeat(1500) },
  });
  t.equal(tooLong.statusCode, 400, 'a refused question is problem+json, not a stream');
  t.equal(tooLong.json().code, 'query_too_long');
});

t.test('a retried question with the same Idempotency-Key is answered once', async (t) => {
  const { app, auth } = await seeded();
  const historyOf = async (sessionId: string) =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/v1/chat/history/${sessionId}`,
        headers: auth.fiona,
      })
    ).json().turns.length;

  const ask = (key: string, query = 'how many invoices were declined?') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/chat',
      headers: { ...auth.fiona, 'idempotency-key': key },
      payload: { query },
    });
  const first = await ask('chat-retry-1');
  const again = await ask('chat-retry-1');
  t.equal(again.statusCode, 200);
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.same(again.json(), first.json(), 'the same answer and session');
  t.equal(
    await historyOf(first.json().session_id),
    2,
    'one question and one answer in the session, not two of each',
  );
  t.equal((await ask('chat-retry-1', 'something else')).json().code, 'idempotency_key_reused');

  const stream = (key: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/chat/stream',
      headers: { ...auth.fiona, 'idempotency-key': key },
      payload: { query: 'which meal invoices had alcohol?' },
    });
  const streamed = await stream('chat-stream-retry-1');
  const replayed = await stream('chat-stream-retry-1');
  t.equal(replayed.statusCode, 200);
  t.equal(replayed.headers['idempotent-replayed'], 'true');
  t.match(replayed.headers['content-type'], /text\/event-stream/);
  const events = (body: string) => parseSse(body).map(({ event, data }) => ({ event, data }));
  t.same(events(replayed.body), events(streamed.body), 'the same events again');
  const sessionId = parseSse(streamed.body)[0]?.data.session_id;
  t.equal(await historyOf(sessionId), 2, 'the streamed question was asked once');
  t.equal(
    (
      await app.inject({
        method: 'POST',
        url: '/api/v1/chat',
        headers: { ...auth.fiona, 'idempotency-key': 'chat-stream-retry-1' },
        payload: { query: 'which meal invoices had alcohol?' },
      })
    ).statusCode,
    422,
    'a key belongs to one route',
  );
});

t.test('history belongs to the user who made the session', async (t) => {
  const { app, auth } = await seeded();
  const asked = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/chat',
      headers: auth.asha,
      payload: { query: 'how many invoices were partially reimbursed?' },
    })
  ).json();
  const history = await app.inject({
    method: 'GET',
    url: `/api/v1/chat/history/${asked.session_id}`,
    headers: auth.asha,
  });
  t.equal(history.statusCode, 200);
  t.same(
    history.json().turns.map((turn: { role: string }) => turn.role),
    ['user', 'assistant'],
  );
  t.equal(
    (
      await app.inject({
        method: 'GET',
        url: `/api/v1/chat/history/${asked.session_id}`,
        headers: auth.ravi,
      })
    ).statusCode,
    404,
  );
  t.equal(
    (
      await app.inject({
        method: 'DELETE',
        url: `/api/v1/chat/history/${asked.session_id}`,
        headers: auth.ravi,
      })
    ).statusCode,
    404,
  );
  const sessions = (
    await app.inject({ method: 'GET', url: '/api/v1/chat/sessions', headers: auth.asha })
  ).json();
  t.ok(sessions.items.some((s: { session_id: string }) => s.session_id === asked.session_id));
  t.notOk(
    (await app.inject({ method: 'GET', url: '/api/v1/chat/sessions', headers: auth.ravi }))
      .json()
      .items.some((s: { session_id: string }) => s.session_id === asked.session_id),
  );
  t.equal(
    (
      await app.inject({
        method: 'DELETE',
        url: `/api/v1/chat/history/${asked.session_id}`,
        headers: auth.asha,
      })
    ).statusCode,
    204,
  );
  t.equal(
    (
      await app.inject({
        method: 'GET',
        url: `/api/v1/chat/history/${asked.session_id}`,
        headers: auth.asha,
      })
    ).statusCode,
    404,
  );
});

t.test('questions are validated', async (t) => {
  const { app, auth } = await seeded();
  t.equal(
    (
      await app.inject({
        method: 'POST',
        url: '/api/v1/chat',
        headers: auth.asha,
        payload: { query: '' },
      })
    ).statusCode,
    400,
  );
  t.equal(
    (await app.inject({ method: 'POST', url: '/api/v1/chat', headers: auth.asha, payload: {} }))
      .statusCode,
    400,
  );
  t.equal(
    (await app.inject({ method: 'POST', url: '/api/v1/chat', payload: { query: 'hi' } }))
      .statusCode,
    401,
  );
  const weather = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/chat',
      headers: auth.asha,
      payload: { query: 'what is the weather in Paris tomorrow?' },
    })
  ).json();
  t.same(weather.sources, []);
  t.match(weather.answer, /invoice/i, 'declined politely, pointing back to invoices');
});

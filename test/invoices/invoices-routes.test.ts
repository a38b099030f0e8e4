import t, { type Test } from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { sampleExpected, splitSampleClaim } from '../helpers/claims.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';

/**
 * The sample claim split in two: Asha uploads its meals, Ravi the rest (cabs, travel, hotel);
 * Fiona is finance, Adam admin. Every count below is taken from samples/expected.json. Seeded
 * once for the file; the subtests run in order and only the last ones change data (override,
 * then delete).
 */
const claims = splitSampleClaim((invoice) => invoice.category === 'meal');
const all = [...claims.matching.invoices, ...claims.rest.invoices];
const count = (keep: (invoice: (typeof all)[number]) => boolean) => all.filter(keep).length;
const decimal = (minor: number) => (minor / 100).toFixed(2);

async function seed(t: Test) {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const auth = {
    asha: bearer(await tokenFor(USERS.asha)),
    ravi: bearer(await tokenFor(USERS.ravi)),
    fiona: bearer(await tokenFor(USERS.fiona)),
    adam: bearer(await tokenFor(USERS.adam)),
  };
  const meals = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers: auth.asha,
    payload: await claims.matching.form({ employee_name: USERS.asha.name }),
  });
  const travel = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers: auth.ravi,
    payload: await claims.rest.form({ employee_name: USERS.ravi.name }),
  });
  t.equal(meals.statusCode, 200);
  t.equal(travel.statusCode, 200);
  return { app, auth, mealJob: meals.json(), travelJob: travel.json() };
}

const seeded = (() => {
  let once: ReturnType<typeof seed> | null = null;
  return () => (once ??= seed(t));
})();

t.test(
  'lists are scoped: employees see their own, finance sees all; filters and cursors work',
  async (t) => {
    const { app, auth } = await seeded();
    const list = async (headers: Record<string, string>, query = '') =>
      (await app.inject({ method: 'GET', url: `/api/v1/invoices${query}`, headers })).json();

    t.equal((await list(auth.asha, '?limit=100')).items.length, claims.matching.invoices.length);
    t.ok(
      (await list(auth.asha, '?limit=100')).items.every(
        (i: { employee_name: string }) => i.employee_name === USERS.asha.name,
      ),
    );
    t.equal((await list(auth.ravi, '?limit=100')).items.length, claims.rest.invoices.length);
    t.equal((await list(auth.fiona, '?limit=100')).items.length, all.length);
    t.equal(
      (await list(auth.asha, `?employee=${encodeURIComponent(USERS.ravi.name.toUpperCase())}`))
        .items.length,
      0,
      'an employee cannot list someone else by name',
    );
    t.equal(
      (
        await list(
          auth.fiona,
          `?employee=${encodeURIComponent(USERS.ravi.name.toLowerCase())}&limit=100`,
        )
      ).items.length,
      claims.rest.invoices.length,
      'case-insensitive employee filter',
    );

    const fully = await list(auth.fiona, '?status=fully_reimbursed&limit=100');
    t.same(
      fully.items.map((i: { file_name: string }) => i.file_name).sort(),
      all
        .filter((i) => i.expected_status === 'fully_reimbursed')
        .map((i) => i.file)
        .sort(),
    );
    t.equal(
      (await list(auth.fiona, '?category=meal&flags=alcohol&limit=100')).items.length,
      count((i) => i.category === 'meal' && i.expected_flags.includes('alcohol')),
    );
    // From the second date of the claim to the one before the last: a range with both ends inside.
    const dates = [...new Set(all.map((i) => i.invoice_date))].sort();
    const [from, to] = [dates[1] as string, dates.at(-2) as string];
    t.equal(
      (await list(auth.fiona, `?date_from=${from}&date_to=${to}&limit=100`)).items.length,
      count((i) => i.invoice_date >= from && i.invoice_date <= to),
      `dates from ${from} to ${to}, both included`,
    );
    const mealCap = sampleExpected().policy.caps.find((c) => c.category === 'meal')?.amount_minor;
    t.equal(
      (await list(auth.fiona, `?amount_min_minor=${mealCap}&limit=100`)).items.length,
      count((i) => i.claimed_minor >= (mealCap as number)),
      'totals of at least the meal limit',
    );
    t.equal(
      (await list(auth.fiona, '?status=declined,fully_reimbursed&limit=100')).items.length,
      count((i) => ['declined', 'fully_reimbursed'].includes(i.expected_status)),
      'comma-separated values',
    );

    const pageSize = 4;
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Array<{ id: string }>; next_cursor: string | null } = await list(
        auth.fiona,
        `?limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      for (const item of page.items) seen.add(item.id);
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor);
    t.equal(seen.size, all.length, 'every invoice once across pages');
    t.equal(pages, Math.ceil(all.length / pageSize));

    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/invoices?status=maybe',
      headers: auth.fiona,
    });
    t.equal(bad.statusCode, 400);
    t.match(bad.json().errors[0].pointer, /status/);
  },
);

t.test(
  'reading by id: another employee’s invoice and job look missing (404, not 403)',
  async (t) => {
    const { app, auth, travelJob } = await seeded();
    const travelId = travelJob.results[0].invoice_id;
    const asRavi = await app.inject({
      method: 'GET',
      url: `/api/v1/invoices/${travelId}`,
      headers: auth.ravi,
    });
    t.equal(asRavi.statusCode, 200);
    t.equal(asRavi.json().decision.rules_applied[0].rule_id.length > 0, true);
    t.notOk('text' in asRavi.json(), 'document text is not part of the API record');
    const asAsha = await app.inject({
      method: 'GET',
      url: `/api/v1/invoices/${travelId}`,
      headers: auth.asha,
    });
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/invoices/00000000-0000-5000-8000-000000000000',
      headers: auth.asha,
    });
    t.equal(asAsha.statusCode, 404);
    t.same(
      { ...asAsha.json(), request_id: '', instance: '', detail: '' },
      { ...missing.json(), request_id: '', instance: '', detail: '' },
      'indistinguishable from a missing id',
    );
    for (const url of [`/api/v1/jobs/${travelJob.id}`, `/api/v1/jobs/${travelJob.id}/events`]) {
      t.equal((await app.inject({ method: 'GET', url, headers: auth.asha })).statusCode, 404, url);
    }
    t.equal(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/jobs/${travelJob.id}`,
          headers: auth.fiona,
        })
      ).statusCode,
      200,
      'finance reads any job',
    );
  },
);

t.test('an employee cannot upload under another name', async (t) => {
  const { app, auth } = await seeded();
  const forged = await claims.matching.form({ employee_name: USERS.ravi.name });
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: auth.asha,
    payload: forged,
  });
  t.equal(res.statusCode, 403);
  t.equal(res.json().code, 'employee_mismatch');
  const byFinance = await claims.matching.form({ employee_name: USERS.ravi.name });
  t.equal(
    (
      await app.inject({
        method: 'POST',
        url: '/api/v1/jobs',
        headers: auth.fiona,
        payload: byFinance,
      })
    ).statusCode,
    202,
    'finance may file for anyone',
  );
});

t.test(
  'finance overrides a decision with a reason; the original is kept and audited',
  async (t) => {
    const { app, auth, mealJob } = await seeded();
    // A meal the policy paid in part, overridden to be paid in full.
    const want = claims.matching.invoices.find((i) => i.expected_status === 'partially_reimbursed');
    if (!want) throw new Error('expected.json has no partially reimbursed meal');
    const meal1 = mealJob.results.find((r: { name: string }) => r.name === want.file);
    const url = `/api/v1/invoices/${meal1.invoice_id}/decision`;
    const body = {
      status: 'fully_reimbursed',
      reimbursable_minor: meal1.claimed.amount_minor,
      reason: 'Client dinner approved in advance.',
    };

    t.equal(
      (await app.inject({ method: 'PATCH', url, headers: auth.asha, payload: body })).statusCode,
      403,
      'employees cannot override',
    );
    const mismatch = await app.inject({
      method: 'PATCH',
      url,
      headers: auth.fiona,
      payload: { ...body, reimbursable_minor: 100 },
    });
    t.equal(mismatch.statusCode, 422);
    t.equal(mismatch.json().code, 'status_amount_mismatch');
    const above = await app.inject({
      method: 'PATCH',
      url,
      headers: auth.fiona,
      payload: { ...body, reimbursable_minor: meal1.claimed.amount_minor + 1 },
    });
    t.equal(above.json().code, 'amount_above_total');
    t.equal(
      (
        await app.inject({
          method: 'PATCH',
          url,
          headers: auth.fiona,
          payload: { status: 'declined', reimbursable_minor: 0 },
        })
      ).statusCode,
      400,
      'reason required',
    );
    const blank = await app.inject({
      method: 'PATCH',
      url,
      headers: auth.fiona,
      payload: { status: 'declined', reimbursable_minor: 0, reason: '   \n  ' },
    });
    t.equal(blank.statusCode, 400, 'a reason of spaces is no reason');
    t.equal(blank.json().errors[0].pointer, '/reason');

    const ok = await app.inject({ method: 'PATCH', url, headers: auth.fiona, payload: body });
    t.equal(ok.statusCode, 200);
    t.match(ok.json(), {
      status: 'fully_reimbursed',
      reimbursable_minor: meal1.claimed.amount_minor,
      override: { reason: body.reason, by: { sub: USERS.fiona.sub } },
    });
    t.equal(ok.json().decision.status, want.expected_status, 'the engine decision stays');
    const listed = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/invoices?status=fully_reimbursed&category=meal',
        headers: auth.fiona,
      })
    ).json();
    t.ok(
      listed.items.some((i: { id: string }) => i.id === meal1.invoice_id),
      'filters use the overridden status',
    );

    const audit = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/audit?action=invoice.override`,
        headers: auth.adam,
      })
    ).json();
    t.match(audit.items[0], {
      action: 'invoice.override',
      target_id: meal1.invoice_id,
      actor_sub: USERS.fiona.sub,
    });
    t.ok(audit.items[0].request_id);

    // Asha claims the same files again (force is accepted, and means nothing now): a new claim
    // with records of its own, flagged as copies; Fiona's decision on the first stays.
    const again = await claims.matching.form({ employee_name: USERS.asha.name, force: 'true' });
    const reclaimed = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        headers: auth.asha,
        payload: again,
      })
    ).json();
    const copy = reclaimed.results.find((r: { name: string }) => r.name === want.file);
    t.match(copy, { reused: false, duplicate_of: meal1.invoice_id, override: undefined });
    t.not(copy.invoice_id, meal1.invoice_id, 'a record of its own');
    t.ok(copy.flags.includes('possible_duplicate'));
    const kept = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/invoices/${meal1.invoice_id}`,
        headers: auth.fiona,
      })
    ).json();
    t.match(
      kept,
      {
        status: 'fully_reimbursed',
        override: { reason: body.reason },
        decision: { status: want.expected_status },
      },
      'the overridden record is untouched by the later claim',
    );
  },
);

t.test('CSV export streams the filtered, scoped invoices', async (t) => {
  const { app, auth } = await seeded();
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/invoices/export.csv?category=travel',
    headers: auth.fiona,
  });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/csv/);
  const lines = res.body.trim().split('\r\n');
  t.equal(
    lines[0],
    'id,employee_name,file_name,category,vendor,invoice_number,invoice_date,currency,total,reimbursable,status,flags,reason,overridden,job_id,created_at',
  );
  const travel = all.filter((i) => i.category === 'travel');
  t.equal(lines.length, travel.length + 1, 'the header and one line per travel invoice');
  for (const invoice of travel) {
    t.ok(
      lines.some(
        (line) =>
          line.includes(`,${invoice.file},`) &&
          line.includes(`,${decimal(invoice.expected_reimbursable_minor)},`),
      ),
      `${invoice.file} reimbursed ${decimal(invoice.expected_reimbursable_minor)}`,
    );
  }
  const own = await app.inject({
    method: 'GET',
    url: '/api/v1/invoices/export.csv',
    headers: auth.asha,
  });
  t.equal(
    own.body.trim().split('\r\n').length,
    // Her meals were claimed twice (the override test claims them again).
    2 * claims.matching.invoices.length + 1,
    'an employee exports only their own',
  );

  const exports = async () =>
    (
      await app.inject({
        method: 'GET',
        url: '/api/v1/audit?action=invoices.export',
        headers: auth.adam,
      })
    ).json().items.length;
  const before = await exports();
  const head = await app.inject({
    method: 'HEAD',
    url: '/api/v1/invoices/export.csv',
    headers: auth.fiona,
  });
  t.equal(head.statusCode, 200);
  t.match(head.headers['content-type'], /^text\/csv/);
  t.equal(await exports(), before, 'HEAD exports nothing, so it is not audited as an export');
});

t.test('finance deletes an invoice; it is gone from reads and lists', async (t) => {
  const { app, auth, mealJob } = await seeded();
  const id = mealJob.results[0].invoice_id;
  t.equal(
    (await app.inject({ method: 'DELETE', url: `/api/v1/invoices/${id}`, headers: auth.asha }))
      .statusCode,
    403,
  );
  t.equal(
    (await app.inject({ method: 'DELETE', url: `/api/v1/invoices/${id}`, headers: auth.fiona }))
      .statusCode,
    204,
  );
  t.equal(
    (await app.inject({ method: 'GET', url: `/api/v1/invoices/${id}`, headers: auth.fiona }))
      .statusCode,
    404,
  );
  t.equal(
    (await app.inject({ method: 'DELETE', url: `/api/v1/invoices/${id}`, headers: auth.fiona }))
      .statusCode,
    404,
  );
});

/**
 * What the README's error table promises is what the API answers: reversed ranges are
 * `invalid_filter`, an unknown query parameter is named, and an empty chat question is
 * `empty_query` however empty it is.
 */
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';

t.test('a reversed range answers 400 invalid_filter naming both ends', async (t) => {
  const app = await buildTestApp(t);
  for (const url of ['/api/v1/invoices', '/api/v1/invoices/export.csv']) {
    const dates = await app.inject({
      method: 'GET',
      url: `${url}?date_from=2025-02-01&date_to=2025-01-31`,
    });
    t.equal(dates.statusCode, 400, url);
    t.match(dates.headers['content-type'], /^application\/problem\+json/);
    t.match(dates.json(), {
      code: 'invalid_filter',
      detail: /date_from 2025-02-01 is after date_to 2025-01-31/,
      errors: [{ pointer: '/date_from' }, { pointer: '/date_to' }],
    });
    const amounts = await app.inject({
      method: 'GET',
      url: `${url}?amount_min_minor=5000&amount_max_minor=100`,
    });
    t.equal(amounts.statusCode, 400);
    t.match(amounts.json(), { code: 'invalid_filter', errors: [{ pointer: '/amount_min_minor' }] });
  }
  const sameDay = await app.inject({
    method: 'GET',
    url: '/api/v1/invoices?date_from=2025-01-31&date_to=2025-01-31&amount_min_minor=7&amount_max_minor=7',
  });
  t.equal(sameDay.statusCode, 200, 'a range of one day or one amount is fine');
});

t.test(
  'an unknown query parameter is named in the pointer, the message and the detail',
  async (t) => {
    const app = await buildTestApp(t);
    const res = await app.inject({ method: 'GET', url: '/api/v1/invoices?lmit=5&status=declined' });
    t.equal(res.statusCode, 400);
    const body = res.json();
    t.equal(body.code, 'validation_failed');
    t.same(body.errors, [
      { pointer: 'querystring:/lmit', message: 'is not a query parameter of this endpoint' },
    ]);
    t.match(body.detail, /unknown lmit/);
    const both = await app.inject({ method: 'GET', url: '/api/v1/invoices?foo=1&bar=2' });
    t.same(
      both
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
      ['querystring:/bar', 'querystring:/foo'],
    );
    const body2 = await app.inject({
      method: 'POST',
      url: '/api/v1/chat',
      payload: { query: 'meals in March', sesion_id: 'x' },
    });
    t.match(body2.json(), {
      code: 'validation_failed',
      errors: [{ pointer: '/sesion_id', message: 'is not a field this object has' }],
    });
  },
);

t.test('a limit out of range is validation_failed at querystring:/limit', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/api/v1/invoices?limit=500' });
  t.equal(res.statusCode, 400);
  t.match(res.json(), { code: 'validation_failed', errors: [{ pointer: 'querystring:/limit' }] });
});

t.test('an empty or blank chat question answers 400 empty_query', async (t) => {
  const app = await buildTestApp(t);
  for (const query of ['', '   ', '\n\t']) {
    for (const url of ['/api/v1/chat', '/api/v1/chat/stream']) {
      const res = await app.inject({ method: 'POST', url, payload: { query } });
      t.equal(res.statusCode, 400, `${url} ${JSON.stringify(query)}`);
      t.match(res.json(), { code: 'empty_query', errors: [{ pointer: '/query' }] });
    }
  }
});

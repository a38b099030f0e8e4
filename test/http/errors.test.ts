import t from 'tap';
import { BadRequestError } from '../../src/errors.js';
import { buildTestApp } from '../helpers/app.js';

t.test('unknown routes are 404 problem+json with the request id', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/nope?x=1',
    headers: { 'x-request-id': 'client-id-12345' },
  });
  t.equal(res.statusCode, 404);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.equal(res.headers['x-request-id'], 'client-id-12345');
  t.match(res.json(), {
    status: 404,
    code: 'route_not_found',
    title: 'Not Found',
    instance: '/api/v1/nope',
    request_id: 'client-id-12345',
  });
  t.match(res.json().type, /route_not_found$/);
});

t.test('a known path with the wrong method is 405 with Allow', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({ method: 'DELETE', url: '/api/v1/health/quick' });
  t.equal(res.statusCode, 405);
  t.equal(res.headers.allow, 'GET');
  t.equal(res.json().code, 'method_not_allowed');
});

t.test('a URL Fastify cannot decode is a 400 problem with the request id', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/invoices/%zz',
    headers: { 'x-request-id': 'bad-url-req-1' },
  });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.equal(res.headers['x-request-id'], 'bad-url-req-1');
  t.match(res.json(), { status: 400, code: 'bad_url', request_id: 'bad-url-req-1' });
  const long = await app.inject({ method: 'GET', url: `/api/v1/invoices/${'a'.repeat(101)}` });
  t.equal(long.statusCode, 414);
  t.match(long.json(), { code: 'parameter_too_long', title: 'URI Too Long' });
});

t.test(
  'a missing file under a wildcard route is a 404, not a 405 that names the same method',
  async (t) => {
    const app = await buildTestApp(t);
    const missing = await app.inject({ method: 'GET', url: '/docs/static/nope.js' });
    t.equal(missing.statusCode, 404);
    t.equal(missing.json().code, 'route_not_found');
    const wrongMethod = await app.inject({ method: 'POST', url: '/docs/static/nope.js' });
    t.equal(wrongMethod.statusCode, 405);
    t.match(wrongMethod.headers.allow, /GET/);
  },
);

t.test('a body that is neither JSON nor a multipart upload is a 415', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/chat',
    headers: { 'content-type': 'text/plain' },
    payload: 'how many invoices?',
  });
  t.equal(res.statusCode, 415);
  t.match(res.json(), { status: 415, code: 'unsupported_media_type' });
});

t.test('a malformed request id is replaced by a generated one', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/health/quick',
    headers: { 'x-request-id': 'bad id with spaces' },
  });
  t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  const none = await app.inject({ method: 'GET', url: '/api/v1/health/quick' });
  t.match(none.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  t.not(none.headers['x-request-id'], res.headers['x-request-id']);
});

t.test(
  'typed errors, validation errors and crashes all become problems; 5xx leak nothing',
  async (t) => {
    const app = await buildTestApp(t, {
      extend: async (app) => {
        await app.register(async (scope) => {
          scope.get('/boom', async () => {
            throw new Error('secret connection string postgres://user:pw@db');
          });
          scope.get('/typed', async () => {
            throw new BadRequestError('missing_field', 'employee_name is required.', [
              { pointer: 'employee_name', message: 'is required' },
            ]);
          });
          scope.post(
            '/validated',
            {
              schema: {
                body: {
                  type: 'object',
                  required: ['query'],
                  properties: { query: { type: 'string', maxLength: 5 } },
                },
              },
            },
            async () => ({}),
          );
        });
      },
    });
    const boom = await app.inject({ method: 'GET', url: '/boom' });
    t.equal(boom.statusCode, 500);
    t.equal(boom.json().code, 'internal_error');
    t.notMatch(boom.body, /postgres|secret|stack/);
    t.ok(boom.json().request_id);

    const typed = await app.inject({ method: 'GET', url: '/typed' });
    t.equal(typed.statusCode, 400);
    t.same(typed.json().errors, [{ pointer: 'employee_name', message: 'is required' }]);

    const invalid = await app.inject({
      method: 'POST',
      url: '/validated',
      payload: { query: 'too long' },
    });
    t.equal(invalid.statusCode, 400);
    t.equal(invalid.json().code, 'validation_failed');
    t.same(invalid.json().errors, [
      { pointer: '/query', message: 'must NOT have more than 5 characters' },
    ]);

    const missing = await app.inject({ method: 'POST', url: '/validated', payload: {} });
    t.same(missing.json().errors[0].pointer, '/query');

    const badJson = await app.inject({
      method: 'POST',
      url: '/validated',
      headers: { 'content-type': 'application/json' },
      payload: '{"query":',
    });
    t.equal(badJson.statusCode, 400);
    t.equal(badJson.json().code, 'invalid_json');
  },
);

t.test(
  'a multipart body on a JSON route fails its body schema; only upload routes read multipart',
  async (t) => {
    const app = await buildTestApp(t);
    const boundary = 'form-boundary-1';
    const postField = (url: string, name: string, value: string) =>
      app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n--${boundary}--\r\n`,
      });
    const res = await postField('/api/v1/chat', 'query', 'hello');
    t.equal(res.statusCode, 400);
    t.match(res.json(), {
      code: 'validation_failed',
      errors: [{ pointer: '/', message: 'must be object' }],
    });
    const upload = await postField('/api/v1/jobs', 'employee_name', 'Asha');
    t.equal(upload.statusCode, 400);
    t.match(
      upload.json(),
      { code: 'invalid_upload', errors: [{ pointer: 'invoices_zip' }] },
      'the upload reader read the form (the policy may be a managed one)',
    );
  },
);

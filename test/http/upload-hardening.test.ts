/**
 * Uploads built to hurt: malformed multipart, control characters in the employee's name, more
 * bytes than a claim may hold, and bodies that never finish arriving. Each is answered with a
 * problem of its own instead of a 500 or a connection held open. Limits are set low in the config.
 */

import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { buildTestApp } from '../helpers/app.js';

const BOUNDARY = 'hardening-boundary';

function form(parts: Array<{ name: string; value: string | Buffer; filename?: string }>): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = part.filename !== undefined ? `; filename="${part.filename}"` : '';
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${file}\r\n`,
      ),
      Buffer.from(part.filename !== undefined ? 'Content-Type: application/pdf\r\n\r\n' : '\r\n'),
      Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const multipartHeaders = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

async function post(app: FastifyInstance, payload: Buffer | string | Readable, headers = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: { ...multipartHeaders, ...headers },
    payload,
  });
}

t.test('malformed multipart bodies are 400 problems, each with a code of its own', async (t) => {
  const app = await buildTestApp(t);
  const cases: Array<[string, Record<string, string>, string, string]> = [
    ['no boundary', { 'content-type': 'multipart/form-data' }, 'abc', 'multipart_no_boundary'],
    [
      'another boundary than the header names',
      multipartHeaders,
      '--other\r\nContent-Disposition: form-data; name="employee_name"\r\n\r\nX\r\n--other--\r\n',
      'multipart_boundary_mismatch',
    ],
    [
      'a body cut short',
      multipartHeaders,
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="invoice_files"; filename="a.pdf"\r\n\r\n%PDF-1.4 par`,
      'multipart_truncated',
    ],
    [
      'a part without a name',
      multipartHeaders,
      `--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${BOUNDARY}--\r\n`,
      'multipart_unnamed_part',
    ],
    [
      'a file part without a name',
      multipartHeaders,
      `--${BOUNDARY}\r\nContent-Disposition: form-data; filename="a.pdf"\r\n\r\nx\r\n--${BOUNDARY}--\r\n`,
      'multipart_unnamed_part',
    ],
  ];
  for (const [what, headers, body, code] of cases) {
    const response = await post(app, body, headers);
    t.equal(response.statusCode, 400, what);
    t.match(response.headers['content-type'], /^application\/problem\+json/, what);
    t.match(response.json(), { status: 400, code }, what);
  }
});

t.test('control and bidi characters in employee_name are refused at the edge', async (t) => {
  const app = await buildTestApp(t);
  for (const name of ['Ann\u0000Lee', 'Ann\u001b[2JLee', 'Bell\u0007', 'Ann \u202eeeL']) {
    const response = await post(
      app,
      form([
        { name: 'employee_name', value: name },
        { name: 'invoice_files', value: '%PDF-1.4 bill', filename: 'bill.pdf' },
      ]),
    );
    t.equal(response.statusCode, 400, JSON.stringify(name));
    t.match(response.json(), {
      code: 'invalid_upload',
      errors: [{ pointer: 'employee_name', message: /control or bidirectional/ }],
    });
  }
  // Tabs and line breaks are whitespace: folded into one space, as before.
  const folded = await post(
    app,
    form([
      { name: 'employee_name', value: 'Ann\t\nLee' },
      { name: 'policy_file', value: 'Meals are reimbursed up to 50 EUR.', filename: 'p.txt' },
      { name: 'invoice_files', value: '%PDF-1.4 bill', filename: 'bill.pdf' },
    ]),
  );
  t.equal(folded.statusCode, 202, folded.body);
  t.equal(folded.json().input?.employee_name ?? folded.json().employee_name, 'Ann Lee');
});

t.test('a request over MAX_REQUEST_BYTES is 413 request_too_large', async (t) => {
  const app = await buildTestApp(t, {
    env: { MAX_REQUEST_BYTES: '20000', MAX_UPLOAD_BYTES: '15000' },
  });
  // Three files, each within the per-file limit, together over the request's.
  const body = form([
    { name: 'employee_name', value: 'Ann Lee' },
    ...[1, 2, 3].map((n) => ({
      name: 'invoice_files',
      value: Buffer.alloc(9000, n),
      filename: `${n}.pdf`,
    })),
  ]);
  const declared = await post(app, body);
  t.equal(declared.statusCode, 413, 'refused from Content-Length');
  t.match(declared.json(), { code: 'request_too_large', limit_bytes: 20000 });
  t.equal(declared.headers.connection, 'close');

  // Without a Content-Length (a stream), the bytes are counted as they arrive.
  const streamed = await post(app, Readable.from([body]));
  t.equal(streamed.statusCode, 413, 'refused while streaming');
  t.match(streamed.json(), { code: 'request_too_large' });
});

/** Sends `head` and `body` over a socket, and `drip` one byte at a time; resolves with the answer. */
function slowExchange(
  port: number,
  head: string,
  body: string,
  drip: { bytes: string; everyMs: number } | null,
): Promise<{ text: string; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(head + body));
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    if (drip) {
      let at = 0;
      timer = setInterval(() => {
        if (at < drip.bytes.length && !socket.destroyed) socket.write(drip.bytes[at++] ?? '');
      }, drip.everyMs);
    }
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
    });
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, elapsedMs: Date.now() - started });
    });
    socket.on('error', (error) => {
      clearInterval(timer);
      if (text) resolve({ text, elapsedMs: Date.now() - started });
      else reject(error);
    });
    // A body held open forever is what is tested: give up long before the test runner would.
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}

async function listening(t: Test, env: Record<string, string>): Promise<number> {
  const app = await buildTestApp(t, { env });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

function problemOf(text: string): { status: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return { status: head.split('\r\n')[0] ?? '', body: JSON.parse(body) as Record<string, unknown> };
}

const TIMEOUTS = { BODY_TIMEOUT_MS: '400', BODY_MIN_BYTES_PER_SECOND: '1000' };

t.test('a multipart body that stops arriving is 408 body_timeout, then closed', async (t) => {
  const port = await listening(t, TIMEOUTS);
  const partial = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="employee_name"\r\n\r\nAnn\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="invoice_files"; filename="a.pdf"\r\n\r\n%PDF-1.4 part`;
  const { text, elapsedMs } = await slowExchange(
    port,
    `POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: 100000\r\n\r\n`,
    partial,
    null,
  );
  const { status, body } = problemOf(text);
  t.equal(status, 'HTTP/1.1 408 Request Timeout');
  t.match(text, /content-type: application\/problem\+json/i);
  t.match(text, /connection: close/i);
  t.match(body, { status: 408, code: 'body_timeout' });
  t.ok(elapsedMs < 5000, `answered after ${elapsedMs} ms`);
});

t.test('a policy upload that stops arriving is 408 body_timeout as well', async (t) => {
  const port = await listening(t, TIMEOUTS);
  const partial = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="policy_file"; filename="p.pdf"\r\n\r\n%PDF-1.4 part`;
  for (const url of ['/api/v1/policies', '/api/v1/policies/some-policy/versions']) {
    const { text } = await slowExchange(
      port,
      `POST ${url} HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: 100000\r\n\r\n`,
      partial,
      null,
    );
    const { status, body } = problemOf(text);
    t.equal(status, 'HTTP/1.1 408 Request Timeout', url);
    t.match(body, { status: 408, code: 'body_timeout' }, url);
  }
});

t.test('a JSON body that stops arriving is 408 body_timeout too', async (t) => {
  const port = await listening(t, TIMEOUTS);
  const { text } = await slowExchange(
    port,
    'POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n',
    '{"query": "how much',
    null,
  );
  const { status, body } = problemOf(text);
  t.equal(status, 'HTTP/1.1 408 Request Timeout');
  t.match(body, { code: 'body_timeout', request_id: /./ });
});

t.test('a body that trickles slower than the minimum rate is 408 as well', async (t) => {
  const port = await listening(t, TIMEOUTS);
  // One byte every 50 ms is 20 bytes/s, far below 1000: it never stalls, it is only slow.
  const { text, elapsedMs } = await slowExchange(
    port,
    'POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n',
    '',
    { bytes: `{"query": "${'a'.repeat(4000)}`, everyMs: 50 },
  );
  const { body } = problemOf(text);
  t.match(body, { code: 'body_timeout', detail: /slower than 1000 bytes per second/ });
  t.ok(elapsedMs < 5000, `answered after ${elapsedMs} ms`);
});

t.test('a body that arrives in time is read as before', async (t) => {
  const port = await listening(t, TIMEOUTS);
  const json = JSON.stringify({ query: 'total of meals' });
  const { text } = await slowExchange(
    port,
    `POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${json.length}\r\n\r\n`,
    json,
    null,
  );
  t.notMatch(text, /^HTTP\/1\.1 408/);
  t.match(text, /^HTTP\/1\.1 200/);
});

t.test('a route that never reads its body still has the connection cut', async (t) => {
  // A route that neither reads the body nor answers: only the deadline's fallback ends it.
  const app = await buildTestApp(t, {
    env: TIMEOUTS,
    extend: (app) => {
      app.post('/hold', () => new Promise(() => undefined));
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const { elapsedMs } = await slowExchange(
    port,
    `POST /hold HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: 100000\r\n\r\n`,
    `--${BOUNDARY}\r\n`,
    null,
  );
  t.ok(elapsedMs < 5000, `closed after ${elapsedMs} ms, not held open`);
});

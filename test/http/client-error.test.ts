import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';

/** Sends raw bytes and reads until the server closes the connection. */
async function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function parse(answer: string): {
  statusLine: string;
  headers: Map<string, string>;
  body: Record<string, unknown>;
} {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Map(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { statusLine, headers, body: JSON.parse(body) as Record<string, unknown> };
}

t.test(
  'bytes that are not HTTP get a 400 problem with a request id, and the connection closes',
  async (t) => {
    const app = await buildTestApp(t);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const answer = parse(await rawExchange(port, 'HELLO THERE\r\n\r\n'));
    t.equal(answer.statusLine, 'HTTP/1.1 400 Bad Request');
    t.equal(answer.headers.get('content-type'), 'application/problem+json');
    t.equal(answer.headers.get('connection'), 'close');
    const requestId = answer.headers.get('x-request-id') ?? '';
    t.match(requestId, /^[0-9a-f-]{36}$/);
    t.match(answer.body, {
      status: 400,
      code: 'malformed_request',
      title: 'Bad Request',
      request_id: requestId,
      instance: `urn:uuid:${requestId}`,
    });
    t.match(answer.body.type, /malformed_request$/);
  },
);

t.test('oversized headers are a 431 problem', async (t) => {
  const app = await buildTestApp(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const answer = parse(
    await rawExchange(
      port,
      `GET /api/v1/health/quick HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    ),
  );
  t.equal(answer.statusLine, 'HTTP/1.1 431 Request Header Fields Too Large');
  t.match(answer.body, { status: 431, code: 'headers_too_large' });
});

t.test('a well-formed request on the same server is unaffected', async (t) => {
  const app = await buildTestApp(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const answer = await rawExchange(
    port,
    'GET /api/v1/health/quick HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  );
  t.match(answer, /^HTTP\/1\.1 200 OK/);
});

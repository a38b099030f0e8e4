/**
 * A client that drops its connection mid-request is not a server failure: anyone can do it at
 * will, so it must never write error-level lines (they page operators and can flood the log).
 */
import { connect } from 'node:net';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';

type Line = { level: number; msg: string; [key: string]: unknown };

async function appWithLog(t: Parameters<typeof buildTestApp>[0]) {
  const lines: Line[] = [];
  const stream = { write: (line: string) => void lines.push(JSON.parse(line) as Line) };
  const app = await buildTestApp(t, { logger: { level: 'info', stream } });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { lines, port: Number(new URL(address).port) };
}

/** Sends headers promising a large body and a first piece of it, then resets the connection. */
async function dropMidBody(port: number, path: string, contentType: string, start: string) {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${contentType}\r\n` +
      `Content-Length: 1000000\r\n\r\n${start}`,
  );
  // Long enough for the route to be reading the body when the connection goes.
  await new Promise((resolve) => setTimeout(resolve, 300));
  socket.resetAndDestroy();
  await new Promise((resolve) => setTimeout(resolve, 400));
}

t.test('an upload abandoned mid-body is logged at info, not as a failed request', async (t) => {
  const { lines, port } = await appWithLog(t);
  await dropMidBody(
    port,
    '/api/v1/jobs',
    'multipart/form-data; boundary=XYZ',
    '--XYZ\r\nContent-Disposition: form-data; name="employee_name"\r\n\r\nAda\r\n' +
      '--XYZ\r\nContent-Disposition: form-data; name="invoices_zip"; filename="a.zip"\r\n' +
      'Content-Type: application/zip\r\n\r\nPK',
  );
  t.same(
    lines.filter((line) => line.level >= 50).map((line) => line.msg),
    [],
    'no error-level line',
  );
  t.ok(
    lines.some(
      (line) => line.level === 30 && /closed the connection|aborted/.test(String(line.msg)),
    ),
    'the drop is still visible at info',
  );
});

t.test('a JSON body abandoned midway writes no error-level line either', async (t) => {
  const { lines, port } = await appWithLog(t);
  await dropMidBody(port, '/api/v1/chat', 'application/json', '{"query":"how much');
  t.same(
    lines.filter((line) => line.level >= 50).map((line) => line.msg),
    [],
  );
});

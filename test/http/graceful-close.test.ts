import { Agent, type IncomingMessage, request } from 'node:http';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { createServices } from '../../src/services.js';
import { buildTestApp, testConfig } from '../helpers/app.js';

t.test(
  'close(): stops accepting, finishes the request in flight with Connection: close',
  async (t) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const app = await buildTestApp(t, {
      // Load shedding off: a busy test machine must not turn the request into a 503.
      env: { PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0' },
      extend: (app) => {
        app.get('/slow', async () => {
          started();
          await released;
          return { finished: true };
        });
      },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };

    const answer = new Promise<{ status: number; connection: string | undefined; body: string }>(
      (resolve, reject) => {
        request(
          { host: '127.0.0.1', port, path: '/slow', headers: { connection: 'keep-alive' } },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }),
            );
          },
        )
          .once('error', reject)
          .end();
      },
    );
    // If the request were answered without reaching the handler, stop here instead of hanging.
    const first = await Promise.race([inFlight.then(() => 'handler' as const), answer]);
    if (first !== 'handler')
      return t.fail(`answered before the handler ran: ${JSON.stringify(first)}`);
    const closed = app.close();
    await t.rejects(
      fetch(`http://127.0.0.1:${port}/api/v1/health/quick`),
      'new connections are refused while closing',
    );
    release();
    const res = await answer;
    t.equal(res.status, 200);
    t.same(JSON.parse(res.body), { finished: true });
    t.equal(res.connection, 'close');
    await closed;
  },
);

t.test(
  'close(): a request that still arrives on an open connection is a 503 shutting_down problem',
  async (t) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const app = await buildTestApp(t, {
      env: { PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0' },
      extend: (app) => {
        // A response whose headers are out (so it keeps the connection alive) and whose body is not.
        app.get('/slow', async (_request, reply) => {
          const body = new PassThrough();
          body.write('partial ');
          void released.then(() => body.end('finished'));
          setImmediate(started);
          return reply.type('text/plain').send(body);
        });
      },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await inFlight;
    const closed = app.close();
    // The same connection, busy with /slow, sends another request once close has begun.
    await new Promise((resolve) => setImmediate(resolve));
    socket.write(
      'GET /api/v1/health/quick HTTP/1.1\r\nHost: x\r\nX-Request-ID: late-request-1\r\n\r\n',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await ended;
    await closed;
    const [first = '', second = ''] = received.split(/(?=HTTP\/1\.1 )/);
    t.match(first, /^HTTP\/1\.1 200 /);
    t.match(second, /^HTTP\/1\.1 503 /);
    t.match(second, /content-type: application\/problem\+json/i);
    t.match(second, /retry-after: 1/i);
    const body = JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4)) as Record<
      string,
      unknown
    >;
    t.match(body, { status: 503, code: 'shutting_down', request_id: 'late-request-1' });
  },
);

/** An event stream that sends one ping and never ends by itself. */
async function pingForever(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.hijack();
  reply.raw.setHeader('content-type', 'text/event-stream');
  reply.raw.setHeader('connection', 'keep-alive');
  reply.raw.writeHead(200);
  reply.raw.write('event: ping\ndata: {}\n\n');
}

t.test('close(): open event streams are ended so the close completes', async (t) => {
  const app = await buildTestApp(t, {
    env: { PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0' },
    extend: (app) => {
      app.get('/stream', pingForever);
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const events = await new Promise<{ firstChunk: string; ended: Promise<string> }>(
    (resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/stream' }, (res) => {
        let text = '';
        const ended = new Promise<string>((done) => res.once('end', () => done(text)));
        res.once('data', (chunk: Buffer) => {
          text += chunk.toString();
          resolve({ firstChunk: text, ended });
          res.on('data', (more: Buffer) => (text += more.toString()));
        });
      })
        .once('error', reject)
        .end();
    },
  );
  t.match(events.firstChunk, /event: ping/);
  await app.close();
  t.match(await events.ended, /event: ping/, 'the client saw the stream end cleanly');
});

t.test(
  'close(): a stream opened on a keep-alive connection after other requests is ended too',
  async (t) => {
    const app = await buildTestApp(t, {
      extend: (app) => {
        app.get('/stream', pingForever);
      },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    t.teardown(() => agent.destroy());
    const get = (path: string) =>
      new Promise<IncomingMessage>((resolve, reject) =>
        request({ host: '127.0.0.1', port, path, agent }, resolve).once('error', reject).end(),
      );
    const sockets = new Set<unknown>();
    for (let i = 0; i < 3; i += 1) {
      const res = await get('/api/v1/health/quick');
      sockets.add(res.socket);
      await new Promise((resolve) => res.resume().once('end', resolve));
    }
    const stream = await get('/stream');
    sockets.add(stream.socket);
    t.equal(sockets.size, 1, 'every request went over the same connection');
    const ended = new Promise<string>((resolve) => {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
      stream.once('end', () => resolve(text));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.close();
    t.match(await ended, /event: ping/, 'the stream was ended by close()');
  },
);

t.test('close() closes the services the app built itself, and only those', async (t) => {
  const app = await buildTestApp(t);
  let closedOwn = false;
  const close = app.services.close.bind(app.services);
  app.services.close = async () => {
    closedOwn = true;
    await close();
  };
  await app.close();
  t.ok(closedOwn, 'services built by buildApp are closed with it');

  const config = testConfig(t);
  const shared = await createServices(config);
  t.teardown(() => shared.close());
  let closedShared = false;
  const sharedClose = shared.close.bind(shared);
  shared.close = async () => {
    closedShared = true;
    await sharedClose();
  };
  const borrower = await buildApp(config, { services: shared, logger: false });
  await borrower.close();
  t.notOk(closedShared, 'services passed in belong to the caller (the worker)');
});

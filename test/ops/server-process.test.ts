/**
 * The real entry point in a child process: `node --import tsx src/server.ts`, as `npm run dev`
 * and the container start it (compiled there), so signals, exit codes and stdout are the real ones.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';

type Tap = { teardown(fn: () => unknown): void };

interface Server {
  child: ChildProcess;
  port: number;
  /** Resolves with the first stdout JSON line matching the predicate. */
  logLine(match: (line: Record<string, any>) => boolean): Promise<Record<string, any>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

const ROOT = new URL('../../', import.meta.url);

function run(t: Tap, env: Record<string, string>): Server {
  const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-proc-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  // A clean environment: nothing from the developer's shell (REDIS_URL, …) leaks in.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    // Load shedding off: a busy test machine must not turn the requests below into 503s.
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_DIR: '',
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  const lines: Array<Record<string, any>> = [];
  const waiters: Array<{
    match: (line: Record<string, any>) => boolean;
    resolve: (line: Record<string, any>) => void;
  }> = [];
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const complete = stdout.split('\n');
    for (const text of complete.slice(lines.length, -1)) {
      let line: Record<string, any>;
      try {
        line = JSON.parse(text) as Record<string, any>;
      } catch {
        line = { msg: text };
      }
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const server: Server = {
    child,
    port: 0,
    exited,
    output: () => `stdout:\n${stdout}\nstderr:\n${stderr}`,
    logLine: (match) => {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return Promise.race([
        new Promise<Record<string, any>>((resolve) => waiters.push({ match, resolve })),
        exited.then(({ code }) =>
          Promise.reject(new Error(`the server exited (${code}) first:\n${server.output()}`)),
        ),
      ]);
    },
  };
  return server;
}

/** Starts the server and learns its port from the "Server listening at" log line (PORT=0). */
async function start(t: Tap, env: Record<string, string> = {}): Promise<Server> {
  const server = run(t, env);
  const listening = await server.logLine(
    (l) => typeof l.msg === 'string' && l.msg.startsWith('Server listening at'),
  );
  server.port = Number(/:(\d+)$/.exec(listening.msg)?.[1]);
  return server;
}

t.test(
  'SIGTERM: a request in flight is finished, then the process exits 0 and says so',
  async (t) => {
    const server = await start(t);
    // A request whose body is still on its way is in flight as far as the server is concerned.
    const socket = connect(server.port, '127.0.0.1');
    t.teardown(() => socket.destroy());
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString()));
    const socketClosed = new Promise((resolve) => socket.once('close', resolve));
    const body = '{"employee_name":"Asha"}';
    socket.write(
      `POST /api/v1/not-a-route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nX-Request-ID: inflight-0001\r\n\r\n${body.slice(0, 5)}`,
    );
    await server.logLine((l) => l.reqId === 'inflight-0001' && l.msg === 'incoming request');

    server.child.kill('SIGTERM');
    const shutdownLine = await server.logLine((l) => /shutting down/.test(l.msg));
    t.equal(shutdownLine.signal, 'SIGTERM');

    // New connections are refused from now on…
    await t.rejects(
      fetch(`http://127.0.0.1:${server.port}/api/v1/health/quick`),
      'no new connections',
    );
    // …but the request in flight still gets its answer.
    socket.write(body.slice(5));
    await socketClosed;
    t.match(response, /^HTTP\/1\.1 404 /, response);
    t.match(response, /content-type: application\/problem\+json/i);
    t.match(response, /"request_id":"inflight-0001"/);
    t.match(response, /connection: close/i, 'the client is told not to reuse the connection');

    const { code, signal } = await server.exited;
    t.equal(code, 0, server.output());
    t.equal(signal, null);
  },
);

t.test('SIGINT: idle keep-alive connections are closed and the process exits 0', async (t) => {
  const server = await start(t);
  const agent = new Agent({ keepAlive: true });
  t.teardown(() => agent.destroy());
  // Wrapped in an object: resolving with the promise itself would wait for the close.
  const { socketClosed } = await new Promise<{ socketClosed: Promise<unknown> }>(
    (resolve, reject) => {
      get({ host: '127.0.0.1', port: server.port, path: '/api/v1/health/quick', agent }, (res) => {
        t.equal(res.statusCode, 200);
        t.equal(res.headers.connection, 'keep-alive');
        const closed = new Promise((done) => res.socket.once('close', done));
        res.resume();
        res.once('end', () => resolve({ socketClosed: closed }));
      }).once('error', reject);
    },
  );
  server.child.kill('SIGINT');
  await socketClosed;
  t.pass('the server closed the idle keep-alive connection');
  const { code } = await server.exited;
  t.equal(code, 0, server.output());
  await server.logLine((l) => l.signal === 'SIGINT' && /shutting down/.test(l.msg));
});

t.test(
  'a bad or unsafe configuration stops the start with exit 78 and names the variable',
  async (t) => {
    // Started together: each child compiles the app first, which is most of its time.
    const cases: Array<{ name: string; env: Record<string, string>; message: RegExp }> = [
      {
        name: 'a bad value',
        env: { PORT: 'eighty' },
        message: /PORT must be a whole number, got "eighty"/,
      },
      {
        name: 'production with AUTH_MODE=none',
        env: { NODE_ENV: 'production' },
        message: /AUTH_MODE=none is refused when NODE_ENV=production/,
      },
      {
        name: 'production with wildcard CORS',
        env: {
          NODE_ENV: 'production',
          AUTH_MODE: 'jwt',
          JWT_SECRET: 's'.repeat(40),
          ALLOWED_ORIGINS: '*',
        },
        message: /ALLOWED_ORIGINS=\* \(wildcard CORS\) is refused/,
      },
    ];
    const results = await Promise.all(
      cases.map(async (c) => {
        const server = run(t, c.env);
        return { ...c, server, exit: await server.exited };
      }),
    );
    for (const { name, message, server, exit } of results) {
      t.equal(exit.code, 78, `${name}: exit code 78 (EX_CONFIG)`);
      t.match(server.output(), message, `${name}: the message names the variable`);
      t.notMatch(server.output(), /Server listening/, `${name}: never listened`);
    }
    const cors = results[2]!.server.output();
    t.notMatch(cors, /AUTH_MODE/, 'only the unsafe setting is reported');
  },
);

t.test(
  'the server holds its DATA_DIR while it runs, and a second server there is refused',
  async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-proc-'));
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await start(t, { DATA_DIR: dataDir });
    const holder = JSON.parse(readFileSync(join(dataDir, 'server.pid'), 'utf8'));
    t.equal(holder.pid, first.child.pid);
    t.equal(holder.address, `http://127.0.0.1:${first.port}`);

    const second = run(t, { DATA_DIR: dataDir });
    const { code } = await second.exited;
    t.equal(code, 75, 'EX_TEMPFAIL: two servers would both run the queued jobs of one database');
    t.match(second.output(), `is held by a running API server (pid ${first.child.pid}`);

    first.child.kill('SIGTERM');
    t.equal((await first.exited).code, 0, first.output());
    t.notOk(existsSync(join(dataDir, 'server.pid')), 'the record goes with the server');
  },
);

t.test('an unwritable DATA_DIR stops the start with exit 78 naming the variable', async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'reimburse-proc-'));
  t.teardown(() => rmSync(parent, { recursive: true, force: true }));
  // A folder below a regular file can never be made, whoever the user is (root ignores modes).
  const file = join(parent, 'a-file');
  writeFileSync(file, 'not a folder');
  const server = run(t, { DATA_DIR: join(file, 'data') });
  const { code } = await server.exited;
  t.equal(code, 78, server.output());
  t.match(server.output(), `DATA_DIR ${join(file, 'data')} cannot be written (ENOTDIR)`);
});

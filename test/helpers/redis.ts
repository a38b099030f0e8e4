/**
 * Real redis-server instances for tests. Each call starts a private server on a free port with no
 * persistence and stops it when the test ends, so tests never share state or need a running Redis.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import type { Test } from 'tap';

export interface RedisTestServer {
  port: number;
  url: string;
}

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const START_ATTEMPTS = 3;
const READY_DEADLINE_MS = 10_000;

let installed: boolean | undefined;

export function redisServerInstalled(): boolean {
  installed ??= spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' }).error === undefined;
  return installed;
}

/**
 * True when redis-server can be used. When it is missing, the test is skipped visibly on a
 * developer machine, but fails under CI: a CI run must never pass by silently skipping Redis.
 */
export function requireRedis(t: Test): boolean {
  if (redisServerInstalled()) return true;
  const message = `${REDIS_SERVER} is not installed`;
  if (process.env.CI) {
    t.fail(`${message}: Redis tests cannot be skipped in CI`);
  } else {
    t.comment(`${message}: skipping the Redis tests (they fail instead when CI is set)`);
    t.skip(`Redis tests (${message})`, () => {});
  }
  return false;
}

/** Starts a private redis-server (or returns null after requireRedis skipped/failed the test). */
export async function startRedisOrSkip(t: Test): Promise<RedisTestServer | null> {
  if (!requireRedis(t)) return null;
  return startRedis(t);
}

/** Starts a private redis-server for this test and stops it in t.teardown. */
export async function startRedis(t: Test): Promise<RedisTestServer> {
  let lastError: unknown;
  // The port is free when picked but another process may take it before redis binds: retry.
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await pickFreePort();
    const child = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        tmpdir(),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = collectOutput(child);
    // A test process that dies or times out must not leave its server behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    try {
      await waitUntilAnswering(child, port, output);
      t.teardown(() => stopProcess(child));
      return { port, url: `redis://127.0.0.1:${port}` };
    } catch (error) {
      lastError = error;
      await stopProcess(child);
    }
  }
  throw lastError;
}

function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function collectOutput(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}

async function waitUntilAnswering(
  child: ChildProcess,
  port: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.once('error', () => {
    exited = true;
  });
  while (!exited && Date.now() < deadline) {
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(
    `redis-server on port ${port} did not answer PING${exited ? ' (it exited)' : ''}:\n${output()}`,
  );
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

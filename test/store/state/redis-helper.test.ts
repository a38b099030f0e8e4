import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import t from 'tap';
import { startRedisOrSkip } from '../../helpers/redis.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const helperUrl = new URL('../../helpers/redis.js', import.meta.url).href;

/** Runs requireRedis in a child with redis-server made unavailable, with or without CI set. */
function runWithoutRedisServer(ci: boolean) {
  const script = `
    const { default: t } = await import('tap');
    const { requireRedis } = await import(${JSON.stringify(helperUrl)});
    t.test('needs redis', async (t) => { if (requireRedis(t)) t.fail('redis-server should look missing'); });
  `;
  const env: NodeJS.ProcessEnv = { ...process.env, REDIS_SERVER_BIN: '/nonexistent/redis-server' };
  delete env.CI;
  delete env.TAP;
  if (ci) env.CI = 'true';
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
}

t.test('without redis-server the Redis tests skip visibly outside CI', async (t) => {
  const run = runWithoutRedisServer(false);
  t.equal(run.status, 0, 'the run passes', { output: run.stdout + run.stderr });
  t.match(run.stdout, /# SKIP/);
  t.match(run.stdout, /not installed/);
  t.notMatch(run.stdout, /^\s*not ok/m);
});

t.test('without redis-server the Redis tests fail under CI', async (t) => {
  const run = runWithoutRedisServer(true);
  t.not(run.status, 0);
  t.match(run.stdout, /not ok .*cannot be skipped in CI/);
});

t.test('startRedis serves until the test that started it ends', async (t) => {
  let port = 0;
  await t.test('a test with its own server', async (t) => {
    const server = await startRedisOrSkip(t);
    if (!server) return;
    port = server.port;
    const client = new Redis(server.url);
    t.equal(await client.ping(), 'PONG');
    await client.quit();
  });
  if (port === 0) return;
  const refused = await new Promise<boolean>((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
  t.ok(refused, 'the server was stopped in teardown');
});

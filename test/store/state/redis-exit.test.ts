import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startRedisOrSkip } from '../../helpers/redis.js';

const moduleUrl = (path: string) => new URL(`../../../src/${path}`, import.meta.url).href;

// Runs in a child process: if close() left any connection, timer or blocking read behind, the
// child never exits on its own and the test times out.
const script = `
  const { RedisJobStore } = await import(${JSON.stringify(moduleUrl('store/redis/job-store.js'))});
  const { RedisChatHistoryStore } = await import(${JSON.stringify(moduleUrl('store/redis/chat-history-store.js'))});
  const { RedisIdempotencyStore } = await import(${JSON.stringify(moduleUrl('store/redis/idempotency-store.js'))});
  const { RedisAuditLog } = await import(${JSON.stringify(moduleUrl('store/redis/audit-log.js'))});
  const { BullMqJobQueue } = await import(${JSON.stringify(moduleUrl('pipeline/queue.js'))});
  const url = process.argv[1];
  const jobs = new RedisJobStore({ url });
  const chat = new RedisChatHistoryStore({ url });
  const idempotency = new RedisIdempotencyStore({ url, ttlSeconds: 60 });
  const audit = new RedisAuditLog({ url });
  const queue = new BullMqJobQueue({ url });
  const job = { id: 'job-exit', owner_sub: 'u', state: 'queued', created_at: new Date().toISOString() };
  await jobs.create(job);
  let delivered;
  const received = new Promise((resolve) => (delivered = resolve));
  jobs.subscribe('job-exit', delivered);
  await jobs.appendEvent('job-exit', { type: 'job', data: {} });
  await received;
  await chat.append('s', 'u', [{ role: 'user', content: 'q', at: job.created_at }], 5);
  await idempotency.begin({ key: 'k', owner_sub: 'u', fingerprint: 'f' });
  await audit.record({ actor_sub: 'u', actor_name: 'U', actor_role: 'admin', action: 'x', target_type: 'job', target_id: null, request_id: 'r', client_ip: 'ip', details: {} });
  let handled;
  const processed = new Promise((resolve) => (handled = resolve));
  queue.process(async (jobId) => handled(jobId), 1);
  await queue.enqueue('job-exit');
  await processed;
  await Promise.all([jobs.close(), chat.close(), idempotency.close(), audit.close(), queue.close()]);
  console.log('closed');
`;

t.test('a process using every Redis adapter exits by itself after close()', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, server.url],
    {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  t.teardown(() => {
    if (child.exitCode === null) child.kill();
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  t.equal(code, 0, 'the child exits cleanly', { output });
  t.match(output, /^closed$/m);
});

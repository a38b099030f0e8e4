/**
 * DOCUMENT_RETENTION_DAYS in server mode: every worker keeps the hourly purge timer, and the Redis
 * lease of src/store/redis/hourly-lease.ts lets one of them purge each hour. Checked against a real
 * redis-server (a missing one fails the test under CI instead of skipping it), with hand-driven
 * timers and clocks, and through the services a server-mode worker starts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { DocumentStore } from '../../src/documents/document-store.js';
import { startRetention } from '../../src/documents/retention.js';
import { DiskDocumentStore } from '../../src/store/disk/document-store.js';
import { periodLeaseKey, redisPeriodClaim } from '../../src/store/redis/hourly-lease.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { buildTestApp } from '../helpers/app.js';
import { HOUR_MS, redisClient, until, workerTimer } from '../helpers/purge-lease.js';
import { startRedisOrSkip } from '../helpers/redis.js';

const DAY_MS = 86_400_000;
// Workers' clocks run ten days ahead of the real one, so what the test stores now is past a
// one-day retention; on the hour, so minute offsets stay inside it.
const START = Math.floor(Date.now() / HOUR_MS) * HOUR_MS + 10 * DAY_MS;
const PREFIX = 'test:';

/** Stores a small original of its own and returns its hash. */
async function storeOriginal(documents: DocumentStore, text: string): Promise<string> {
  const bytes = Buffer.from(`%PDF-1.4 ${text}`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await documents.put(sha256, { bytes }, 'application/pdf');
  return sha256;
}

t.test('two server-mode workers purge documents once an hour between them', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const root = mkdtempSync(join(tmpdir(), 'reimburse-purge-lease-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const shared = new DiskDocumentStore(root);
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const invoices = new SqliteInvoiceStore({ database: db });

  const passes: Array<{ worker: number; hour: string; purged: number }> = [];
  let answered = 0;
  const workers: Array<{ strike: () => void; stop: () => Promise<void> }> = [];
  await storeOriginal(shared, 'hour 0');
  // Timers strike at minutes 10 and 40 of each hour: both ask every hour, the first one wins.
  for (const [worker, minute] of [10, 40].entries()) {
    const timer = workerTimer(START + minute * 60_000);
    const claim = redisPeriodClaim(await redisClient(t, server.url), PREFIX, 'documents');
    const stop = startRetention({
      documents: shared,
      invoices,
      retentionDays: 1,
      onError: (error) => t.fail(String(error)),
      onPurged: (purged) =>
        passes.push({ worker, hour: timer.clock().toISOString().slice(0, 13), purged }),
      clock: timer.clock,
      repeat: timer.repeat,
      claim: async (now) => {
        const won = await claim(now);
        answered += 1;
        return won;
      },
    });
    workers.push({ strike: timer.strike, stop });
    await until(() => answered === worker + 1);
  }
  for (let hour = 1; hour <= 3; hour += 1) {
    await storeOriginal(shared, `hour ${hour}`);
    for (const worker of workers) {
      const before = answered;
      worker.strike();
      await until(() => answered === before + 1);
    }
  }
  for (const worker of workers) await worker.stop();

  t.equal(answered, 8, 'both workers asked at start and every hour');
  const hourOf = (offset: number) => new Date(START + offset * HOUR_MS).toISOString().slice(0, 13);
  t.same(
    passes,
    [0, 1, 2, 3].map((offset) => ({ worker: 0, hour: hourOf(offset), purged: 1 })),
    'one purge in each hour, by the worker that asked first, none twice',
  );
  const left: string[] = [];
  for await (const document of shared.list()) left.push(document.sha256);
  t.same(left, [], 'every original past retention went');
});

t.test('a claim Redis cannot answer is reported and skips the document purge', async (t) => {
  const errors: unknown[] = [];
  let listed = 0;
  const documents = {
    list: () => {
      listed += 1;
      return [][Symbol.iterator]();
    },
  } as unknown as DocumentStore;
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const stop = startRetention({
    documents,
    invoices: new SqliteInvoiceStore({ database: db }),
    retentionDays: 1,
    onError: (error) => errors.push(error),
    repeat: () => () => undefined,
    claim: async () => {
      throw new Error('Connection is closed.');
    },
  });
  await stop();
  t.equal(listed, 0, 'without the lease no worker purges on its own');
  t.match(errors, [{ message: 'Connection is closed.' }]);
});

t.test('server-mode services lease the hour of the document purge', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const redis = await redisClient(t, server.url);
  const began = new Date();
  const env = { REDIS_URL: server.url, DOCUMENT_RETENTION_DAYS: '30' };
  const apps = [await buildTestApp(t, { env }), await buildTestApp(t, { env })];
  // Closing waits for the purge passes the workers began.
  for (const app of apps) await app.close();
  const leased = await redis.keys('reimburse:documents:purge-lease:*');
  t.equal(leased.length, 1, 'both workers asked for the same hour');
  // The hour may have turned while the workers ran.
  const hours = [began, new Date()].map((at) => periodLeaseKey('reimburse:', 'documents', at));
  t.ok(hours.includes(leased[0] ?? ''), 'the hour of now, under the deployment prefix');
});

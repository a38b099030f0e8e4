import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { parseSse, sampleClaim, sampleZipInvoices } from '../helpers/claims.js';
import { startRedisOrSkip } from '../helpers/redis.js';

t.test(
  'server mode: one instance accepts and streams a job that a worker on another instance runs',
  async (t) => {
    const redis = await startRedisOrSkip(t);
    if (!redis) return;
    // Uploads live in DATA_DIR/uploads, a volume shared by API instances and workers in production.
    const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-redis-'));
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
    const config = (runWorker: boolean) =>
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        LOG_DIR: '',
        DATA_DIR: dataDir,
        REDIS_URL: redis.url,
        RUN_WORKER: String(runWorker),
        PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
      });

    const api = await buildApp(config(false), { logger: false });
    t.teardown(() => api.close());
    const worker = await buildApp(config(true), { logger: false });
    t.teardown(() => worker.close());
    await Promise.all([api.ready(), worker.ready()]);

    const health = (await api.inject({ method: 'GET', url: '/api/v1/health' })).json();
    t.match(
      health.checks.find((c: { name: string }) => c.name === 'queue'),
      { state: 'up', info: { kind: 'bullmq' } },
    );
    t.match(
      health.checks.find((c: { name: string }) => c.name === 'job_store'),
      { state: 'up', info: { kind: 'redis' } },
    );

    const created = await api.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      payload: sampleClaim(),
      headers: { 'idempotency-key': 'redis-mode-claim-1' },
    });
    t.equal(created.statusCode, 202);
    const job = created.json();

    // The API instance has no worker: the job can only finish on the other instance.
    const stream = await api.inject({ method: 'GET', url: job.links.events });
    const events = parseSse(stream.body);
    t.equal(events[0]?.event, 'job');
    t.equal(events.at(-1)?.event, 'done');
    t.equal(events.filter((e) => e.event === 'document').length, sampleZipInvoices().length);
    t.same(
      events.map((e) => Number(e.id)),
      events.map((_, i) => i + 1),
      'one gap-free numbering across instances',
    );

    const fromWorker = await worker.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}` });
    t.equal(fromWorker.json().state, 'succeeded', 'any instance reads any job');
    t.equal(fromWorker.json().summary.analysed, sampleZipInvoices().length);

    const resumed = parseSse(
      (
        await worker.inject({
          method: 'GET',
          url: job.links.events,
          headers: { 'last-event-id': String(events.length - 2) },
        })
      ).body,
    );
    t.same(
      resumed.map((e) => e.event),
      events.slice(-2).map((e) => e.event),
      'replay after Last-Event-ID from the other instance',
    );

    const replay = await worker.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      payload: sampleClaim(),
      headers: { 'idempotency-key': 'redis-mode-claim-1' },
    });
    t.equal(
      replay.headers['idempotent-replayed'],
      'true',
      'idempotency keys are shared through Redis',
    );
    t.equal(replay.json().id, job.id);

    const chat = (
      await api.inject({
        method: 'POST',
        url: '/api/v1/chat',
        payload: { query: 'how many travel invoices?' },
      })
    ).json();
    const history = await worker.inject({
      method: 'GET',
      url: `/api/v1/chat/history/${chat.session_id}`,
    });
    t.equal(history.statusCode, 200, 'chat history is shared through Redis');
  },
);

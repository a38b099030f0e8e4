/**
 * `npm run worker` as its own process in server mode: it works the jobs an API instance queued in
 * Redis, stops cleanly on SIGTERM mid-job, and the next worker to start finishes that job.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { sampleClaim, sampleZipInvoices } from '../helpers/claims.js';
import { midJobSetup } from '../helpers/mid-job.js';
import { startRedisOrSkip } from '../helpers/redis.js';
import { startWorkerProcess } from '../helpers/server-process.js';

t.test('without REDIS_URL the worker refuses to start, naming it', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-worker-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const worker = await startWorkerProcess({ DATA_DIR: dataDir, REDIS_URL: '' });
  t.equal(await worker.exited, 78);
  t.match(worker.output(), /needs REDIS_URL/);
});

t.test(
  'a worker stopped mid-job hands it over: the next worker finishes it, nothing stored twice',
  async (t) => {
    const redis = await startRedisOrSkip(t);
    if (!redis) return;
    const setup = await midJobSetup(t);
    const { invoiceCalls, filesRead } = setup;
    const invoices = sampleZipInvoices().length;
    const env = { ...setup.env, REDIS_URL: redis.url };
    const api = await buildApp(
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        LOG_DIR: '',
        RUN_WORKER: 'false',
        ...env,
      }),
      { logger: false },
    );
    t.teardown(() => api.close());
    await api.ready();

    const first = await startWorkerProcess(env);
    t.teardown(() => first.child.kill('SIGKILL'));
    const created = await api.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      payload: sampleClaim(),
    });
    t.equal(created.statusCode, 202);
    const job = created.json() as { id: string; links: { self: string } };
    const deadline = Date.now() + 60_000;
    while (invoiceCalls().length < 4 && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 20));
    first.child.kill('SIGTERM');
    t.equal(await first.exited, 0, `the first worker stops cleanly:\n${first.output()}`);
    const callsBeforeStop = invoiceCalls().length;
    t.ok(
      callsBeforeStop > 0 && callsBeforeStop < invoices,
      `stopped mid-job after ${callsBeforeStop} invoice calls`,
    );
    t.equal(
      (await api.inject({ method: 'GET', url: job.links.self })).json().state,
      'running',
      'left running for the next worker',
    );

    const second = await startWorkerProcess(env);
    t.teardown(() => second.child.kill('SIGKILL'));
    let body: { state: string; results: Array<{ outcome: string }> } = { state: '', results: [] };
    while (!['succeeded', 'failed'].includes(body.state) && Date.now() < deadline + 60_000) {
      body = (await api.inject({ method: 'GET', url: job.links.self })).json();
      if (!['succeeded', 'failed'].includes(body.state))
        await new Promise((done) => setTimeout(done, 100));
    }
    t.equal(body.state, 'succeeded', second.output());
    t.equal(body.results.filter((r) => r.outcome === 'analysed').length, invoices);
    t.equal(filesRead().size, invoices, 'every invoice read');
    t.ok(
      invoiceCalls().length <= invoices + 1,
      `invoice calls in all: ${invoiceCalls().length} (at most ${invoices} + the one interrupted)`,
    );
    t.equal(
      (await api.inject({ method: 'GET', url: '/api/v1/invoices?limit=100' })).json().items.length,
      invoices,
      'each invoice stored once',
    );

    second.child.kill('SIGTERM');
    t.equal(await second.exited, 0);
  },
);

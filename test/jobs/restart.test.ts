import Database from 'better-sqlite3';
import t from 'tap';
import { databaseFile } from '../../src/store/maintenance.js';
import { iaiClaim } from '../helpers/claims.js';
import { requireDataset } from '../helpers/datasets.js';
import { midJobSetup } from '../helpers/mid-job.js';
import { startServerProcess } from '../helpers/server-process.js';

requireDataset('iai-2024');

t.test(
  'a server killed mid-job resumes it at the next start, analysing and storing nothing twice',
  async (t) => {
    const { env, invoiceCalls, filesRead } = await midJobSetup(t);

    const first = await startServerProcess(env);
    t.teardown(() => first.child.kill('SIGKILL'));
    const created = await fetch(`${first.url}/api/v1/jobs`, { method: 'POST', body: iaiClaim() });
    t.equal(created.status, 202);
    const job = (await created.json()) as { id: string };
    while (invoiceCalls().length < 5) await new Promise((done) => setTimeout(done, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    const callsBeforeCrash = invoiceCalls().length;
    t.ok(callsBeforeCrash < 18, `killed mid-job after ${callsBeforeCrash} invoice calls`);

    const second = await startServerProcess(env);
    t.teardown(() => second.child.kill('SIGKILL'));
    let state = '';
    let body:
      | { state: string; results: Array<{ outcome: string; invoice_id: string }> }
      | undefined;
    const deadline = Date.now() + 60_000;
    while (!['succeeded', 'failed'].includes(state) && Date.now() < deadline) {
      body = (await (await fetch(`${second.url}/api/v1/jobs/${job.id}`)).json()) as typeof body;
      state = body?.state ?? '';
      if (!['succeeded', 'failed'].includes(state))
        await new Promise((done) => setTimeout(done, 100));
    }
    t.equal(state, 'succeeded', second.output());
    t.equal(body?.results.filter((r) => r.outcome === 'analysed').length, 18);

    const calls = invoiceCalls();
    t.equal(filesRead().size, 18, 'every invoice read');
    // The one call in flight when the process died may be repeated; nothing else is.
    t.ok(
      calls.length <= 19,
      `invoice calls in all: ${calls.length} (at most 18 + the one interrupted)`,
    );

    second.child.kill('SIGTERM');
    t.equal(await second.exited, 0, 'a clean stop on SIGTERM');
    const db = new Database(databaseFile(env.DATA_DIR), { readonly: true });
    t.teardown(() => db.close());
    t.equal(
      db.prepare('SELECT count(*) FROM invoices').pluck().get(),
      18,
      'each invoice stored once',
    );
  },
);

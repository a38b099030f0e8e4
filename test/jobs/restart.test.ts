import Database from 'better-sqlite3';
import t from 'tap';
import { databaseFile } from '../../src/store/maintenance.js';
import { sampleClaim, sampleZipInvoices } from '../helpers/claims.js';
import { midJobSetup } from '../helpers/mid-job.js';
import { startServerProcess } from '../helpers/server-process.js';

t.test(
  'a server killed mid-job resumes it at the next start, analysing and storing nothing twice',
  async (t) => {
    const { env, invoiceCalls, filesRead } = await midJobSetup(t);
    const invoices = sampleZipInvoices().length;

    const first = await startServerProcess(env);
    t.teardown(() => first.child.kill('SIGKILL'));
    const created = await fetch(`${first.url}/api/v1/jobs`, {
      method: 'POST',
      body: sampleClaim(),
    });
    t.equal(created.status, 202);
    const job = (await created.json()) as { id: string };
    // Bounded, so a job that never reaches the model fails the test instead of hanging it.
    const firstCallsBy = Date.now() + 60_000;
    while (invoiceCalls().length < 5 && Date.now() < firstCallsBy)
      await new Promise((done) => setTimeout(done, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    const callsBeforeCrash = invoiceCalls().length;
    t.ok(
      callsBeforeCrash > 0 && callsBeforeCrash < invoices,
      `killed mid-job after ${callsBeforeCrash} invoice calls`,
    );

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
    t.equal(body?.results.filter((r) => r.outcome === 'analysed').length, invoices);

    const calls = invoiceCalls();
    t.equal(filesRead().size, invoices, 'every invoice read');
    // The one call in flight when the process died may be repeated; nothing else is.
    t.ok(
      calls.length <= invoices + 1,
      `invoice calls in all: ${calls.length} (at most ${invoices} + the one interrupted)`,
    );

    second.child.kill('SIGTERM');
    t.equal(await second.exited, 0, 'a clean stop on SIGTERM');
    const db = new Database(databaseFile(env.DATA_DIR), { readonly: true });
    t.teardown(() => db.close());
    t.equal(
      db.prepare('SELECT count(*) FROM invoices').pluck().get(),
      invoices,
      'each invoice stored once',
    );
  },
);

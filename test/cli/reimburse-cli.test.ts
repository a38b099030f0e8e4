import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t, { type Test } from 'tap';

const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLES = join(ROOT, 'samples');

/** The repository's sample claim (samples/README.md): 9 invoices, one lunch filed twice. */
const SAMPLE_CLAIM = [
  'analyze',
  '--policy',
  join(SAMPLES, 'policy.pdf'),
  '--employee',
  'Priya Nair',
  '--claim-date',
  '2026-10-31',
  join(SAMPLES, 'claim-priya.zip'),
];

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'reimburse-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function run(
  args: string[],
  env: Record<string, string>,
  program = ['bin/reimburse.js'],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...program, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', LOG_DIR: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

t.test(
  'reimburse analyze keeps to its own data directory; backup and restore put a copy back',
  // Three whole analyses in child processes: slow on a busy 2-core machine, never stuck.
  { timeout: 300_000 },
  async (t) => {
    // Its default data directory, with a server's DATA_DIR in the environment it must not follow.
    const home = tempDir(t);
    const serverDir = tempDir(t);
    const table = await run(SAMPLE_CLAIM, { XDG_DATA_HOME: home, DATA_DIR: serverDir });
    t.equal(table.code, 0, table.stderr);
    t.match(table.stdout, /saffron-table-dinner\.pdf\s+partially\s+₹777\.00\s+₹462\.00\s+alcohol/);
    t.match(table.stdout, /9 analysed, 0 failed\. Claimed ₹19,932\.20, reimbursable ₹15,102\.20\./);
    t.ok(existsSync(join(home, 'reimburse', 'reimburse.db')), 'records go to $XDG_DATA_HOME');
    t.notOk(existsSync(join(serverDir, 'reimburse.db')), "the server's DATA_DIR is left alone");

    // --data-dir names another folder; --json prints the whole job.
    const dataDir = tempDir(t);
    const claim = [...SAMPLE_CLAIM, '--data-dir', dataDir, '--json'];
    const json = await run(claim, {});
    t.equal(json.code, 0, json.stderr);
    const job = JSON.parse(json.stdout);
    t.equal(job.state, 'succeeded');
    t.equal(job.results.length, 9);
    t.equal(job.summary.reimbursable_minor, 1510220);
    t.notOk('checkpoint' in job || 'input' in job, 'no internal paths in the output');

    const target = join(dataDir, 'copy.db');
    const saved = await run(['backup', target], { DATA_DIR: dataDir });
    t.equal(saved.code, 0, saved.stderr);
    t.match(saved.stdout, /Backed up .*reimburse\.db to .*copy\.db \([\d,]+ bytes\)/);

    const restored = await run(['restore', target], { DATA_DIR: dataDir });
    t.equal(restored.code, 0, restored.stderr);
    t.match(restored.stdout, /The previous database is kept as .*reimburse\.db\.before-restore-/);
    // The same files again are copies of the restored invoices: found, and decided as they were.
    const again = await run(claim, {});
    t.match(
      JSON.parse(again.stdout).summary.copies,
      { count: 9, reimbursable_minor: 1510220 },
      'the restored database holds every invoice of the claim',
    );

    const notADatabase = await run(['restore', join(SAMPLES, 'policy.pdf')], {
      DATA_DIR: dataDir,
    });
    t.equal(notADatabase.code, 1);
    t.match(notADatabase.stderr, /is not a SQLite database/);
    t.equal(
      (await run(['restore'], { DATA_DIR: dataDir })).code,
      64,
      'restore without a file is a usage error',
    );
    const help = await run(['--help'], { XDG_DATA_HOME: home });
    t.match(
      help.stdout,
      `--data-dir    where its database lives (default: ${join(home, 'reimburse')})`,
    );
  },
);

t.test('reimburse refuses to write into a data directory a running server holds', async (t) => {
  const dataDir = tempDir(t);
  // This test process stands in for the server: alive, on this host.
  const holder = {
    pid: process.pid,
    hostname: hostname(),
    started_at: '2026-12-05T10:00:00.000Z',
    address: 'http://127.0.0.1:8000',
  };
  writeFileSync(join(dataDir, 'server.pid'), JSON.stringify(holder));

  const analyze = await run([...SAMPLE_CLAIM, '--data-dir', dataDir], {});
  t.equal(analyze.code, 75, 'EX_TEMPFAIL');
  t.match(
    analyze.stderr,
    `is held by a running API server (pid ${process.pid} on ${hostname()}, listening on http://127.0.0.1:8000`,
  );
  t.match(analyze.stderr, /choose another folder with --data-dir/);
  t.notOk(existsSync(join(dataDir, 'reimburse.db')), 'nothing was written');

  const restore = await run(['restore', join(SAMPLES, 'policy.pdf')], { DATA_DIR: dataDir });
  t.equal(restore.code, 75, 'restore refuses too');
  const reindex = await run(['reindex', '--from', 'qdrant', '--to', 'sqlite'], {
    DATA_DIR: dataDir,
  });
  t.equal(reindex.code, 75, 'so does a reindex into it');
});

t.test('reimburse explains its usage and refuses incomplete commands', async (t) => {
  const none = await run([], {});
  t.equal(none.code, 64);
  t.match(none.stderr, /Usage:\n {2}reimburse analyze/);
  for (const command of ['backup', 'restore', 'reindex'])
    t.match(none.stderr, new RegExp(`^  reimburse ${command} `, 'm'), `${command} is listed`);
  const help = await run(['--help'], {});
  t.equal(help.code, 0);
  t.match(help.stdout, /reimburse backup/, 'help goes to stdout');
  // Invoices are keyed per claim: a file in an earlier claim is decided again anyway.
  t.match(help.stdout, /--force +no effect, kept so older scripts still run/);
  t.notMatch(help.stdout, /analyse again/, '--force promises nothing it does not do');
  const direct = await run(['--help'], {}, ['--import', 'tsx', 'src/cli.ts']);
  t.equal(direct.code, 0, 'src/cli.ts runs as a program too (node dist/src/cli.js in the image)');
  t.match(direct.stdout, /reimburse restore/);
  const unknown = await run(['constructor'], {});
  t.equal(unknown.code, 64);
  t.match(unknown.stderr, /Unknown command "constructor"/);
  const missing = await run(['analyze', '--employee', 'X', 'a.zip'], {});
  t.equal(missing.code, 64);
  t.match(missing.stderr, /--policy, --employee and at least one file are required/);
  const badConfig = await run(['analyze', '--policy', 'p.pdf', '--employee', 'X', 'a.zip'], {
    PORT: 'eighty',
  });
  t.equal(badConfig.code, 78);
  t.match(badConfig.stderr, /PORT must be a whole number/);
});

t.test('reimburse reindex refuses what it cannot do, with the reason', async (t) => {
  const same = await run(['reindex', '--from', 'sqlite', '--to', 'sqlite'], {});
  t.equal(same.code, 64);
  t.match(same.stderr, /Usage: reimburse reindex/);
  const dataDir = tempDir(t);
  const noQdrant = await run(['reindex', '--from', 'sqlite', '--to', 'qdrant'], {
    DATA_DIR: dataDir,
    QDRANT_URL: '',
  });
  t.equal(noQdrant.code, 1);
  t.match(noQdrant.stderr, /QDRANT_URL is not set/);
});

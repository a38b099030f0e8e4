import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';
import { IAI_DIR } from '../helpers/claims.js';
import { requireDataset } from '../helpers/datasets.js';

requireDataset('iai-2024');

const ROOT = resolve(import.meta.dirname, '../..');

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

t.test('reimburse analyze prints a table, or the job as JSON with --json', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-cli-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const args = [
    'analyze',
    '--policy',
    join(IAI_DIR, 'policy.pdf'),
    '--employee',
    'Rani Sharma',
    '--claim-date',
    '2024-12-31',
    join(IAI_DIR, 'meal-invoices.zip'),
  ];

  const table = await run(args, { DATA_DIR: dataDir });
  t.equal(table.code, 0, table.stderr);
  t.match(table.stdout, /Meal Invoice 1\.pdf\s+partially\s+₹770\.00\s+₹200\.00\s+alcohol/);
  t.match(table.stdout, /8 analysed, 0 failed\. Claimed ₹4,224\.10, reimbursable ₹1,378\.00\./);

  const json = await run([...args, '--json', '--force'], { DATA_DIR: dataDir });
  t.equal(json.code, 0, json.stderr);
  const job = JSON.parse(json.stdout);
  t.equal(job.state, 'succeeded');
  t.equal(job.results.length, 8);
  t.equal(job.summary.reimbursable_minor, 137800);
  t.notOk('checkpoint' in job || 'input' in job, 'no internal paths in the output');
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

t.test(
  'reimburse backup and restore: a live copy, then the copy put back with the previous file kept',
  async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-cli-'));
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
    const claim = [
      'analyze',
      '--policy',
      join(IAI_DIR, 'policy.pdf'),
      '--employee',
      'Rani Sharma',
      '--claim-date',
      '2024-12-31',
      join(IAI_DIR, 'meal-invoices.zip'),
    ];
    t.equal((await run(claim, { DATA_DIR: dataDir })).code, 0);

    const target = join(dataDir, 'copy.db');
    const saved = await run(['backup', target], { DATA_DIR: dataDir });
    t.equal(saved.code, 0, saved.stderr);
    t.match(saved.stdout, /Backed up .*reimburse\.db to .*copy\.db \([\d,]+ bytes\)/);

    const restored = await run(['restore', target], { DATA_DIR: dataDir });
    t.equal(restored.code, 0, restored.stderr);
    t.match(restored.stdout, /The previous database is kept as .*reimburse\.db\.before-restore-/);
    const again = await run([...claim, '--json'], { DATA_DIR: dataDir });
    t.equal(
      JSON.parse(again.stdout).summary.reimbursable_minor,
      137800,
      'the restored database serves the same results',
    );

    const notADatabase = await run(['restore', join(IAI_DIR, 'policy.pdf')], { DATA_DIR: dataDir });
    t.equal(notADatabase.code, 1);
    t.match(notADatabase.stderr, /is not a SQLite database/);
    t.equal(
      (await run(['restore'], { DATA_DIR: dataDir })).code,
      64,
      'restore without a file is a usage error',
    );
  },
);

t.test('reimburse reindex refuses what it cannot do, with the reason', async (t) => {
  const same = await run(['reindex', '--from', 'sqlite', '--to', 'sqlite'], {});
  t.equal(same.code, 64);
  t.match(same.stderr, /Usage: reimburse reindex/);
  const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-cli-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const noQdrant = await run(['reindex', '--from', 'sqlite', '--to', 'qdrant'], {
    DATA_DIR: dataDir,
    QDRANT_URL: '',
  });
  t.equal(noQdrant.code, 1);
  t.match(noQdrant.stderr, /QDRANT_URL is not set/);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';
import { IAI_DIR } from '../helpers/claims.js';

const ROOT = resolve(import.meta.dirname, '../..');

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/reimburse.js', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', LOG_DIR: '', ...env } });
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
  const args = ['analyze', '--policy', join(IAI_DIR, 'policy.pdf'), '--employee', 'Rani Sharma', '--claim-date', '2024-12-31', join(IAI_DIR, 'meal-invoices.zip')];

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
  t.match(none.stderr, /Usage: reimburse analyze/);
  const missing = await run(['analyze', '--employee', 'X', 'a.zip'], {});
  t.equal(missing.code, 64);
  t.match(missing.stderr, /--policy, --employee and at least one file are required/);
  const badConfig = await run(['analyze', '--policy', 'p.pdf', '--employee', 'X', 'a.zip'], { PORT: 'eighty' });
  t.equal(badConfig.code, 78);
  t.match(badConfig.stderr, /PORT must be a whole number/);
});

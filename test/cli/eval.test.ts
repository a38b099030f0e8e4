import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import t from 'tap';
import { IAI_DIR } from '../helpers/claims.js';
import { requireDataset } from '../helpers/datasets.js';

requireDataset('iai-2024');

const ROOT = resolve(import.meta.dirname, '../..');

function evaluate(extra: string[]): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/eval.ts', '--dataset', IAI_DIR, ...extra],
      { cwd: ROOT, env: { ...process.env, GEMINI_API_KEY: '' } },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => done({ code, lines: out.trim().split('\n') }));
  });
}

for (const [mode, extra] of [
  ['offline', []],
  ['fake Gemini', ['--fake-gemini']],
] as const) {
  t.test(`npm run eval reaches 18/18 on the IAI dataset (${mode})`, async (t) => {
    const { code, lines } = await evaluate([...extra]);
    t.equal(lines.at(-1), 'eval: 18/18 status, 18/18 amount', lines.join('\n'));
    t.equal(code, 0);
    t.equal(lines.filter((line) => line.startsWith('ok ')).length, 18);
  });
}

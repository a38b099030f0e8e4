import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import t from 'tap';
import { formatMoney } from '../../src/domain/money.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface Expected {
  invoices: Array<{ file: string; claimed_minor: number; expected_reimbursable_minor: number }>;
}

t.test(
  'npm run demo analyses the sample claim offline and prints the expected totals',
  async (t) => {
    const expected = JSON.parse(
      readFileSync(resolve(ROOT, 'samples/expected.json'), 'utf8'),
    ) as Expected;
    const { code, out } = await new Promise<{ code: number | null; out: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
        cwd: ROOT,
        env: { ...process.env, GEMINI_API_KEY: 'ignored-by-the-demo' },
      });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (out += chunk));
      child.on('exit', (code) => done({ code, out }));
    });
    t.equal(code, 0, out);
    const inr = (minor: number) => formatMoney({ amount_minor: minor, currency: 'INR' });
    const claimed = expected.invoices.reduce((sum, i) => sum + i.claimed_minor, 0);
    const reimbursable = expected.invoices.reduce(
      (sum, i) => sum + i.expected_reimbursable_minor,
      0,
    );
    t.ok(
      out.includes(
        `${expected.invoices.length} analysed, 0 failed. Claimed ${inr(claimed)}, reimbursable ${inr(reimbursable)}.`,
      ),
      out,
    );
    for (const invoice of expected.invoices) t.ok(out.includes(invoice.file), invoice.file);
  },
);

/**
 * npm run demo — analyses the project's own sample claim (samples/) on the embedded default and
 * prints the decisions. Starts nothing external and leaves nothing behind (a temporary DATA_DIR).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyseLocalClaim } from '../src/cli/local-claim.js';
import { progressLine, resultsTable } from '../src/cli/render.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';

const SAMPLES = resolve(import.meta.dirname, '../samples');
const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-demo-'));
const config = loadConfig({
  ...process.env,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  LOG_DIR: '',
  GEMINI_API_KEY: '',
  QDRANT_URL: '',
  REDIS_URL: '',
});
const services = await createServices(config);
try {
  await services.startWorker();
  console.log(
    'Analysing samples/claim-priya.zip and samples/receipt-photo.png for Priya Nair against samples/policy.pdf (offline)…\n',
  );
  const job = await analyseLocalClaim(
    services,
    {
      policy: join(SAMPLES, 'policy.pdf'),
      employee: 'Priya Nair',
      claimDate: '2026-10-31',
      files: [join(SAMPLES, 'claim-priya.zip'), join(SAMPLES, 'receipt-photo.png')],
    },
    (event) => {
      const line = process.stderr.isTTY ? progressLine(event) : null;
      if (line) process.stderr.write(line);
    },
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(resultsTable(job));
  const firstReason = job.results.find((r) => r.decision)?.decision;
  if (firstReason) {
    console.log(
      `\nWhy, for example, ${job.results.find((r) => r.decision)?.name}: ${firstReason.reason}`,
    );
    for (const rule of firstReason.rules_applied)
      console.log(`  - ${rule.effect} (policy p. ${rule.page ?? '-'}: "${rule.quote}")`);
  }
  console.log(
    '\nExpected results: samples/README.md. Start the API with `npm start` to try the same over HTTP.',
  );
  process.exitCode = job.state === 'succeeded' ? 0 : 1;
} finally {
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });
}

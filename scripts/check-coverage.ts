/**
 * npm run coverage: the test suite with coverage, then these thresholds on the summary tap wrote.
 * They are set a little under what the suite measures, so a change that leaves code untested
 * fails here; the pure domain is held to a higher bar than the adapters.
 */
import { readFileSync } from 'node:fs';

type Metric = 'lines' | 'statements' | 'functions' | 'branches';
type Totals = Record<Metric, { covered: number; total: number }>;
const METRICS: Metric[] = ['lines', 'statements', 'functions', 'branches'];

const THRESHOLDS: Array<{ scope: string; prefix: string; min: Record<Metric, number> }> = [
  {
    scope: 'src/',
    prefix: '/src/',
    min: { lines: 90, statements: 90, functions: 88, branches: 80 },
  },
  {
    scope: 'src/domain/',
    prefix: '/src/domain/',
    min: { lines: 95, statements: 95, functions: 95, branches: 88 },
  },
];

const summary = JSON.parse(readFileSync('.tap/report/coverage-summary.json', 'utf8')) as Record<
  string,
  Totals
>;

let failed = false;
for (const { scope, prefix, min } of THRESHOLDS) {
  const files = Object.entries(summary).filter(([file]) => file.includes(prefix));
  for (const metric of METRICS) {
    const covered = files.reduce((sum, [, totals]) => sum + totals[metric].covered, 0);
    const total = files.reduce((sum, [, totals]) => sum + totals[metric].total, 0);
    const pct = total === 0 ? 100 : (100 * covered) / total;
    const ok = pct >= min[metric];
    failed ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${scope} ${metric}: ${pct.toFixed(1)}% (min ${min[metric]}%)`,
    );
  }
}
process.exit(failed ? 1 : 0);

/**
 * npm test: runs the suites (test/suites/*.test.ts) as plain Node processes, a few at a time, and
 * sums their TAP output.
 *
 * Why not tap's runner: it loads its process tracker (@tapjs/processinfo) into every test process
 * and every process those start, coverage or not. The tracker copies each loaded module's source
 * to the main thread and measures its lines, and turns source maps on everywhere: a quarter of the
 * suite's CPU, measured suite by suite. Coverage needs it, so `npm run coverage` and `npx tap FILE`
 * keep tap's runner; `npm test` does not need it.
 *
 * npm test [-- NAME…]   NAME: a suite (jobs, 06-rest, test/suites/06-rest.test.ts)
 * TEST_JOBS=N           suites at a time (default: the cores this process may use)
 * --suites-dir DIR, --output-dir DIR: other suites (the runner's own test uses them)
 * Each suite's TAP output is kept in .tap/suites/NAME.tap. The summary line is tap's own
 * `# { total, pass, fail, skip, todo }`, which .ci/run converts; exit code 1 on any failure.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Parser, type Result } from 'tap-parser';

const ROOT = resolve(import.meta.dirname, '..');
/** Seconds a suite may run: tap's own per-file timeout in package.json before this runner. */
const SUITE_TIMEOUT_S = 1800;

const COUNT_KEYS = ['pass', 'fail', 'skip', 'todo'] as const;
type CountKey = (typeof COUNT_KEYS)[number];

/** tap's root summary line, e.g. `# { total: 947, pass: 945, skip: 2 }` (zero counts are left out). */
export function parseCounts(line: string): Partial<Record<CountKey, number>> | null {
  const inner = /^# \{ total: \d+(.*) \}$/.exec(line)?.[1];
  if (inner === undefined) return null;
  const counts: Partial<Record<CountKey, number>> = {};
  for (const [, key, value] of inner.matchAll(/, (\w+): (\d+)/g)) {
    if (key && (COUNT_KEYS as readonly string[]).includes(key))
      counts[key as CountKey] = Number(value);
  }
  return counts;
}

/**
 * The environment without tap's runner settings: a suite started from inside a tap test (this
 * runner's own test) would otherwise take itself for a subtest and leave out its summary.
 */
export function suiteEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^_?TAP/.test(key)));
}

function skipReason(result: Result): string {
  return typeof result.skip === 'string' && result.skip ? result.skip : 'skipped';
}

interface SuiteOutcome {
  name: string;
  seconds: number;
  pass: number;
  fail: number;
  skip: number;
  todo: number;
  failures: string[];
  skips: string[];
}

export function suiteFiles(suitesDir: string, wanted: readonly string[]): string[] {
  const all = readdirSync(suitesDir)
    .filter((file) => file.endsWith('.test.ts'))
    .sort();
  if (wanted.length === 0) return all;
  const picked = wanted.map((wish) => {
    const file = all.find((candidate) => {
      const name = suiteName(candidate);
      return [candidate, name, name.replace(/^\d+-/, '')].includes(basename(wish));
    });
    if (!file) throw new Error(`no suite ${wish}; the suites: ${all.map(suiteName).join(', ')}`);
    return file;
  });
  return [...new Set(picked)];
}

function suiteName(file: string): string {
  return file.replace(/\.test\.ts$/, '');
}

function describe(result: Result): string {
  const diag = Object.entries(result.diag ?? {}).map(([key, value]) =>
    typeof value === 'string' && value.includes('\n')
      ? `${key}:\n${indent(value.trimEnd())}`
      : `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return [`not ok - ${result.fullname}`, ...diag.map(indent)].join('\n');
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}

function runSuite(dirs: Dirs, file: string): Promise<SuiteOutcome> {
  const name = suiteName(file);
  const started = performance.now();
  const outcome: SuiteOutcome = {
    name,
    seconds: 0,
    pass: 0,
    fail: 0,
    skip: 0,
    todo: 0,
    failures: [],
    skips: [],
  };
  const log = createWriteStream(join(dirs.output, `${name}.tap`));
  const parser = new Parser();
  const failedInside = new Set<string>();
  const listen = (each: Parser): void => {
    each.on('child', listen);
    each.on('assert', (result: Result) => {
      if (result.skip) outcome.skips.push(`${result.fullname}: ${skipReason(result)}`);
      // A failed subtest comes after the failures inside it, which say more.
      else if (!result.ok && !result.todo && !failedInside.has(result.fullname))
        outcome.failures.push(describe(result));
      if (!result.ok) failedInside.add(result.fullname.split(' > ').slice(0, -1).join(' > '));
    });
  };
  listen(parser);
  // The root test ends its output with its counts, subtests included: `# { total: …, pass: … }`.
  let lastLine = '';
  let counts: Partial<Record<CountKey, number>> | null = null;
  const readCounts = (text: string): void => {
    const lines = (lastLine + text).split('\n');
    lastLine = lines.pop() ?? '';
    for (const line of lines) counts = parseCounts(line) ?? counts;
  };
  // Anything a test process writes beside TAP (a crash, a warning) belongs to a failure report.
  let stderr = '';
  const child = spawn(
    process.execPath,
    ['--import=tsx', '--enable-source-maps', join(dirs.suites, file)],
    {
      cwd: ROOT,
      env: { ...suiteEnv(process.env), TAP_TIMEOUT: String(SUITE_TIMEOUT_S) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const killer = setTimeout(() => child.kill('SIGTERM'), (SUITE_TIMEOUT_S + 60) * 1000);
  child.stdout.on('data', (chunk: Buffer) => {
    log.write(chunk);
    parser.write(chunk);
    readCounts(chunk.toString('utf8'));
  });
  child.stderr.on('data', (chunk: Buffer) => {
    log.write(chunk);
    stderr += chunk;
  });
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      parser.end();
      log.end();
      readCounts('\n');
      for (const key of COUNT_KEYS) outcome[key] = counts?.[key] ?? 0;
      outcome.seconds = (performance.now() - started) / 1000;
      if (code !== 0 || !parser.ok || !counts) {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        if (outcome.fail === 0) {
          outcome.fail++;
          outcome.failures.push(`not ok - ${name} ${how} without a failed test`);
        }
        if (stderr.trim()) outcome.failures.push(`stderr of ${name}:\n${indent(stderr.trim())}`);
      }
      done(outcome);
    });
  });
}

function report(outcome: SuiteOutcome): void {
  const mark = outcome.fail > 0 ? 'FAIL' : 'ok  ';
  const counts = `${outcome.pass} passed, ${outcome.fail} failed, ${outcome.skip} skipped`;
  console.log(`${mark} ${outcome.name.padEnd(10)} ${counts} (${outcome.seconds.toFixed(1)} s)`);
  for (const skip of outcome.skips) console.log(`       skip: ${skip}`);
  for (const failure of outcome.failures) console.log(indent(failure));
}

interface Dirs {
  suites: string;
  output: string;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'suites-dir': { type: 'string' }, 'output-dir': { type: 'string' } },
  });
  const dirs: Dirs = {
    suites: resolve(values['suites-dir'] ?? join(ROOT, 'test/suites')),
    output: resolve(values['output-dir'] ?? join(ROOT, '.tap/suites')),
  };
  const files = suiteFiles(dirs.suites, positionals);
  mkdirSync(dirs.output, { recursive: true });
  const jobs = Math.max(1, Number(process.env.TEST_JOBS) || availableParallelism());
  const queue = [...files];
  const outcomes: SuiteOutcome[] = [];
  const worker = async (): Promise<void> => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const outcome = await runSuite(dirs, file);
      report(outcome);
      outcomes.push(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
  const sum = (key: 'pass' | 'fail' | 'skip' | 'todo') => outcomes.reduce((n, o) => n + o[key], 0);
  const total = sum('pass') + sum('fail') + sum('skip') + sum('todo');
  console.log(
    `# { total: ${total}, pass: ${sum('pass')}, fail: ${sum('fail')}, skip: ${sum('skip')}, todo: ${sum('todo')} }`,
  );
  return sum('fail') > 0 ? 1 : 0;
}

// Imported by its test for the pure parts; run as npm test.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import t from 'tap';
import { parseCounts, suiteFiles } from '../../scripts/run-tests.js';

const ROOT = resolve(import.meta.dirname, '../..');

t.test('the root summary line gives the counts; other lines do not', async (t) => {
  t.same(parseCounts('# { total: 947, pass: 945, skip: 2 }'), { pass: 945, skip: 2 });
  t.same(parseCounts('# { total: 3, pass: 1, fail: 1, todo: 1 }'), { pass: 1, fail: 1, todo: 1 });
  t.equal(parseCounts('    # { total: 3, pass: 3 }'), null, 'a subtest summary is not the root');
  t.equal(parseCounts('# time=12.5ms'), null);
});

t.test('suites are picked by name, numbered name or path, in file order', async (t) => {
  const dir = mkdtempSync(join(ROOT, '.tap/suite-names-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const file of ['02-cli.test.ts', '01-jobs.test.ts', 'helper.ts'])
    writeFileSync(join(dir, file), '');
  t.same(suiteFiles(dir, []), ['01-jobs.test.ts', '02-cli.test.ts']);
  t.same(suiteFiles(dir, ['cli', '01-jobs', 'test/suites/02-cli.test.ts']), [
    '02-cli.test.ts',
    '01-jobs.test.ts',
  ]);
  t.throws(() => suiteFiles(dir, ['chat']), /no suite chat; the suites: 01-jobs, 02-cli/);
});

t.test(
  'npm test sums the suites, lists skips and failures, and fails on any of them',
  async (t) => {
    // Inside the repository so that the suites resolve `tap` from its node_modules.
    mkdirSync(join(ROOT, '.tap'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, '.tap/runner-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const suites = join(dir, 'suites');
    mkdirSync(suites);
    const suite = (name: string, body: string) =>
      writeFileSync(join(suites, `${name}.test.ts`), `import t from 'tap';\n${body}\n`);
    suite(
      '01-good',
      `t.test('adds', async (t) => { t.equal(1 + 1, 2); t.pass('and again'); });
t.test('needs a service', { skip: 'set SERVICE_URL' }, async () => {});`,
    );
    suite('02-bad', `t.test('sums', async (t) => { t.equal(2 + 2, 5, 'wrong sum'); });`);
    suite('03-crash', `t.pass('before the crash');\nprocess.exit(3);`);

    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((done) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'scripts/run-tests.ts',
            '--suites-dir',
            suites,
            '--output-dir',
            join(dir, 'out'),
            ...args,
          ],
          // Without tap's tracker, which the runner never has: npm test does not start under tap.
          { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', TEST_JOBS: '2' } },
        );
        let out = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (out += chunk));
        child.on('close', (code) => done({ code, out }));
      });

    const all = await run([]);
    t.equal(all.code, 1, all.out);
    t.match(all.out, /^ok +01-good +\d+ passed, 0 failed, 1 skipped/m);
    t.match(all.out, /skip: needs a service: set SERVICE_URL/);
    t.match(all.out, /^FAIL 02-bad +\d+ passed, 1 failed/m);
    t.match(all.out, /not ok - sums > wrong sum/);
    t.match(all.out, /^FAIL 03-crash .*\n.*03-crash exited with code 3/m);
    t.match(
      all.out.trim().split('\n').at(-1),
      /^# \{ total: \d+, pass: \d+, fail: 2, skip: 1, todo: 0 \}$/,
    );
    t.match(
      readFileSync(join(dir, 'out/02-bad.tap'), 'utf8'),
      /not ok 1 - wrong sum/,
      'the TAP is kept',
    );

    const good = await run(['good']);
    t.equal(good.code, 0, good.out);
    t.notMatch(good.out, /02-bad/);
  },
);

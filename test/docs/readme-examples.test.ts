/**
 * The README's curl examples cannot rot: every runnable block (see test/docs/readme-examples.ts for
 * the convention) runs in order, with real curl in one bash session, against the real app on the
 * embedded default (AUTH_MODE=none, a fresh DATA_DIR) and the project's samples/. Each HTTP call
 * must answer the status the README promises, the output shown under a block must be what it
 * prints, and together the examples must call every operation of the OpenAPI document.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { OPENAPI_PATH } from '../../scripts/openapi-document.js';
import { buildTestApp } from '../helpers/app.js';
import { apiShellBlocks, BASE_URL, runnableExamples, script, splitRun } from './readme-examples.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const examples = runnableExamples(README);

/** The tools the examples use. Missing on CI is a failure with a clear message, never a skip. */
function missingTools(): string[] {
  return ['bash', 'curl', 'jq'].filter((tool) => {
    try {
      execFileSync('bash', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

t.test('the README marks every API example as runnable', async (t) => {
  t.ok(examples.length >= 15, `${examples.length} runnable examples`);
  for (const block of apiShellBlocks(README))
    t.ok(
      block.runnable,
      `README line ${block.line}: a \`\`\`sh block calling $API is preceded by <!-- example -->`,
    );
  for (const example of examples)
    t.notMatch(
      example.code,
      /localhost:(?!8000)\d+|127\.0\.0\.1/,
      `README line ${example.line}: examples use ${BASE_URL}`,
    );
});

t.test('every runnable README example works against the real app', async (t) => {
  const missing = missingTools();
  if (missing.length > 0) {
    t.fail(
      `the README examples need ${missing.join(', ')} on PATH: install ${missing.join(' and ')} (e.g. apt-get install -y ${missing.join(' ')})`,
    );
    return;
  }
  // The webhook examples run their receiver on this machine, a loopback address refused by default.
  // The server runs inside this test process, beside the other work of its suite: a busy moment
  // must not shed an example's request. Load shedding is tested on its own (http/under-pressure).
  const app = await buildTestApp(t, {
    env: {
      AUTH_MODE: 'none',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  // A scratch working directory: examples may write files (the CSV export); samples/ is linked in.
  const work = mkdtempSync(join(tmpdir(), 'readme-examples-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  symlinkSync(join(ROOT, 'samples'), join(work, 'samples'));

  const { code, stdout, stderr } = await new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    const child = execFile(
      'bash',
      ['-c', script(examples, baseUrl)],
      {
        cwd: work,
        // The examples analyse the sample claim five times: on a busy 2-core machine that takes
        // minutes, and a kill at the limit looks like a failing example (exit 1, no message).
        timeout: 600_000,
        maxBuffer: 64 * 1024 * 1024,
        env: { PATH: process.env.PATH ?? '', HOME: work, LANG: 'C.UTF-8' },
      },
      (error, out, err) =>
        resolve({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          stdout: out,
          stderr: err,
        }),
    );
    child.stdin?.end();
  });
  const runs = splitRun(stdout, stderr, examples.length);
  // For authors: README_EXAMPLES_DUMP=file writes what every block printed, to paste as its output.
  if (process.env.README_EXAMPLES_DUMP) {
    writeFileSync(
      process.env.README_EXAMPLES_DUMP,
      examples.map((e, i) => `### README line ${e.line}\n${runs[i]!.stdout.trim()}\n`).join('\n') +
        `\n### stderr\n${stderr}`,
    );
  }
  const lastStarted = Math.max(
    -1,
    ...[...stderr.matchAll(/^@@block (\d+)$/gm)].map((m) => Number(m[1])),
  );
  t.equal(
    code,
    0,
    code === 0
      ? 'the examples ran to the end'
      : `the example at README line ${examples[lastStarted]?.line} failed (exit ${code}):\n${stderr.split('\n').slice(-15).join('\n')}`,
  );

  examples.forEach((example, index) => {
    const run = runs[index]!;
    const where = `README line ${example.line}`;
    t.ok(run.calls.length > 0, `${where}: calls the API`);
    for (const call of run.calls) {
      const ok =
        example.status === undefined
          ? call.status >= 200 && call.status < 300
          : call.status === example.status;
      t.ok(
        ok,
        `${where}: ${call.method} ${call.url.replace(baseUrl, '')} answered ${call.status}${example.status === undefined ? '' : `, expected ${example.status}`}`,
      );
    }
    if (example.output !== undefined)
      t.equal(
        run.stdout.trim(),
        example.output.trim(),
        `${where}: prints the output the README shows`,
      );
  });

  t.test('together the examples call every operation of the API', async (t) => {
    const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => ({
          method: method.toUpperCase(),
          path,
          pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+').replaceAll('.', '\\.')}$`),
          calls: 0,
        })),
    );
    for (const call of runs.flatMap((run) => run.calls)) {
      const path = new URL(call.url).pathname;
      const same = operations.filter((op) => op.method === call.method);
      // A literal path wins over a template: /invoices/export.csv is not /invoices/{id}.
      const op = same.find((o) => o.path === path) ?? same.find((o) => o.pattern.test(path));
      if (op) op.calls += 1;
    }
    for (const op of operations) t.ok(op.calls > 0, `${op.method} ${op.path} has a README example`);
  });
});

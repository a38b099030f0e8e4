/**
 * Hostile uploads (issue 18): the memory a server takes while one claim made of the issue's
 * hostile files is processed, and what it holds once idle again. The files, generated here:
 * three 20000 × 20000 PNGs (~400 KB each, 400 megapixels), a 57-byte PNG header declaring
 * 65000 × 65000, six PDFs whose page content inflates to 500 MB (~500 KB each) and three ordinary
 * invoices, all uploaded as loose files; a ZIP of 1,000 entries of just under 1 MiB of zeros, and
 * a ZIP of 50 ZIPs of 2,000 tiny entries.
 *
 * The real server runs as a child process in embedded mode (the compiled build, offline reader,
 * so tesseract and pdf.js both run); the claim is one POST /jobs with every file, then GET
 * /jobs/{id} until it ends. The resident memory of the server and of every process under it (the
 * PDF and OCR processes) is summed every 50 ms: children must not hide memory from the figure.
 * Idle memory is the same sum BENCH_HOSTILE_IDLE_S seconds after the job ends.
 * Targets (issue 18): peak < 400 MB while the claim is processed, < 250 MB idle afterwards.
 *
 * BENCH_HOSTILE_ROOT=/path/to/checkout measures another checkout of the project (say, a git
 * worktree at an older commit, with node_modules linked) compiled the same way: the "before".
 * Env: BENCH_HOSTILE_IDLE_S (default 20), BENCH_HOSTILE_PDF_MB (default 500), BENCH_HOSTILE_PNG_PX
 * (default 20000), BENCH_HOSTILE_SMALL (set: smaller files, for a quick look).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import yazl from 'yazl';
import {
  blankPng,
  contentBomb,
  headerOnlyPng,
  pdfWithStreams,
} from '../test/ingest/hostile-fixtures.js';
import { type Runtime, runtime, srcModule } from './lib/build.js';
import { benchInvoice, CLAIM_DATE, EMPLOYEE, invoicePdf, POLICY_TEXT } from './lib/invoices.js';
import { captureOutput, exited, ROOT, treeResidentBytes } from './lib/proc.js';
import { below, mib, note, report } from './lib/report.js';

const PEAK_TARGET_BYTES = 400 * 1024 * 1024;
const IDLE_TARGET_BYTES = 250 * 1024 * 1024;
const MiB = 1024 * 1024;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A ZIP in memory (not the test fixtures' helper: importing those would start tap). */
function makeZip(
  entries: Array<{ name: string; data: Buffer; compress?: boolean }>,
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries)
    zip.addBuffer(entry.data, entry.name, { compress: entry.compress ?? true });
  zip.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (part: Buffer) => parts.push(part));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

interface HostileFile {
  field: 'invoices_zip' | 'invoice_files';
  name: string;
  data: Buffer;
}

async function hostileFiles(): Promise<HostileFile[]> {
  const small = process.env.BENCH_HOSTILE_SMALL !== undefined;
  const pngSide = intFromEnv('BENCH_HOSTILE_PNG_PX', small ? 8000 : 20_000);
  const pdfBytes = intFromEnv('BENCH_HOSTILE_PDF_MB', small ? 100 : 500) * MiB;
  const hugePng = await blankPng(pngSide, pngSide);
  const bombPdf = pdfWithStreams([await contentBomb(pdfBytes)]);
  const invoices = await Promise.all(
    [0, 1, 2].map(async (index) => ({
      name: `ordinary-${index + 1}.pdf`,
      data: await invoicePdf(benchInvoice(index)),
    })),
  );
  // Item 3: images and PDFs that decompress without bound, with ordinary invoices beside them,
  // uploaded loose so that no archive limit stops them before the readers see them.
  const loose: HostileFile[] = [
    ...[1, 2, 3].map((index) => ({ name: `huge-${index}.png`, data: hugePng })),
    { name: 'header-only.png', data: headerOnlyPng(65_000, 65_000) },
    ...[1, 2, 3, 4, 5, 6].map((index) => ({ name: `bomb-${index}.pdf`, data: bombPdf })),
    ...invoices,
  ].map((file) => ({ field: 'invoice_files' as const, ...file }));
  // Item 2: many entries just under the 1 MiB the bomb ratio used to be checked from.
  const zeros = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MiB - 100)]);
  const nearMiB = await makeZip(
    Array.from({ length: small ? 100 : 1000 }, (_, index) => ({
      name: `z${index}.pdf`,
      data: zeros,
    })),
  );
  // Item 1: nested ZIPs multiplying the entry limit.
  const inner = await Promise.all(
    Array.from({ length: small ? 5 : 50 }, (_, outer) =>
      makeZip(
        Array.from({ length: 2000 }, (_, index) => ({
          name: `n${outer}-${index}.txt`,
          data: Buffer.from(`${outer}-${index}`),
          compress: false,
        })),
      ),
    ),
  );
  const nested = await makeZip(inner.map((data, index) => ({ name: `i${index}.zip`, data })));
  return [
    ...loose,
    { field: 'invoices_zip', name: 'near-1mib.zip', data: nearMiB },
    { field: 'invoices_zip', name: 'nested.zip', data: nested },
  ];
}

/** The runtime of another checkout: compiled with its own tsconfig.build.json. */
async function otherRuntime(root: string): Promise<Runtime> {
  const outDir = join(root, 'node_modules', '.cache', 'reimburse-bench-hostile');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await promisify(execFile)(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir, '--sourceMap', 'false'],
    { cwd: root },
  ).catch((error: unknown) => {
    if (!existsSync(join(outDir, 'src', 'server.js'))) throw error;
  });
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  return { kind: 'compiled', base: outDir, ext: '.js', nodeArgs: [], buildSeconds: 0 };
}

export async function run(): Promise<{ peakBytes: number; idleBytes: number }> {
  const idleSeconds = intFromEnv('BENCH_HOSTILE_IDLE_S', 20);
  const otherRoot = process.env.BENCH_HOSTILE_ROOT;
  const rt = otherRoot ? await otherRuntime(otherRoot) : await runtime();
  const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
  const files = await hostileFiles();
  const uploadBytes = files.reduce((sum, file) => sum + file.data.length, 0);
  const port = await freePort();
  const server = spawn(process.execPath, [...rt.nodeArgs, srcModule(rt, 'server')], {
    cwd: otherRoot ?? ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LOG_DIR: '',
      DATA_DIR: join(dir, 'data'),
      AUTH_MODE: 'none',
      GEMINI_API_KEY: '',
      RATE_LIMIT_MAX: '1000000',
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(server);
  const ended = exited(server);
  const base = `http://127.0.0.1:${port}`;
  const pid = server.pid as number;
  try {
    for (let started = Date.now(); ; await sleep(200)) {
      if (server.exitCode !== null)
        throw new Error(`the server exited (${server.exitCode}):\n${output()}`);
      if (Date.now() - started > 120_000)
        throw new Error(`the server did not answer within 120 s:\n${output()}`);
      const ok = await fetch(`${base}/api/v1/health/quick`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) break;
    }
    await sleep(2000);
    const before = treeResidentBytes(pid);

    let peak = before.total;
    let peakProcesses = before.each;
    const sampler = setInterval(() => {
      const now = treeResidentBytes(pid);
      if (now.total > peak) {
        peak = now.total;
        peakProcesses = now.each;
      }
    }, 50);
    const started = performance.now();
    const form = new FormData();
    form.append('employee_name', EMPLOYEE);
    form.append('claim_date', CLAIM_DATE);
    form.append('policy_file', new Blob([POLICY_TEXT], { type: 'text/plain' }), 'policy.txt');
    for (const file of files) form.append(file.field, new Blob([file.data]), file.name);
    const created = await fetch(`${base}/api/v1/jobs`, { method: 'POST', body: form });
    const answer = await created.text();
    let state = `POST /jobs answered ${created.status}`;
    let results: Array<{ name: string; outcome: string; error: { code: string } | null }> = [];
    if (created.status === 202) {
      const { id } = JSON.parse(answer) as { id: string };
      for (;;) {
        await sleep(500);
        if (server.exitCode !== null)
          throw new Error(`the server died while processing (${server.exitCode}):\n${output()}`);
        const job = (await (await fetch(`${base}/api/v1/jobs/${id}`)).json()) as {
          state: string;
          results: typeof results;
        };
        if (job.state === 'succeeded' || job.state === 'failed') {
          state = `job ${job.state}`;
          results = job.results;
          break;
        }
      }
    } else {
      state += `: ${answer.slice(0, 300)}`;
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    await sleep(idleSeconds * 1000);
    const idle = treeResidentBytes(pid);

    const outcomes = new Map<string, number>();
    for (const result of results) {
      const key = result.error?.code ?? result.outcome;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    const named = results
      .filter((result) => !/^(z\d+|n\d+-\d+)/.test(result.name.split('/').pop() ?? ''))
      .map((result) => `${result.name}: ${result.error?.code ?? result.outcome}`);
    note(
      'hostile.claim',
      `${files.length} uploads (${(uploadBytes / MiB).toFixed(1)} MiB), ${state} in ${seconds.toFixed(1)} s; documents by outcome: ${[...outcomes].map(([key, count]) => `${key} ${count}`).join(', ') || 'none'}`,
    );
    note('hostile.documents', named.join('; '));
    note(
      'hostile.setup',
      `server = ${otherRoot ? `compiled build of ${otherRoot}` : rt.kind === 'compiled' ? 'compiled build' : 'sources under tsx'}, embedded mode, offline reader (pdf.js and tesseract run); RSS of the server and every process under it summed every 50 ms; ${mib(before.total)} before the upload (${before.processes} process(es))`,
    );
    report(
      'hostile.peak_rss',
      `${mib(peak)} while the claim was processed (at the peak: ${peakProcesses.join(', ')})`,
      below(peak / MiB, PEAK_TARGET_BYTES / MiB, ' MB'),
    );
    report(
      'hostile.idle_rss',
      `${mib(idle.total)} ${idleSeconds} s after the job ended (${idle.each.join(', ')})`,
      below(idle.total / MiB, IDLE_TARGET_BYTES / MiB, ' MB'),
    );
    return { peakBytes: peak, idleBytes: idle.total };
  } finally {
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await ended;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  }
}

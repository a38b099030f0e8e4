/**
 * 1,000 concurrent job event streams. The real server runs as a child process (the compiled build,
 * as `npm start` runs it; BENCH_RUNTIME=tsx for the sources under tsx) with RUN_WORKER=false, so a
 * job posted to it stays queued and its stream stays open. This process opens 1,000
 * GET /api/v1/jobs/{id}/events streams through a node:http agent, checks each receives the
 * replayed `job` event, holds them past one 15 s `ping` round, and samples the server's resident
 * memory from /proc/<pid>/status (VmRSS every 50 ms; VmHWM, the kernel's peak).
 * Target (issue 6): 1,000 concurrent event streams held with < 300 MB of server memory.
 * Env: BENCH_STREAMS (default 1000), BENCH_STREAM_HOLD_S (default 20).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, type ClientRequest, get, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runtime, srcModule } from './lib/build.js';
import {
  benchInvoice,
  CLAIM_DATE,
  EMPLOYEE,
  invoicePdf,
  POLICY_TEXT,
  writeZip,
} from './lib/invoices.js';
import { captureOutput, exited, procMemory, ROOT, sampleMemory } from './lib/proc.js';
import { mib, note, num, report } from './lib/report.js';

const MEMORY_TARGET_BYTES = 300 * 1024 * 1024;
const OPEN_BATCH = 100;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Stream {
  request: ClientRequest;
  response: IncomingMessage | null;
  gotJob: boolean;
  pings: number;
  closed: boolean;
}

export async function run(): Promise<{ peakBytes: number; perStreamBytes: number }> {
  const count = intFromEnv('BENCH_STREAMS', 1000);
  const holdSeconds = intFromEnv('BENCH_STREAM_HOLD_S', 20);
  const dir = mkdtempSync(join(tmpdir(), 'bench-streams-'));
  const rt = await runtime();
  const port = await freePort();
  const server = spawn(process.execPath, [...rt.nodeArgs, srcModule(rt, 'server')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LOG_DIR: '',
      DATA_DIR: join(dir, 'data'),
      AUTH_MODE: 'none',
      RUN_WORKER: 'false',
      RATE_LIMIT_MAX: '1000000',
      // A busy shared machine must not turn stream requests into 503s.
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(server);
  const ended = exited(server);
  const base = `http://127.0.0.1:${port}`;
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const streams: Stream[] = [];
  try {
    for (let started = Date.now(); ; await sleep(100)) {
      if (server.exitCode !== null)
        throw new Error(`the server exited (${server.exitCode}):\n${output()}`);
      if (Date.now() - started > 60_000)
        throw new Error(`the server did not answer within 60 s:\n${output()}`);
      const ok = await fetch(`${base}/api/v1/health/quick`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) break;
    }
    const zipPath = join(dir, 'claim.zip');
    await writeZip(zipPath, 4, async (index) => ({
      name: benchInvoice(index).name,
      data: await invoicePdf(benchInvoice(index)),
    }));
    const form = new FormData();
    form.append('employee_name', EMPLOYEE);
    form.append('claim_date', CLAIM_DATE);
    form.append('policy_file', new Blob([POLICY_TEXT], { type: 'text/plain' }), 'policy.txt');
    form.append(
      'invoices_zip',
      new Blob([readFileSync(zipPath)], { type: 'application/zip' }),
      'claim.zip',
    );
    const created = await fetch(`${base}/api/v1/jobs`, { method: 'POST', body: form });
    if (created.status !== 202)
      throw new Error(`POST /jobs answered ${created.status}: ${await created.text()}`);
    const job = (await created.json()) as { id: string };
    const pid = server.pid as number;
    await sleep(1000);
    const idle = procMemory(pid);
    const sampler = sampleMemory(pid);

    const open = (): Promise<Stream> =>
      new Promise((resolve, reject) => {
        const stream: Stream = {
          request: null as unknown as ClientRequest,
          response: null,
          gotJob: false,
          pings: 0,
          closed: false,
        };
        stream.request = get(
          `${base}/api/v1/jobs/${job.id}/events`,
          { agent, headers: { accept: 'text/event-stream' } },
          (response) => {
            stream.response = response;
            if (response.statusCode !== 200) {
              reject(new Error(`events answered ${response.statusCode}`));
              response.resume();
              return;
            }
            response.setEncoding('utf8');
            let buffered = '';
            response.on('data', (chunk: string) => {
              buffered += chunk;
              const blocks = buffered.split('\n\n');
              buffered = blocks.pop() ?? '';
              for (const block of blocks) {
                if (/^event: job$/m.test(block) && !stream.gotJob) {
                  stream.gotJob = true;
                  resolve(stream);
                }
                if (/^event: ping$/m.test(block)) stream.pings += 1;
              }
            });
            response.on('close', () => (stream.closed = true));
          },
        );
        stream.request.on('error', (error) => {
          stream.closed = true;
          reject(error);
        });
      });

    const opening = performance.now();
    let failures = 0;
    let firstFailure = '';
    for (let startAt = 0; startAt < count; startAt += OPEN_BATCH) {
      const batch = await Promise.allSettled(
        Array.from({ length: Math.min(OPEN_BATCH, count - startAt) }, open),
      );
      for (const outcome of batch) {
        if (outcome.status === 'fulfilled') streams.push(outcome.value);
        else {
          failures += 1;
          firstFailure ||= String(outcome.reason);
        }
      }
    }
    const openSeconds = (performance.now() - opening) / 1000;
    await sleep(2000);
    const held = procMemory(pid);
    await sleep(Math.max(0, holdSeconds * 1000 - 2000));
    const memory = sampler.stop();
    const open_ = streams.filter((stream) => !stream.closed).length;
    const pinged = streams.filter((stream) => stream.pings > 0).length;
    const idleBytes = idle?.rssBytes ?? Number.NaN;
    const heldBytes = held?.rssBytes ?? Number.NaN;
    const perStreamBytes = (memory.maxSampledBytes - idleBytes) / Math.max(1, streams.length);
    note(
      'streams.setup',
      `server = ${rt.kind === 'compiled' ? 'compiled build' : 'sources under tsx'} as a child process (RUN_WORKER=false, SSE_PING_MS default); ${num(count)} streams opened ${OPEN_BATCH} at a time through one keep-alive node:http agent in ${openSeconds.toFixed(1)} s, held ${holdSeconds} s`,
    );
    note(
      'streams.open',
      `${num(streams.length)} streams got their replayed job event (${failures} failed${firstFailure ? `, first: ${firstFailure}` : ''}); ${num(open_)} still open after ${holdSeconds} s; ${num(pinged)} received a ping`,
    );
    report(
      'streams.memory',
      `server peak RSS ${mib(memory.peakBytes)} with ${num(streams.length)} streams open (VmHWM; ${mib(heldBytes)} 2 s after opening, ${mib(idleBytes)} idle before; ~${num(perStreamBytes / 1024, 0)} KB per stream)`,
      {
        text: `< ${mib(MEMORY_TARGET_BYTES)}`,
        met: memory.peakBytes < MEMORY_TARGET_BYTES && streams.length === count,
      },
    );
    return { peakBytes: memory.peakBytes, perStreamBytes };
  } finally {
    for (const stream of streams) stream.request.destroy();
    agent.destroy();
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await ended;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();

/**
 * HTTP overhead of the full plugin stack. GET /api/v1/health/quick through buildApp (embedded
 * default, AUTH_MODE=none, rate limit raised out of the way) against a bare Fastify hello-world,
 * both listening on 127.0.0.1 in this process, loaded by autocannon with the same connections and
 * duration. autocannon runs in a worker thread so the server keeps the main thread to itself, and
 * the two servers take turns (full, bare, full, bare) so a change in machine load hits both.
 * Target (issue 9): full stack >= 0.6 of bare Fastify's rate.
 * On a shared machine a round can lose a core to another process, so the figure is the median of
 * the per-round ratios (each round measures both servers back to back); every round is printed.
 * Env: BENCH_HTTP_CONNECTIONS (default 50), BENCH_HTTP_SECONDS per round (default 5), BENCH_HTTP_ROUNDS (default 3).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance as perf } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { atLeast, note, num, report } from './lib/report.js';

const PATH = '/api/v1/health/quick';
const RATIO_TARGET = 0.6;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ host: '127.0.0.1', port: 0 });
}

/** autocannon's result, plus how busy this (the server's) thread was: µs of event-loop activity per request. */
async function load(
  url: string,
  connections: number,
  seconds: number,
): Promise<Result & { busyMicrosPerRequest: number }> {
  const before = perf.eventLoopUtilization();
  const result = await autocannon({
    url: `${url}${PATH}`,
    connections,
    duration: seconds,
    workers: 1,
  });
  const busy = perf.eventLoopUtilization(before);
  return { ...result, busyMicrosPerRequest: (busy.active * 1000) / Math.max(1, result['2xx']) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export async function run(): Promise<{ full: number; bare: number; ratio: number }> {
  const connections = intFromEnv('BENCH_HTTP_CONNECTIONS', 50);
  const seconds = intFromEnv('BENCH_HTTP_SECONDS', 5);
  const rounds = intFromEnv('BENCH_HTTP_ROUNDS', 3);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const config = loadConfig({
    NODE_ENV: 'development',
    // No per-request log lines (info); warnings and errors still go through pino's transport.
    LOG_LEVEL: 'warn',
    LOG_DIR: '',
    DATA_DIR: dataDir,
    AUTH_MODE: 'none',
    RATE_LIMIT_MAX: '1000000000',
  });
  const full = await buildApp(config);
  const bare = Fastify({ logger: false });
  bare.get(PATH, async () => ({ status: 'ok' }));
  try {
    const urls = { full: await listen(full), bare: await listen(bare) };
    // Warm-up: JIT, connection set-up, SQLite pages.
    await load(urls.full, connections, 2);
    await load(urls.bare, connections, 2);
    const rounds_: Array<{
      full: number;
      bare: number;
      fullBusy: number;
      bareBusy: number;
      fullP99: number;
      bareP99: number;
    }> = [];
    let problems = 0;
    for (let round = 0; round < rounds; round += 1) {
      const full_ = await load(urls.full, connections, seconds);
      const bare_ = await load(urls.bare, connections, seconds);
      problems +=
        full_.non2xx + full_.errors + full_.timeouts + bare_.non2xx + bare_.errors + bare_.timeouts;
      rounds_.push({
        full: full_['2xx'] / full_.duration,
        bare: bare_['2xx'] / bare_.duration,
        fullBusy: full_.busyMicrosPerRequest,
        bareBusy: bare_.busyMicrosPerRequest,
        fullP99: full_.latency.p99,
        bareP99: bare_.latency.p99,
      });
    }
    const ratios = rounds_.map((round) => round.full / round.bare);
    const ratio = median(ratios);
    const rate = (kind: 'full' | 'bare') => median(rounds_.map((round) => round[kind]));
    note(
      'http.setup',
      `${connections} connections, ${rounds} rounds of ${seconds} s per server (full then bare) after a 2 s warm-up each, autocannon in a worker thread`,
    );
    note(
      'http.rounds',
      rounds_
        .map(
          (round, index) =>
            `${num(round.full)} vs ${num(round.bare)} req/s = ${(ratios[index] as number).toFixed(2)}`,
        )
        .join('; '),
    );
    report(
      'http.overhead',
      `${num(rate('full'))} req/s vs bare fastify ${num(rate('bare'))} req/s = ${ratio.toFixed(2)} (medians of ${rounds} rounds)`,
      atLeast(ratio, RATIO_TARGET),
    );
    const fullBusy = median(rounds_.map((round) => round.fullBusy));
    const bareBusy = median(rounds_.map((round) => round.bareBusy));
    note(
      'http.cost',
      `${fullBusy.toFixed(0)} µs of server-thread time per request vs ${bareBusy.toFixed(0)} µs bare (the plugin stack adds ${(fullBusy - bareBusy).toFixed(0)} µs; less sensitive to other load than req/s)`,
    );
    note(
      'http.latency.p99',
      `full stack ${median(rounds_.map((round) => round.fullP99))} ms, bare fastify ${median(rounds_.map((round) => round.bareP99))} ms`,
    );
    if (problems > 0)
      note(
        'http.errors',
        `${problems} non-2xx answers, errors or timeouts (not counted in the rates)`,
      );
    return { full: rate('full'), bare: rate('bare'), ratio };
  } finally {
    await Promise.allSettled([full.close(), bare.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();

/**
 * Ingestion: how fast text PDFs are read, and the memory it takes to ingest a 200 MB ZIP.
 * Two generated ZIPs: 1,000 small text PDFs, and 1,000 text PDFs padded to ~200 KB each with an
 * incompressible image (a ~200 MB ZIP). Each is ingested exactly as a job does it (readDocuments:
 * limits, expansion to disk, type sniffing, SHA-256, PDF text in the worker-thread pool) by a
 * child process of its own, whose resident memory is sampled from /proc/<pid>/status (VmRSS every
 * 50 ms, and VmHWM, the kernel's peak), so the figure is the ingestion's alone. Both ZIPs and
 * everything expanded from them are written under a temp dir and deleted afterwards.
 * Targets (issue 3): >= 100 text PDFs read per second on 2 cores; peak memory while ingesting a
 * 200 MB ZIP of 1,000 PDFs < 300 MB.
 * Env: BENCH_INGEST_PDFS (default 1000), BENCH_INGEST_PDF_KB (default 200).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Runtime, runtime } from './lib/build.js';
import { benchInvoice, invoicePdf, noisePng, writeZip } from './lib/invoices.js';
import {
  captureOutput,
  exited,
  procMemory,
  ROOT,
  sampleMemory,
  sampleTreeMemory,
} from './lib/proc.js';
import { atLeast, mib, note, num, report } from './lib/report.js';

const RATE_TARGET = 100;
const MEMORY_TARGET_BYTES = 300 * 1024 * 1024;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

type ChildMessage =
  | { type: 'ready' }
  | {
      type: 'done';
      documents: number;
      problems: number;
      firstProblem: string | null;
      ms: number;
      firstProgressMs: number | null;
      cpuMs: number;
    };

interface Ingested {
  documents: number;
  problems: number;
  firstProblem: string | null;
  ms: number;
  firstProgressMs: number | null;
  cpuMs: number;
  baselineBytes: number;
  maxSampledBytes: number;
  peakBytes: number;
  /** Highest sampled RSS of the ingester and its PDF processes together. */
  treeBytes: number;
  treeProcesses: number;
}

/** Ingests `zipPath` in a child process and measures it from here. */
async function ingestInChild(rt: Runtime, zipPath: string, workDir: string): Promise<Ingested> {
  const child = spawn(
    process.execPath,
    [
      ...rt.nodeArgs,
      join(ROOT, 'bench', 'lib', 'ingest-child.mjs'),
      rt.base,
      rt.ext,
      zipPath,
      workDir,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  const output = captureOutput(child);
  const ended = exited(child);
  const messages: ChildMessage[] = [];
  let wake: (() => void) | null = null;
  child.on('message', (message: ChildMessage) => {
    messages.push(message);
    wake?.();
  });
  const next = async (type: ChildMessage['type']): Promise<ChildMessage> => {
    for (;;) {
      const index = messages.findIndex((message) => message.type === type);
      if (index >= 0) return messages.splice(index, 1)[0] as ChildMessage;
      if (child.exitCode !== null)
        throw new Error(`the ingestion child exited (${child.exitCode}):\n${output()}`);
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), ended]);
    }
  };
  try {
    await next('ready');
    const pid = child.pid as number;
    const baselineBytes = procMemory(pid)?.rssBytes ?? Number.NaN;
    const sampler = sampleMemory(pid);
    const treeSampler = sampleTreeMemory(pid);
    child.send({ type: 'go' });
    const done = (await next('done')) as Extract<ChildMessage, { type: 'done' }>;
    const memory = sampler.stop();
    const tree = treeSampler.stop();
    child.send({ type: 'exit' });
    await ended;
    return {
      ...done,
      baselineBytes,
      maxSampledBytes: memory.maxSampledBytes,
      peakBytes: memory.peakBytes,
      treeBytes: tree.maxSampledBytes,
      treeProcesses: tree.processes,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** How the time splits: expanding the ZIP (until the first document is read) and reading the PDFs. */
function expansion(run: Ingested): string {
  if (run.firstProgressMs === null) return 'no progress reported';
  const reading = run.ms - run.firstProgressMs;
  return `${(run.firstProgressMs / 1000).toFixed(2)} s until the first document (expansion), then ${num(((run.documents - 1) / reading) * 1000)} PDFs/s reading`;
}

export async function run(): Promise<{
  smallPerSecond: number;
  largePerSecond: number;
  peakBytes: number;
}> {
  const count = intFromEnv('BENCH_INGEST_PDFS', 1000);
  const padKb = intFromEnv('BENCH_INGEST_PDF_KB', 200);
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  try {
    const rt = await runtime();
    const generating = performance.now();
    const small = join(dir, 'small.zip');
    await writeZip(small, count, async (index) => {
      const invoice = benchInvoice(index);
      return { name: invoice.name, data: await invoicePdf(invoice) };
    });
    const padding = noisePng(Math.max(0, padKb * 1024 - 2_000));
    const large = join(dir, 'large.zip');
    await writeZip(large, count, async (index) => {
      const invoice = benchInvoice(index);
      return { name: invoice.name, data: await invoicePdf(invoice, padding) };
    });
    note(
      'ingest.setup',
      `${num(count)} small text PDFs (${mib(statSync(small).size)} ZIP) and ${num(count)} PDFs padded to ~${padKb} KB (${mib(statSync(large).size)} ZIP), generated in ${((performance.now() - generating) / 1000).toFixed(1)} s; each ingested by a child process running ${rt.kind === 'compiled' ? `the compiled build (tsc ${rt.buildSeconds.toFixed(0)} s)` : 'the sources under tsx'}`,
    );

    const smallRun = await ingestInChild(rt, small, join(dir, 'work-small'));
    rmSync(join(dir, 'work-small'), { recursive: true, force: true });
    const smallPerSecond = (smallRun.documents / smallRun.ms) * 1000;
    report(
      'ingest.rate',
      `${num(smallPerSecond)} text PDFs/s (${num(smallRun.documents)} read, ${smallRun.problems} problems in ${(smallRun.ms / 1000).toFixed(2)} s, ZIP expansion included: ${expansion(smallRun)}; CPU ${num((smallRun.cpuMs / smallRun.ms) * 100)}% of wall, 200% = both cores)`,
      atLeast(smallPerSecond, RATE_TARGET, 'PDFs/s'),
    );

    const largeRun = await ingestInChild(rt, large, join(dir, 'work-large'));
    rmSync(join(dir, 'work-large'), { recursive: true, force: true });
    const largePerSecond = (largeRun.documents / largeRun.ms) * 1000;
    report(
      'ingest.rate.200mb',
      `${num(largePerSecond)} PDFs/s for the ${mib(statSync(large).size)} ZIP (${num(largeRun.documents)} read, ${largeRun.problems} problems${largeRun.firstProblem ? ` e.g. ${largeRun.firstProblem}` : ''} in ${(largeRun.ms / 1000).toFixed(2)} s: ${expansion(largeRun)}; CPU ${num((largeRun.cpuMs / largeRun.ms) * 100)}% of wall)`,
      atLeast(largePerSecond, RATE_TARGET, 'PDFs/s'),
    );
    // PDFs are read in child processes: the figure is the whole tree's, not the ingester's alone.
    report(
      'ingest.memory.200mb',
      `peak RSS ${mib(largeRun.treeBytes)} summed over the ingester and its ${largeRun.treeProcesses - 1} PDF process(es) (highest 50 ms sample; the ingester alone: VmHWM ${mib(largeRun.peakBytes)}, ${mib(largeRun.baselineBytes)} before ingesting)`,
      { text: `< ${mib(MEMORY_TARGET_BYTES)}`, met: largeRun.treeBytes < MEMORY_TARGET_BYTES },
    );
    note(
      'ingest.memory.small',
      `peak RSS ${mib(smallRun.treeBytes)} with its PDF processes for the small ZIP (the ingester alone: VmHWM ${mib(smallRun.peakBytes)}, ${mib(smallRun.baselineBytes)} before ingesting)`,
    );
    return { smallPerSecond, largePerSecond, peakBytes: largeRun.peakBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();

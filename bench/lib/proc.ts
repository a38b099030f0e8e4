/**
 * Memory of a process as the kernel sees it (/proc/<pid>/status): VmRSS now and VmHWM, the peak
 * resident set since the process started, so a short spike between two samples is not missed.
 * Benchmarks that judge memory run the measured work in a child process of its own, so the
 * figure is that work's, not whatever the bench process holds from earlier benchmarks.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mib } from './report.js';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface ProcMemory {
  rssBytes: number;
  peakRssBytes: number;
}

export function procMemory(pid: number): ProcMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
  } catch {
    return null; // the process has ended
  }
}

/** Calls `take` now, every `intervalMs`, and once more when stopped; stop() gives `result()`. */
function sampleEvery<T>(take: () => void, result: () => T, intervalMs: number): { stop(): T } {
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      take();
      clearInterval(timer);
      return result();
    },
  };
}

/** Samples VmRSS every `intervalMs`; stop() gives the highest sample and the kernel's own peak. */
export function sampleMemory(
  pid: number,
  intervalMs = 50,
): { stop(): { maxSampledBytes: number; peakBytes: number; samples: number } } {
  let maxSampledBytes = 0;
  let peakBytes = 0;
  let samples = 0;
  const take = () => {
    const memory = procMemory(pid);
    if (!memory) return;
    samples += 1;
    maxSampledBytes = Math.max(maxSampledBytes, memory.rssBytes);
    peakBytes = Math.max(peakBytes, memory.peakRssBytes);
  };
  return sampleEvery(take, () => ({ maxSampledBytes, peakBytes, samples }), intervalMs);
}

/** Collected stdout+stderr of a child, for error messages. */
export function captureOutput(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return () => output;
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

/** Resident bytes of `pid` and of every process under it, from /proc. */
export function treeResidentBytes(pid: number): {
  total: number;
  processes: number;
  each: string[];
  pids: number[];
} {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command may hold spaces and parentheses: the fields after its last ')' are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  let processes = 0;
  const each: string[] = [];
  const pids: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.pop() as number;
    try {
      const status = readFileSync(`/proc/${current}/status`, 'utf8');
      const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
      const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?';
      const args = readFileSync(`/proc/${current}/cmdline`, 'utf8').split('\0');
      const script =
        args
          .find((arg) => /\.(m?js|ts)$/.test(arg))
          ?.split('/')
          .pop() ?? name;
      total += rss;
      processes += 1;
      pids.push(current);
      each.push(`${script} ${mib(rss)}`);
    } catch {
      continue;
    }
    queue.push(...(parents.get(current) ?? []));
  }
  return { total, processes, each, pids };
}

/**
 * Samples the summed VmRSS of `pid` and every process under it (PDF and OCR children) every
 * `intervalMs`: per-process peaks cannot be added, so the figure is the highest sampled sum.
 */
export function sampleTreeMemory(
  pid: number,
  intervalMs = 50,
): { stop(): { maxSampledBytes: number; processes: number } } {
  let maxSampledBytes = 0;
  let processes = 0;
  const take = () => {
    const tree = treeResidentBytes(pid);
    if (tree.total > maxSampledBytes) {
      maxSampledBytes = tree.total;
      processes = tree.processes;
    }
  };
  return sampleEvery(take, () => ({ maxSampledBytes, processes }), intervalMs);
}

/**
 * Memory of a process as the kernel sees it (/proc/<pid>/status): VmRSS now and VmHWM, the peak
 * resident set since the process started, so a short spike between two samples is not missed.
 * Benchmarks that judge memory run the measured work in a child process of its own, so the
 * figure is that work's, not whatever the bench process holds from earlier benchmarks.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

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
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      take();
      clearInterval(timer);
      return { maxSampledBytes, peakBytes, samples };
    },
  };
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

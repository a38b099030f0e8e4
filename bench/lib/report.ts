/**
 * How every benchmark prints: one line per figure, with its target when it has one, and a record
 * of each target met or missed for the runner's closing summary. Misses are printed, never hidden.
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface Target {
  /** What the line shows after "target", e.g. ">= 100 invoices/s". */
  text: string;
  met: boolean;
}

export interface Figure {
  name: string;
  line: string;
  target: Target | null;
}

const figures: Figure[] = [];

/** Every figure printed so far (the runner summarises them). */
export function recordedFigures(): readonly Figure[] {
  return figures;
}

/** Prints `name: value (target …)`, marking a miss. */
export function report(name: string, value: string, target?: Target): void {
  const line = `${name}: ${value}${target ? ` (target ${target.text})${target.met ? '' : '  MISSED'}` : ''}`;
  figures.push({ name, line, target: target ?? null });
  console.log(line);
}

/** A line that has no target: context for the figures around it. */
export function note(name: string, value: string): void {
  console.log(`${name}: ${value}`);
}

const bound = (value: number, unit: string) =>
  `${value.toLocaleString('en', { maximumFractionDigits: 2 })}${unit ? ` ${unit}` : ''}`;
export const atLeast = (value: number, min: number, unit = ''): Target => ({
  text: `>= ${bound(min, unit)}`,
  met: value >= min,
});
export const below = (value: number, max: number, unit = ''): Target => ({
  text: `< ${bound(max, unit)}`,
  met: value < max,
});
export const atMost = (value: number, max: number, unit = ''): Target => ({
  text: `<= ${bound(max, unit)}`,
  met: value <= max,
});

/** 12,345 or 12,345.6 (grouped, at most `digits` decimals). */
export function num(value: number, digits = 0): string {
  return value.toLocaleString('en', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

export function mib(bytes: number): string {
  return `${num(bytes / 1024 / 1024, 0)} MB`;
}

export function percentile(sorted: readonly number[], fraction: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ??
    Number.NaN
  );
}

export function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** The machine the figures come from: cores, memory, Node, load (1, 5, 15 min). */
export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${num(totalmem() / 1024 ** 3, 1)} GiB RAM (${num(freemem() / 1024 ** 3, 1)} free), node ${process.version}, ${process.platform} ${process.arch}, load ${load()}`;
}

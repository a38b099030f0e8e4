/**
 * The code that memory is measured on. Production runs compiled JavaScript (`npm start` builds
 * dist/), and that matters for memory: under tsx every PDF worker thread registers tsx's loader
 * and compiles pdf.js again, which costs hundreds of MB per worker. So the memory benchmarks
 * compile src/ once per run with the project's tsconfig.build.json into a private folder under
 * node_modules/.cache (never dist/, which `npm start` owns) and run their child processes on it.
 * BENCH_RUNTIME=tsx measures the TypeScript sources under tsx instead (as `npm run dev` runs).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './proc.js';

export interface Runtime {
  kind: 'compiled' | 'tsx';
  /** Folder that holds src/ (compiled .js, or the project's .ts). */
  base: string;
  /** Extension of the modules in src/. */
  ext: '.js' | '.ts';
  /** Node arguments before the script. */
  nodeArgs: string[];
  /** Seconds the build took (0 for tsx). */
  buildSeconds: number;
}

const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'reimburse-bench', 'build');
let building: Promise<Runtime> | null = null;

export function runtime(): Promise<Runtime> {
  if (process.env.BENCH_RUNTIME === 'tsx')
    return Promise.resolve({
      kind: 'tsx',
      base: ROOT,
      ext: '.ts',
      nodeArgs: ['--import', 'tsx'],
      buildSeconds: 0,
    });
  building ??= (async () => {
    const started = performance.now();
    rmSync(BUILD_DIR, { recursive: true, force: true });
    mkdirSync(BUILD_DIR, { recursive: true });
    try {
      await promisify(execFile)(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
          '-p',
          'tsconfig.build.json',
          '--outDir',
          BUILD_DIR,
          '--sourceMap',
          'false',
        ],
        { cwd: ROOT },
      );
    } catch (error) {
      // tsc still emits on type errors (someone may be mid-edit): measure what it emitted, say so.
      if (!existsSync(join(BUILD_DIR, 'src', 'server.js'))) throw error;
      const output = String((error as { stdout?: unknown }).stdout ?? '')
        .split('\n')
        .filter(Boolean);
      console.log(
        `build: tsc reported ${output.length} error line(s); measuring the JavaScript it emitted. First: ${output[0] ?? String(error)}`,
      );
    }
    // Outside the project's package scope (node_modules stops the lookup): say the output is ESM.
    writeFileSync(
      join(BUILD_DIR, 'package.json'),
      JSON.stringify({ type: 'module', private: true }),
    );
    return {
      kind: 'compiled' as const,
      base: BUILD_DIR,
      ext: '.js' as const,
      nodeArgs: [],
      buildSeconds: (performance.now() - started) / 1000,
    };
  })();
  return building;
}

/** A module of src/ for the runtime, e.g. module(rt, 'config') → file path of src/config.(js|ts). */
export function srcModule(rt: Runtime, path: string): string {
  return join(rt.base, 'src', `${path}${rt.ext}`);
}

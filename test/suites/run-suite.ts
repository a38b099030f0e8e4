/**
 * Runs many test files in one process. Starting a test process costs about five seconds of CPU
 * (Node, the TypeScript loader's hooks, then the app's modules), more than most test files take
 * to run, so `npm test` runs one process per suite (test/suites/*.test.ts) instead of one per file.
 * Every file is still a test file of its own: `npx tap test/http/audit.test.ts` runs it alone.
 *
 * Each file's tests are named after the file (`http/audit.test.ts › …`) so a failure says where
 * it is. A file that needs a shared dataset which is absent is reported as one skipped test.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { type DatasetName, datasetDir } from '../helpers/datasets.js';
import { SUITES, type SuiteName } from './suites.js';

export const TEST_ROOT = path.resolve(import.meta.dirname, '..');

/** Folders of helpers and fixtures, and the suites themselves: never test files. */
const NOT_TESTS = new Set(['fakes', 'helpers', 'fixtures', 'suites']);

/** Every test file under test/, as paths relative to it, sorted. */
export function allTestFiles(dir = TEST_ROOT): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (dir === TEST_ROOT && NOT_TESTS.has(entry)) continue;
      found.push(...allTestFiles(full));
    } else if (entry.endsWith('.test.ts') && dir !== TEST_ROOT) {
      found.push(path.relative(TEST_ROOT, full));
    }
  }
  return found;
}

/** Which suite a file belongs to: the first listed folder that contains it, else "rest". */
export function suiteOf(file: string, suites: Record<string, readonly string[]>): string {
  for (const [name, folders] of Object.entries(suites)) {
    if (folders.some((folder) => file.startsWith(`${folder}/`))) return name;
  }
  return 'rest';
}

function missingDataset(source: string): { name: DatasetName; dir: string } | null {
  for (const match of source.matchAll(/requireDataset\('([a-z0-9-]+)'\)/g)) {
    const name = match[1] as DatasetName;
    const dir = datasetDir(name);
    if (!existsSync(dir)) return { name, dir };
  }
  return null;
}

type TestArgs = Parameters<typeof t.test>;

/** Imports each file with the root test's `test()` prefixing names with the file. */
export async function runFiles(files: readonly string[]): Promise<void> {
  const rootTest = t.test.bind(t);
  for (const file of files) {
    const missing = missingDataset(readFileSync(path.join(TEST_ROOT, file), 'utf8'));
    if (missing) {
      const reason = `needs the ${missing.name} dataset: set DATASETS_DIR (not found: ${missing.dir})`;
      if (process.env.CI === 'true') {
        rootTest(file, async (t) => t.fail(`${reason}; under CI=true this is a failure`));
      } else {
        rootTest(file, { skip: reason }, async () => {});
      }
      continue;
    }
    t.test = ((...args: unknown[]) => {
      if (typeof args[0] === 'string') args[0] = `${file} › ${args[0]}`;
      else args.unshift(file);
      return rootTest(...(args as TestArgs));
    }) as typeof t.test;
    try {
      await import(pathToFileURL(path.join(TEST_ROOT, file)).href);
    } finally {
      t.test = rootTest as typeof t.test;
    }
  }
}

/** Runs every test file of one suite (see suites.ts). */
export async function runSuite(name: SuiteName): Promise<void> {
  await runFiles(allTestFiles().filter((file) => suiteOf(file, SUITES) === name));
}

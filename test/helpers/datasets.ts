/**
 * Where the shared datasets are, for the few tests that run against them. They live outside the
 * repository (DATASETS_DIR, default ../shared/datasets beside the clone), so a clone elsewhere
 * skips those test files with one line naming the setting — except under CI=true, where a missing
 * dataset is a failure: CI must never pass by testing less.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export const DATASETS_DIR = path.resolve(
  REPO_ROOT,
  process.env.DATASETS_DIR ?? path.join('..', 'shared', 'datasets'),
);

export type DatasetName = 'iai-2024' | 'generated-dev' | 'public-invoices';

export function datasetDir(name: DatasetName): string {
  return path.join(DATASETS_DIR, name);
}

/**
 * The dataset's folder. When it is absent, the calling test file is skipped as a whole with one
 * visible reason (tap prints `# SKIP …`), or fails under CI. Call it at the top of the file.
 */
export function requireDataset(name: DatasetName): string {
  const dir = datasetDir(name);
  if (existsSync(dir)) return dir;
  const reason = `needs the ${name} dataset: set DATASETS_DIR (not found: ${dir})`;
  if (process.env.CI === 'true') throw new Error(`${reason}; under CI=true this is a failure`);
  t.plan(0, reason);
  // Nothing else in the file may run: it would read the missing files.
  process.exit(0);
}

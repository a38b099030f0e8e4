/**
 * `npx tsx test/docs/update-readme.ts`: rewrites the generated parts of README.md (the
 * configuration table between its markers). test/docs/readme.test.ts fails while they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigTable } from '../../scripts/config-table.js';

export const README_PATH = fileURLToPath(new URL('../../README.md', import.meta.url));
export const CONFIG_START = '<!-- config-table:start -->';
export const CONFIG_END = '<!-- config-table:end -->';

/** The text between two marker lines (exclusive), or null when the markers are missing. */
export function between(text: string, start: string, end: string): string | null {
  const from = text.indexOf(`${start}\n`);
  const to = text.indexOf(`${end}`, from + 1);
  if (from === -1 || to === -1) return null;
  return text.slice(from + start.length + 1, to);
}

/** The README with its configuration table regenerated. */
export function withConfigTable(readme: string): string {
  const current = between(readme, CONFIG_START, CONFIG_END);
  if (current === null) throw new Error(`README.md has no ${CONFIG_START} … ${CONFIG_END} block`);
  return readme.replace(
    `${CONFIG_START}\n${current}${CONFIG_END}`,
    `${CONFIG_START}\n${renderConfigTable()}${CONFIG_END}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const before = readFileSync(README_PATH, 'utf8');
  const after = withConfigTable(before);
  writeFileSync(README_PATH, after);
  console.log(
    after === before ? 'README.md is up to date' : 'README.md: configuration table regenerated',
  );
}

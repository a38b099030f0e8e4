/**
 * The README stays true to the code: its configuration table is the one src/config.ts renders, it
 * keeps the setup commands and the marker blocks other tools fill, it names every error code the
 * code can answer with, and every document it links to exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { renderConfigTable } from '../../scripts/config-table.js';
import { SETTINGS } from '../../src/config.js';
import { between, CONFIG_END, CONFIG_START, README_PATH } from './update-readme.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(README_PATH, 'utf8');

t.test('the configuration table is the one src/config.ts renders', async (t) => {
  const embedded = between(readme, CONFIG_START, CONFIG_END);
  t.ok(embedded !== null, `README.md has a ${CONFIG_START} … ${CONFIG_END} block`);
  t.ok(
    embedded === renderConfigTable(),
    'the README configuration table is stale: run `npx tsx test/docs/update-readme.ts`',
  );
  for (const setting of Object.values(SETTINGS))
    t.ok(embedded?.includes(`| \`${setting.env}\` |`), `${setting.env} is in the table`);
});

t.test('the README keeps the two setup commands', async (t) => {
  t.match(readme, /```sh\nnpm install && npm start\n```/, 'npm install && npm start');
  t.match(readme, /```sh\nnpm install && npm test\n```/, 'npm install && npm test');
});

t.test('the README keeps the performance block for bench/README.md', async (t) => {
  const start = readme.indexOf('<!-- performance:start -->');
  const end = readme.indexOf('<!-- performance:end -->');
  t.ok(
    start !== -1 && end > start,
    'a <!-- performance:start --> … <!-- performance:end --> block',
  );
  t.match(readme.slice(0, start), /## Performance\n\n$/, 'under the heading "Performance"');
});

/** Every .ts file under a directory. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The codes clients can receive, read from the source the way they are raised: problem codes of
 * the typed errors, the framework codes the error handler maps, the model error codes a chat
 * answer or a failed job reports, and the document error codes of src/domain/types.ts.
 */
function errorCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /new (?:BadRequest|Forbidden|Conflict|UnsupportedMediaType|Unprocessable|ServiceUnavailable)Error\(\s*'([a-z_]+)'/g,
    /new AppError\(\s*[\w.]+,\s*'([a-z_]+)'/g,
    /\b(?:unauthorized|fieldError)\(\s*'([a-z_]+)'/g,
    /buildProblem\(\s*request,\s*\d+,\s*'([a-z_]+)'/g,
    /\bFST_[A-Z_]+: '([a-z_]+)'/g,
    /readonly code = '([a-z_]+)'/g,
    /status === 429 \? '([a-z_]+)' : '([a-z_]+)'/g,
    /typeof code === 'string' \? code : '([a-z_]+)'/g,
  ];
  for (const file of sources(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const where = relative(ROOT, file);
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern))
        for (const code of match.slice(1)) if (code) found.set(code, where);
    }
    // Model errors (src/ai/gemini/errors.ts) and the overload error name their code in super().
    if (/errors\.ts$|under-pressure\.ts$/.test(file))
      for (const match of text.matchAll(/super\(\s*'([a-z_]+)'/g)) found.set(match[1]!, where);
  }
  const types = readFileSync(join(ROOT, 'src/domain/types.ts'), 'utf8');
  const union = /export type DocumentErrorCode =([^;]+);/.exec(types)?.[1] ?? '';
  for (const match of union.matchAll(/'([a-z_]+)'/g))
    found.set(match[1]!, 'src/domain/types.ts (DocumentErrorCode)');
  return found;
}

t.test('the README names every error code a client can receive', async (t) => {
  const codes = errorCodes();
  t.ok(codes.size >= 60, `${codes.size} codes found in src/`);
  for (const expected of [
    'validation_failed',
    'invalid_upload',
    'not_multipart',
    'rate_limited',
    'overloaded',
    'unreadable_pdf',
    'zip_bomb',
    'model_unavailable',
  ]) {
    t.ok(codes.has(expected), `the scan finds ${expected}`);
  }
  const section = readme.slice(
    readme.indexOf('## Error codes'),
    readme.indexOf('## Access control'),
  );
  t.ok(section.length > 1000, 'an "Error codes" section');
  for (const [code, where] of codes)
    t.ok(
      section.includes(`\`${code}\``),
      `\`${code}\` (raised in ${where}) is documented under "Error codes"`,
    );
});

t.test('every relative link of the README and docs/ points at a file that exists', async (t) => {
  const documents = [
    README_PATH,
    ...readdirSync(join(ROOT, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => join(ROOT, 'docs', name)),
  ];
  t.ok(
    documents.some((path) => path.endsWith('flutter.md')) &&
      documents.some((path) => path.endsWith('deploy.md')),
    'docs/flutter.md and docs/deploy.md exist',
  );
  for (const document of documents) {
    const text = readFileSync(document, 'utf8');
    for (const match of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      const target = match[1]!;
      if (/^[a-z]+:/.test(target)) continue; // http:, https:, invoice:
      t.ok(
        existsSync(join(dirname(document), target)),
        `${relative(ROOT, document)} links to ${target}`,
      );
    }
  }
});

import { readdirSync } from 'node:fs';
import t from 'tap';
import { runSuite } from './run-suite.js';
import { SUITES } from './suites.js';

// The suites themselves: each named suite has its file, so none of its tests is left unrun.
t.test('every suite in suites.ts has a file that runs it', async (t) => {
  // Files are numbered in the order tap starts them (suites.ts): NN-name.test.ts.
  const files = readdirSync(import.meta.dirname).filter((file) => file.endsWith('.test.ts'));
  for (const name of [...Object.keys(SUITES), 'rest'])
    t.equal(
      files.filter((file) => new RegExp(`^\\d{2}-${name}\\.test\\.ts$`).test(file)).length,
      1,
      `one NN-${name}.test.ts`,
    );
  t.equal(files.length, Object.keys(SUITES).length + 1, 'no other suite file');
});

await runSuite('rest');

import { existsSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { runSuite } from './run-suite.js';
import { SUITES } from './suites.js';

// The suites themselves: each named suite has its file, so none of its tests is left unrun.
t.test('every suite in suites.ts has a file that runs it', async (t) => {
  for (const name of [...Object.keys(SUITES), 'rest'])
    t.ok(existsSync(path.join(import.meta.dirname, `${name}.test.ts`)), `${name}.test.ts`);
});

await runSuite('rest');

/**
 * The suites `npm test` runs, one process each, by the folders of test/ they hold. A file in a
 * folder listed nowhere runs in the "rest" suite, so a new test file is never left out.
 * Balance matters more than tidiness: npm test (scripts/run-tests.ts) runs as many suites at
 * once as there are cores, starting them in the order of their file names. The files are
 * numbered longest first (test/suites/01-jobs…), so the short suites fill in at the end and the
 * workers finish together; renumber when a suite's time changes a lot (`npm test` prints each
 * suite's time).
 */
export const SUITES = {
  ai: ['ai'],
  chat: ['chat', 'chat-routes', 'search'],
  cli: ['cli'],
  docs: ['docs'],
  domain: ['domain', 'config', 'samples'],
  http: ['http'],
  ingest: ['ingest'],
  jobs: ['jobs', 'invoices', 'pipeline'],
  ops: ['ops'],
  store: ['store', 'webhooks', 'documents'],
} as const satisfies Record<string, readonly string[]>;

export type SuiteName = keyof typeof SUITES | 'rest';

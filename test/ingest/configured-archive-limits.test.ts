import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { configuredArchiveLimits } from '../../src/pipeline/ingest/archive-limits.js';

t.test('a claim is expanded under the limits its settings give', async (t) => {
  const config = loadConfig({
    ZIP_MAX_ENTRIES: '40',
    ZIP_MAX_ENTRY_BYTES: '2048',
    ZIP_MAX_TOTAL_BYTES: '8192',
    ZIP_MAX_RATIO: '7',
    ZIP_MAX_DEPTH: '0',
    CLAIM_MAX_DOCUMENTS: '12',
    ZIP_MAX_EXPANSION: '3',
  });
  t.strictSame(configuredArchiveLimits(config), {
    maxEntries: 40,
    maxEntryBytes: 2048,
    maxTotalBytes: 8192,
    maxCompressionRatio: 7,
    maxNestingDepth: 0,
    maxDocuments: 12,
    maxExpansionFactor: 3,
  });
});

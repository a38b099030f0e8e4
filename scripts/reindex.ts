/**
 * npm run reindex -- --from sqlite --to qdrant [--batch-size 200]
 * Copies every invoice from one store to the other (moving to server mode, or back). The embedded
 * store is DATA_DIR's database; Qdrant is QDRANT_URL / QDRANT_API_KEY / QDRANT_COLLECTION with
 * EMBEDDING_DIMENSIONS. Records are copied with their words. Stores do not hand out their dense
 * vectors, so with GEMINI_API_KEY set every record is embedded again for the target; without it
 * the target searches by words only (as the embedded default does).
 */
import { parseArgs } from 'node:util';
import { GeminiProvider } from '../src/ai/gemini/provider.js';
import { loadConfig } from '../src/config.js';
import { createGeminiClient } from '../src/services.js';
import type { Config } from '../src/config.js';
import { databaseFile, reindex } from '../src/store/maintenance.js';
import type { InvoiceStore } from '../src/store/ports.js';
import { QdrantInvoiceStore } from '../src/store/qdrant/invoice-store.js';
import { openDatabase } from '../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../src/store/sqlite/migrations.js';

type Kind = 'sqlite' | 'qdrant';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, 'batch-size': { type: 'string', default: '200' } } });
const isKind = (value: string | undefined): value is Kind => value === 'sqlite' || value === 'qdrant';
if (!isKind(values.from) || !isKind(values.to) || values.from === values.to) {
  console.error('Usage: npm run reindex -- --from sqlite|qdrant --to qdrant|sqlite [--batch-size 200]');
  process.exit(2);
}

const config = loadConfig();
const embedder = config.geminiApiKey
  ? new GeminiProvider({
      client: createGeminiClient({ ...config, geminiApiKey: config.geminiApiKey }),
      embeddingDimensions: config.embeddingDimensions,
    })
  : null;
const closers: Array<() => void> = [];

async function open(kind: Kind, settings: Config): Promise<InvoiceStore> {
  if (kind === 'qdrant') {
    if (!settings.qdrantUrl) throw new Error('QDRANT_URL is not set.');
    return QdrantInvoiceStore.open({
      url: settings.qdrantUrl,
      ...(settings.qdrantApiKey ? { apiKey: settings.qdrantApiKey } : {}),
      collection: settings.qdrantCollection,
      vectorDimensions: settings.embeddingDimensions,
    });
  }
  const database = openDatabase({ file: databaseFile(settings.dataDir), migrations: ALL_MIGRATIONS });
  closers.push(() => database.close());
  return new SqliteInvoiceStore({ database, ...(embedder ? { vectorDimensions: settings.embeddingDimensions } : {}) });
}

try {
  const source = await open(values.from, config);
  const target = await open(values.to, config);
  const { copied } = await reindex(source, target, {
    batchSize: Number(values['batch-size']),
    ...(embedder ? { embed: (texts: string[]) => embedder.embed(texts, 'document') } : {}),
    onBatch: (count) => console.log(`${count.toLocaleString('en')} invoices copied`),
  });
  console.log(`Done: ${copied.toLocaleString('en')} invoices copied from ${values.from} to ${values.to}.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  for (const close of closers) close();
}

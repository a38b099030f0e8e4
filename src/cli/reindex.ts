import { parseArgs } from 'node:util';
import { GeminiProvider } from '../ai/gemini/provider.js';
import type { Config } from '../config.js';
import { loadConfigOrExit } from '../config.js';
import { createGeminiClient } from '../services/model.js';
import { reindex as copyInvoices, databaseFile } from '../store/maintenance.js';
import type { InvoiceStore } from '../store/ports.js';
import { QdrantInvoiceStore } from '../store/qdrant/invoice-store.js';
import { assertDataDirFree } from '../store/sqlite/data-dir-lock.js';
import { openDatabase } from '../store/sqlite/database.js';
import { SqliteInvoiceStore } from '../store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../store/sqlite/migrations.js';
import { REINDEX_USAGE } from './help.js';
import { EX_TEMPFAIL, EX_USAGE, failed, usageError } from './usage.js';

type StoreKind = 'sqlite' | 'qdrant';
const isStoreKind = (value: string | undefined): value is StoreKind =>
  value === 'sqlite' || value === 'qdrant';

export async function reindex(argv: string[]): Promise<number> {
  const parsed = usageError(() =>
    parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        'batch-size': { type: 'string', default: '200' },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const { from, to, 'batch-size': batchSizeText } = parsed.values;
  const batchSize = Number(batchSizeText);
  if (
    !isStoreKind(from) ||
    !isStoreKind(to) ||
    from === to ||
    !Number.isInteger(batchSize) ||
    batchSize < 1
  ) {
    console.error(`Usage: ${REINDEX_USAGE}`);
    return EX_USAGE;
  }

  const config = loadConfigOrExit();
  const embedder = config.geminiApiKey
    ? new GeminiProvider({
        client: createGeminiClient({ ...config, geminiApiKey: config.geminiApiKey }),
        embeddingDimensions: config.embeddingDimensions,
      })
    : null;
  const closers: Array<() => void> = [];
  const open = async (kind: StoreKind, settings: Config): Promise<InvoiceStore> => {
    if (kind === 'qdrant') {
      if (!settings.qdrantUrl) throw new Error('QDRANT_URL is not set.');
      return QdrantInvoiceStore.open({
        url: settings.qdrantUrl,
        ...(settings.qdrantApiKey ? { apiKey: settings.qdrantApiKey } : {}),
        collection: settings.qdrantCollection,
        vectorDimensions: settings.embeddingDimensions,
      });
    }
    const database = openDatabase({
      file: databaseFile(settings.dataDir),
      migrations: ALL_MIGRATIONS,
    });
    closers.push(() => database.close());
    return new SqliteInvoiceStore({
      database,
      ...(embedder ? { vectorDimensions: settings.embeddingDimensions } : {}),
    });
  };

  try {
    // Reading a server's database is safe; writing into it behind the server's back is not.
    if (to === 'sqlite') assertDataDirFree(config.dataDir);
  } catch (error) {
    return failed(error, EX_TEMPFAIL);
  }
  try {
    const { copied } = await copyInvoices(await open(from, config), await open(to, config), {
      batchSize,
      ...(embedder ? { embed: (texts: string[]) => embedder.embed(texts, 'document') } : {}),
      onBatch: (count) => console.log(`${count.toLocaleString('en')} invoices copied`),
    });
    console.log(`Done: ${copied.toLocaleString('en')} invoices copied from ${from} to ${to}.`);
    return 0;
  } catch (error) {
    return failed(error);
  } finally {
    for (const close of closers) close();
  }
}

import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config.js';

const base = { LOG_DIR: '' };

t.test('every task runs on a current GA model by default', async (t) => {
  const config = loadConfig(base);
  t.same(config.geminiModels, {
    policy: 'gemini-3.8-flash',
    invoice: 'gemini-3.8-flash',
    chat: 'gemini-3.8-flash',
  });
  t.equal(config.geminiEmbeddingModel, 'gemini-embedding-001');
});

t.test('GEMINI_MODEL sets all three; a task setting wins for its task', async (t) => {
  t.same(loadConfig({ ...base, GEMINI_MODEL: 'gemini-3.5-flash-lite' }).geminiModels, {
    policy: 'gemini-3.5-flash-lite',
    invoice: 'gemini-3.5-flash-lite',
    chat: 'gemini-3.5-flash-lite',
  });
  t.same(
    loadConfig({
      ...base,
      GEMINI_MODEL: 'gemini-3.5-flash-lite',
      GEMINI_POLICY_MODEL: 'gemini-3.8-flash',
      GEMINI_CHAT_MODEL: '',
    }).geminiModels,
    { policy: 'gemini-3.8-flash', invoice: 'gemini-3.5-flash-lite', chat: 'gemini-3.5-flash-lite' },
    'an empty task setting falls back too',
  );
  t.same(loadConfig({ ...base, GEMINI_INVOICE_MODEL: 'gemini-3.5-flash-lite' }).geminiModels, {
    policy: 'gemini-3.8-flash',
    invoice: 'gemini-3.5-flash-lite',
    chat: 'gemini-3.8-flash',
  });
});

t.test(
  'EMBEDDING_DIMENSIONS takes only what the embedding model produces: 128 to 3072',
  async (t) => {
    for (const value of ['128', '768', '3072'])
      t.equal(
        loadConfig({ ...base, EMBEDDING_DIMENSIONS: value }).embeddingDimensions,
        Number(value),
      );
    for (const value of ['8', '127', '3073', '4096']) {
      const error = (() => {
        try {
          loadConfig({ ...base, EMBEDDING_DIMENSIONS: value });
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      t.ok(error instanceof ConfigError, value);
      t.same((error as ConfigError).problems, [
        `EMBEDDING_DIMENSIONS must be from 128 to 3072 (the sizes Gemini embedding models produce), got ${value}`,
      ]);
    }
  },
);

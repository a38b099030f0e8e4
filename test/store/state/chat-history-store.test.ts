import t from 'tap';
import { RedisChatHistoryStore } from '../../../src/store/redis/chat-history-store.js';
import { SqliteChatHistoryStore } from '../../../src/store/sqlite/chat-history-store.js';
import { startRedisOrSkip } from '../../helpers/redis.js';
import { isolatedPrefix, openStateDatabase } from './backends.js';
import { runChatHistoryStoreContract } from './chat-history-store-contract.js';

t.test('SqliteChatHistoryStore', async (t) => {
  runChatHistoryStoreContract(t, async (t, clock) => {
    const store = new SqliteChatHistoryStore({ db: openStateDatabase(t), clock });
    t.teardown(() => store.close());
    return store;
  });
});

t.test('RedisChatHistoryStore', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  runChatHistoryStoreContract(t, async (t, clock) => {
    const store = new RedisChatHistoryStore({
      url: server.url,
      keyPrefix: isolatedPrefix(),
      clock,
    });
    t.teardown(() => store.close());
    return store;
  });
});

import t from 'tap';
import { RedisJobStore } from '../../../src/store/redis/job-store.js';
import { SqliteJobStore } from '../../../src/store/sqlite/job-store.js';
import { startRedisOrSkip } from '../../helpers/redis.js';
import { isolatedPrefix, openStateDatabase } from './backends.js';
import { runJobStoreContract } from './job-store-contract.js';

t.test('SqliteJobStore', async (t) => {
  runJobStoreContract(t, async (t, options = {}) => {
    const store = new SqliteJobStore({ db: openStateDatabase(t), ...options });
    t.teardown(() => store.close());
    return store;
  });
});

t.test('RedisJobStore', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  runJobStoreContract(t, async (t, options = {}) => {
    const store = new RedisJobStore({ url: server.url, keyPrefix: isolatedPrefix(), ...options });
    t.teardown(() => store.close());
    return store;
  });
});

import t from 'tap';
import { RedisAuditLog } from '../../src/store/redis/audit-log.js';
import { RedisPolicyStore } from '../../src/store/redis/policy-store.js';
import { SqliteAuditLog } from '../../src/store/sqlite/audit-log.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqlitePolicyStore } from '../../src/store/sqlite/policy-store.js';
import { startRedisOrSkip } from '../helpers/redis.js';
import { isolatedPrefix } from '../store/state/backends.js';
import { runPolicyStoreContract } from './policy-store-contract.js';

t.test('SqlitePolicyStore', async (t) => {
  runPolicyStoreContract(t, async (t) => {
    const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
    t.teardown(() => db.close());
    return { store: new SqlitePolicyStore({ db }), audit: new SqliteAuditLog({ db }) };
  });

  t.test('the database itself refuses a second active version', async (t) => {
    const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
    t.teardown(() => db.close());
    db.prepare(
      "INSERT INTO policies (id, name, created_by, created_at, updated_at, latest_version) VALUES ('p', 'P', '{}', '', '', 2)",
    ).run();
    const insert = db.prepare(
      "INSERT INTO policy_versions (policy_id, number, state, revision, version) VALUES ('p', ?, 'active', 1, '{}')",
    );
    insert.run(1);
    t.throws(() => insert.run(2), /UNIQUE/);
  });
});

t.test('RedisPolicyStore', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  runPolicyStoreContract(t, async (t) => {
    const keyPrefix = isolatedPrefix();
    const store = new RedisPolicyStore({ url: server.url, keyPrefix });
    const audit = new RedisAuditLog({ url: server.url, keyPrefix });
    t.teardown(async () => {
      await store.close();
      await audit.close();
    });
    return { store, audit };
  });
});

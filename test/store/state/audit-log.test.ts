import t from 'tap';
import { RedisAuditLog } from '../../../src/store/redis/audit-log.js';
import { SqliteAuditLog } from '../../../src/store/sqlite/audit-log.js';
import { startRedisOrSkip } from '../../helpers/redis.js';
import { runAuditLogContract } from './audit-log-contract.js';
import { isolatedPrefix, openStateDatabase } from './backends.js';

t.test('SqliteAuditLog', async (t) => {
  runAuditLogContract(
    t,
    async (t, clock) => new SqliteAuditLog({ db: openStateDatabase(t), clock }),
  );

  t.test('the table refuses updates and deletes from any writer', async (t) => {
    const db = openStateDatabase(t);
    const log = new SqliteAuditLog({ db });
    await log.record({
      actor_sub: 'a',
      actor_name: 'A',
      actor_role: 'admin',
      action: 'job.create',
      target_type: 'job',
      target_id: 'j',
      request_id: 'r',
      client_ip: 'ip',
      details: {},
    });
    t.throws(
      () => db.prepare("UPDATE audit_log SET actor_sub = 'someone else'").run(),
      /append-only/,
    );
    t.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/);
    t.equal((await log.list({}, { limit: 5 })).items[0]?.actor_sub, 'a');
  });
});

t.test('RedisAuditLog', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  runAuditLogContract(t, async (t, clock) => {
    const log = new RedisAuditLog({ url: server.url, keyPrefix: isolatedPrefix(), clock });
    t.teardown(() => log.close());
    return log;
  });
});

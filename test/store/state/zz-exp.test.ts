import t from 'tap';
import { Redis } from 'ioredis';
import { startRedis } from '../../helpers/redis.js';
t.test('x', async t => {
  const s = await startRedis(t);
  const r = new Redis(s.url);
  await r.xadd('s1', '1-0', 'type', 'a', 'data', '{}');
  await r.xadd('s2', '1-0', 'type', 'b', 'data', '{}');
  console.log(JSON.stringify(await r.xread('COUNT', 10, 'STREAMS', 's1', 's2', '0', '0')));
  console.log(JSON.stringify(await r.xrange('s1', '-', '+')));
  console.log(JSON.stringify(await r.eval("return false", 0)), JSON.stringify(await r.eval("return nil", 0)));
  console.log(JSON.stringify(await r.hgetall('nokey')));
  await r.hset('h', 'a', '1');
  console.log(JSON.stringify(await r.eval("return redis.call('HGETALL', KEYS[1])", 1, 'h')));
  console.log(JSON.stringify(await r.client('ID')));
  await r.quit();
});

/**
 * The pure rules of deliveries and the attempt itself: the backoff schedule and its guaranteed
 * length, which addresses are refused, and that the refusal holds at delivery time on the
 * addresses actually connected to (DNS rebinding), without any real DNS.
 */
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { blockedReason } from '../../src/webhooks/addresses.js';
import { guaranteedWindowMs, nextDelayMs } from '../../src/webhooks/backoff.js';
import { httpSender } from '../../src/webhooks/sender.js';
import { checkTarget, type Resolver } from '../../src/webhooks/target.js';
import { startReceiver } from './receiver.js';

const HOUR = 3_600_000;

t.test('backoff doubles up to the cap, jitter stays within the upper half', async (t) => {
  const schedule = { baseMs: 1000, maxMs: 10_000, maxAttempts: 6 };
  t.equal(nextDelayMs(schedule, 1, 0), 500, 'lowest draw: half the base');
  t.equal(nextDelayMs(schedule, 1, 0.999_999), 1000);
  t.equal(nextDelayMs(schedule, 3, 0), 2000, 'third retry: four times the base, halved');
  t.equal(nextDelayMs(schedule, 5, 0.999_999), 10_000, 'capped');
  t.equal(nextDelayMs(schedule, 6, 0.5), null, 'no attempt after the last one');
  const draws = Array.from({ length: 200 }, () => nextDelayMs(schedule, 2) as number);
  t.ok(
    draws.every((delay) => delay >= 1000 && delay <= 2000),
    'random draws stay in [ceiling/2, ceiling]',
  );
  t.ok(new Set(draws).size > 20, 'and differ from one another');
});

t.test('the default schedule outlasts a receiver that is down for an hour', async (t) => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_DIR: '' });
  const window = guaranteedWindowMs({
    baseMs: config.webhookRetryBaseMs,
    maxMs: config.webhookRetryMaxMs,
    maxAttempts: config.webhookMaxAttempts,
  });
  t.ok(
    window > 8 * HOUR,
    `even the shortest draws keep retrying for ${(window / HOUR).toFixed(1)} h`,
  );
  t.equal(config.webhookAllowPrivate, false, 'private targets are refused unless allowed');
});

t.test('addresses: public ones pass, internal ones are refused with the reason', async (t) => {
  for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700::1111', '::ffff:8.8.8.8', '172.32.0.1'])
    t.equal(blockedReason(address), null, address);
  const refused: Record<string, RegExp> = {
    '127.0.0.1': /loopback/,
    '10.20.30.40': /private/,
    '172.31.255.255': /private/,
    '192.168.0.1': /private/,
    '169.254.169.254': /link-local/,
    '100.64.0.1': /shared/,
    '0.0.0.0': /this network/,
    '224.0.0.1': /multicast/,
    '::1': /loopback/,
    '::': /unspecified/,
    'fe80::1%eth0': /link-local/,
    'fd12:3456::1': /private/,
    '::ffff:127.0.0.1': /loopback/,
    '::ffff:a9fe:a9fe': /link-local/,
    '64:ff9b::a00:1': /private/,
    '2002:c0a8:0101::1': /private/,
    'example.com': /not an IP/,
  };
  for (const [address, reason] of Object.entries(refused))
    t.match(blockedReason(address), reason, address);
});

const resolverOf =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const found = table[hostname];
    if (!found) throw new Error(`ENOTFOUND ${hostname}`);
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

t.test('registration resolves the host and checks every address', async (t) => {
  const resolve = resolverOf({
    'hooks.example.com': ['93.184.215.14'],
    'split.example.com': ['93.184.215.14', '10.0.0.7'],
    'inside.example.com': ['fd00::5'],
  });
  const ok = await checkTarget('https://hooks.example.com/in', { allowPrivate: false, resolve });
  t.equal(ok.hostname, 'hooks.example.com');
  await t.rejects(
    checkTarget('https://split.example.com/in', { allowPrivate: false, resolve }),
    { code: 'webhook_target_refused', message: /10\.0\.0\.7, which is a private address/ },
    'one private address among public ones is enough to refuse',
  );
  await t.rejects(checkTarget('https://inside.example.com/', { allowPrivate: false, resolve }), {
    code: 'webhook_target_refused',
  });
  await t.rejects(checkTarget('https://nowhere.example.com/', { allowPrivate: false, resolve }), {
    code: 'webhook_target_refused',
    message: /does not resolve/,
  });
  const allowed = await checkTarget('https://inside.example.com/', { allowPrivate: true, resolve });
  t.equal(allowed.hostname, 'inside.example.com', 'WEBHOOK_ALLOW_PRIVATE lifts the refusal');
});

t.test('at delivery time the name is checked again and the connection pinned to it', async (t) => {
  const receiver = await startReceiver(t);
  const port = new URL(receiver.url).port;
  // The name was public when registered; now it answers with the loopback address (rebinding).
  const rebound = resolverOf({ 'hooks.example.com': ['127.0.0.1'] });
  const strict = httpSender({
    timeoutMs: 2000,
    allowPrivate: false,
    resolve: rebound,
    userAgent: 'test',
  });
  const refused = await strict({
    url: `http://hooks.example.com:${port}/hooks`,
    headers: {},
    body: '{}',
  });
  t.equal(refused.status_code, null);
  t.match(refused.error, /127\.0\.0\.1, which is a loopback address/);
  const literal = await strict({ url: receiver.url, headers: {}, body: '{}' });
  t.match(literal.error, /loopback/, 'an IP literal is checked too');
  t.equal(receiver.received.length, 0, 'nothing reached the internal address');

  // Allowed, the connection goes to the resolved address: this name exists in no real DNS.
  const lenient = httpSender({
    timeoutMs: 2000,
    allowPrivate: true,
    resolve: resolverOf({ 'receiver.internal.test': ['127.0.0.1'] }),
    userAgent: 'test-agent',
  });
  const sent = await lenient({
    url: `http://receiver.internal.test:${port}/hooks`,
    headers: { 'webhook-id': 'msg_1' },
    body: '{"a":1}',
  });
  t.match(sent, { status_code: 204, error: null });
  t.equal(receiver.received[0]?.body, '{"a":1}');
  t.match(receiver.received[0]?.headers, {
    'webhook-id': 'msg_1',
    'content-type': 'application/json',
    'user-agent': 'test-agent',
    host: `receiver.internal.test:${port}`,
  });

  receiver.answer(500);
  const failed = await lenient({ url: receiver.url, headers: {}, body: '{}' });
  t.match(failed, { status_code: 500, error: 'receiver is down' }, 'a non-2xx answer is logged');
});

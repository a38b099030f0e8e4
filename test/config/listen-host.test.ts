import { readFileSync } from 'node:fs';
import t from 'tap';
import { parse } from 'yaml';
import { isLoopback, listenHost } from '../../src/config/listen-host.js';
import { loadConfig } from '../../src/config.js';

const SECRET = 'x'.repeat(32);

t.test(
  'without authentication and without HOST, the server listens on loopback only',
  async (t) => {
    t.equal(listenHost(loadConfig({})), '127.0.0.1');
    t.equal(listenHost(loadConfig({ AUTH_MODE: 'none', HOST: '' })), '127.0.0.1', 'empty is unset');
  },
);

t.test('HOST set in so many words is obeyed, with or without authentication', async (t) => {
  t.equal(listenHost(loadConfig({ AUTH_MODE: 'none', HOST: '0.0.0.0' })), '0.0.0.0');
  t.equal(listenHost(loadConfig({ AUTH_MODE: 'none', HOST: '::' })), '::');
  t.equal(
    listenHost(loadConfig({ AUTH_MODE: 'jwt', JWT_SECRET: SECRET, HOST: '127.0.0.1' })),
    '127.0.0.1',
  );
});

t.test('with bearer tokens required and no HOST, every interface is served', async (t) => {
  t.equal(listenHost(loadConfig({ AUTH_MODE: 'jwt', JWT_SECRET: SECRET })), '0.0.0.0');
});

t.test('loopback addresses are told apart from the rest', async (t) => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) t.ok(isLoopback(host), host);
  for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2']) t.notOk(isLoopback(host), host);
});

t.test('the image and the compose file say where to listen in so many words', async (t) => {
  const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  t.match(read('Dockerfile'), /^\s*HOST=0\.0\.0\.0\b/m, 'the image listens on every interface');
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string> }>;
  };
  const api = compose.services.api?.environment ?? {};
  t.equal(api.HOST, '0.0.0.0', 'the published port reaches the API');
  t.equal(api.AUTH_MODE, 'jwt', 'and only with a bearer token');
});

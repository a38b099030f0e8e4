import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { describeConfig, loadConfig } from '../../src/config.js';
import { loggerOptions } from '../../src/logger.js';
import { lazyChildLoggerFactory } from '../../src/plugins/request-logger.js';
import { buildTestApp } from '../helpers/app.js';

const SECRETS = {
  GEMINI_API_KEY: 'AIzaSy-gemini-key-must-not-leak',
  JWT_SECRET: 'jwt-secret-that-must-never-appear-0123456789',
};

/** Ends the logger's transport and waits until its worker has written everything out. */
async function flushLogs(logger: unknown): Promise<void> {
  const stream = (
    logger as Record<symbol, NodeJS.WritableStream & { once(e: 'close', f: () => void): void }>
  )[pino.symbols.streamSym];
  if (!stream) throw new Error('the logger has no transport stream');
  // The transport's worker thread is unref'd: a timer keeps this process alive until it is done.
  const keepAlive = setInterval(() => undefined, 1000);
  await new Promise<void>((resolve) => {
    stream.once('close', resolve);
    stream.end();
  });
  clearInterval(keepAlive);
}

t.test(
  'JSON lines go to a daily file under LOG_DIR, with the request id and no secrets',
  async (t) => {
    const logDir = mkdtempSync(join(tmpdir(), 'reimburse-logs-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-data-'));
    t.teardown(() => {
      rmSync(logDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    });
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      LOG_DIR: join(logDir, 'nested'),
      DATA_DIR: dataDir,
      AUTH_MODE: 'jwt',
      ...SECRETS,
    });
    // The real logger options, as server.ts builds them (stdout is not a terminal here).
    const app = await buildApp(config, { logger: loggerOptions(config, false) });
    app.log.info({ config: describeConfig(config) }, 'starting');
    // Code that forgets describeConfig must not leak either.
    app.log.info(
      {
        config: { GEMINI_API_KEY: SECRETS.GEMINI_API_KEY },
        settings: { apiKey: SECRETS.GEMINI_API_KEY, password: 'hunter2-password' },
      },
      'careless',
    );
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/health/quick',
      headers: { authorization: `Bearer ${SECRETS.JWT_SECRET}`, 'x-request-id': 'log-file-req-42' },
    });
    t.equal(res.statusCode, 200);
    await app.close();
    await flushLogs(app.log);

    const files = readdirSync(join(logDir, 'nested'));
    t.equal(files.length, 1, `one file: ${files.join(', ')}`);
    const today = new Date();
    const stamp = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    t.match(files[0], new RegExp(`^api\\.${stamp}\\.\\d+\\.log$`), 'named by day');

    const text = readFileSync(join(logDir, 'nested', files[0]!), 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, any>);
    t.ok(
      lines.every(
        (l) =>
          typeof l.level === 'number' && typeof l.time === 'number' && typeof l.msg === 'string',
      ),
      'every line is a JSON log record',
    );
    const requestLines = lines.filter((l) => l.reqId === 'log-file-req-42');
    t.ok(requestLines.some((l) => l.msg === 'incoming request'));
    t.ok(requestLines.some((l) => l.msg === 'request completed' && l.res?.statusCode === 200));

    const starting = lines.find((l) => l.msg === 'starting');
    t.equal(starting?.config?.AUTH_MODE, 'jwt', 'the config dump is logged');
    t.notMatch(JSON.stringify(starting?.config), /AIzaSy|jwt-secret/, 'with secrets masked');
    const careless = lines.find((l) => l.msg === 'careless');
    t.equal(careless?.config?.GEMINI_API_KEY, '[redacted]');
    t.equal(careless?.settings?.apiKey, '[redacted]');
    t.equal(careless?.settings?.password, '[redacted]');
    for (const secret of [...Object.values(SECRETS), 'hunter2-password'])
      t.notOk(text.includes(secret), `"${secret.slice(0, 12)}…" never reaches the file`);
  },
);

t.test(
  'pretty output only on a terminal; JSON otherwise; LOG_DIR empty writes no file',
  async (t) => {
    const config = loadConfig({ LOG_LEVEL: 'debug', LOG_DIR: '' });
    const targets = (terminal: boolean) =>
      (
        loggerOptions(config, terminal).transport as {
          targets: Array<{ target: string; level: string }>;
        }
      ).targets;
    t.same(
      targets(true).map((x) => x.target),
      ['pino-pretty'],
    );
    t.same(
      targets(false).map((x) => x.target),
      ['pino/file'],
    );
    t.ok(targets(false).every((x) => x.level === 'debug'));
    const withFile = loggerOptions(loadConfig({ LOG_DIR: '/var/log/api' }), false).transport as {
      targets: Array<{ target: string; options: { file: string } }>;
    };
    t.same(
      withFile.targets.map((x) => x.target),
      ['pino/file', 'pino-roll'],
    );
    t.equal(withFile.targets[1]?.options.file, join('/var/log/api', 'api'));
  },
);

/** A logger writing JSON lines into an array, as buildApp's `logger` option. */
function memoryLogger(level: string): {
  options: { level: string; stream: { write(line: string): void } };
  lines: Array<Record<string, any>>;
} {
  const lines: Array<Record<string, any>> = [];
  return {
    options: {
      level,
      stream: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, any>) },
    },
    lines,
  };
}

t.test(
  'request loggers: every line carries the request id, however the logger is used',
  async (t) => {
    const { options, lines } = memoryLogger('warn');
    const app = await buildTestApp(t, {
      logger: options,
      extend: (app) => {
        app.get('/logs', { config: { auth: false } }, async (request) => {
          request.log.info('below the level');
          request.log.warn({ step: 1 }, 'a warning');
          request.log.child({ part: 'child' }).error('from a child');
          request.log.level = 'debug';
          request.log.debug('after lowering the level of this request');
          return { ok: true };
        });
      },
    });
    t.equal(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/health/quick',
          headers: { 'x-request-id': 'quiet-request-1' },
        })
      ).statusCode,
      200,
    );
    t.same(lines, [], 'nothing at or above warn: no line');
    t.equal(
      (
        await app.inject({
          method: 'GET',
          url: '/logs',
          headers: { 'x-request-id': 'noisy-request-1' },
        })
      ).statusCode,
      200,
    );
    t.same(
      lines.map((l) => [l.msg, l.reqId, l.part ?? null]),
      [
        ['a warning', 'noisy-request-1', null],
        ['from a child', 'noisy-request-1', 'child'],
        ['after lowering the level of this request', 'noisy-request-1', null],
        // reply.log is the same logger: Fastify's own info line now passes the lowered level too.
        ['request completed', 'noisy-request-1', null],
      ],
    );
    t.equal(lines[0]?.step, 1);
    t.equal(app.log.level, 'warn', "the app's own level is untouched");
  },
);

t.test('a request logger builds its pino child only when a line is written', async (t) => {
  let children = 0;
  const parent = pino({ level: 'warn' }, { write: () => undefined });
  const child = parent.child.bind(parent) as (...args: unknown[]) => unknown;
  (parent as unknown as { child: (...args: unknown[]) => unknown }).child = (
    ...args: unknown[]
  ) => {
    children += 1;
    return child(...args);
  };
  const log = lazyChildLoggerFactory.call({} as never, parent, { reqId: 'r-1' }, {}, {} as never);
  log.info('not written');
  log.debug('not written');
  t.equal(children, 0, 'no child for lines below the level');
  t.equal(log.level, 'warn');
  log.warn('written');
  log.error('written');
  t.equal(children, 1, 'one child, on the first line written');
  const withLevel = lazyChildLoggerFactory.call(
    {} as never,
    parent,
    { reqId: 'r-2' },
    { level: 'debug' },
    {} as never,
  );
  t.equal(children, 2, 'a route with its own level gets its child at once');
  t.equal(withLevel.level, 'debug');
});

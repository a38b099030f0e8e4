import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';

interface Tap {
  teardown(fn: () => unknown): void;
}

/** A config for tests: a private temp DATA_DIR, no log files, quiet logs; `env` overrides. */
export function testConfig(t: Tap, env: Record<string, string> = {}): Config {
  const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-test-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  // No overload shedding: a busy CI machine must not turn test requests into 503s (tests of
  // under-pressure set their own thresholds).
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    LOG_DIR: '',
    DATA_DIR: dataDir,
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env,
  });
}

/** Builds the real app on the embedded default and closes it when the test ends. */
export async function buildTestApp(
  t: Tap,
  options: {
    env?: Record<string, string>;
    logger?: FastifyServerOptions['logger'];
    /** Adds test-only routes or hooks before the app boots. */
    extend?: (app: FastifyInstance) => void | Promise<void>;
  } = {},
): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(t, options.env), { logger: options.logger ?? false });
  t.teardown(() => app.close());
  await options.extend?.(app);
  await app.ready();
  return app;
}

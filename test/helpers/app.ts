import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createDocumentReader, type IngestionReader } from '../../src/pipeline/ingest/reader.js';
import { readerOptions } from '../../src/services/stores.js';

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

/**
 * Document readers shared by the apps of one test process, one per set of reader settings. A new
 * reader starts a PDF process (and tesseract) for its first document, about 1.5 s of CPU: most of
 * what a test that analyses a claim costs. Readers hold no state between documents, and their
 * processes end when idle, so sharing them changes nothing a test can see. A test of the reader's
 * own lifecycle (closing, killing, limits) passes `ownReader: true`.
 */
const sharedReaders = new Map<string, IngestionReader>();

function sharedReader(config: Config): IngestionReader {
  const options = readerOptions(config);
  const key = JSON.stringify(options);
  let reader = sharedReaders.get(key);
  if (!reader) {
    reader = createDocumentReader(options);
    sharedReaders.set(key, reader);
  }
  return reader;
}

/** Builds the real app on the embedded default and closes it when the test ends. */
export async function buildTestApp(
  t: Tap,
  options: {
    env?: Record<string, string>;
    logger?: FastifyServerOptions['logger'];
    /** Adds test-only routes or hooks before the app boots. */
    extend?: (app: FastifyInstance) => void | Promise<void>;
    /** A document reader of its own, closed with the app, instead of the process's shared one. */
    ownReader?: boolean;
  } = {},
): Promise<FastifyInstance> {
  const config = testConfig(t, options.env);
  const app = await buildApp(config, {
    logger: options.logger ?? false,
    ...(options.ownReader ? {} : { reader: sharedReader(config) }),
  });
  t.teardown(() => app.close());
  await options.extend?.(app);
  await app.ready();
  return app;
}

/**
 * Renders the OpenAPI document exactly as the API serves it at /docs/json, from an app built on
 * the embedded default in a throw-away data directory, independent of the caller's environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

export const OPENAPI_PATH = fileURLToPath(new URL('../openapi/openapi.json', import.meta.url));

export async function renderOpenApi(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-openapi-'));
  try {
    // Only what the document may depend on: never process.env, so every machine writes the same file.
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_DIR: '',
      LOG_LEVEL: 'silent',
      RUN_WORKER: 'false',
    });
    const app = await buildApp(config, { logger: false });
    try {
      await app.ready();
      return `${JSON.stringify(app.swagger(), null, 2)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

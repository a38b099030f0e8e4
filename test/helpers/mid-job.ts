import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { userText } from '../fakes/gemini-server.js';
import { startSampleGemini } from '../fakes/sample-gemini.js';

/**
 * For tests that stop a process mid-job: a fake Gemini answering the sample claim slowly (150 ms
 * per call, one call at a time, so a stop lands mid-job), a fresh DATA_DIR, the environment for
 * both, and the invoice reads the model received so far.
 */
export async function midJobSetup(t: Test) {
  const gemini = await startSampleGemini({ latencyMs: 150 });
  t.teardown(() => gemini.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-mid-job-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    DATA_DIR: dataDir,
    GEMINI_API_KEY: gemini.apiKey,
    GEMINI_BASE_URL: gemini.url,
    GEMINI_CONCURRENCY: '1',
    DOCUMENT_CONCURRENCY: '1',
    // No overload shedding: a busy machine must not turn the test's requests into 503s.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
  };
  const invoiceCalls = () =>
    gemini.requests.filter((r) => r.method === 'generateContent' && userText(r).includes('File: '));
  /** The invoice files the model was asked to read, each once however often it was asked. */
  const filesRead = () =>
    new Set(invoiceCalls().map((r) => /File: (.*?) \(/.exec(userText(r))?.[1]));
  return { gemini, env, invoiceCalls, filesRead };
}

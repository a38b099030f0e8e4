/**
 * Over a real socket: a client that goes away does not stop its job, and a client that comes back
 * picks the events up where it left them.
 */

import type { Test } from 'tap';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { parseSse, sampleClaim, sampleZipInvoices } from '../helpers/claims.js';

async function listening(t: Test, env: Record<string, string> = {}) {
  const app = await buildTestApp(t, { env });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, api: `${address}/api/v1` };
}

/** Reads SSE blocks from a streamed response until `enough` says stop; returns them parsed. */
async function readUntil(
  response: Response,
  enough: (events: ReturnType<typeof parseSse>) => boolean,
) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    const complete = text.slice(0, text.lastIndexOf('\n\n') + 2);
    const events = parseSse(complete);
    if (enough(events)) return events;
  }
  return parseSse(text);
}

t.test(
  'a client that drops the analysis stream leaves its job running, and resumes it with Last-Event-ID',
  async (t) => {
    const { app, api } = await listening(t);
    const client = new AbortController();
    const response = await fetch(`${api}/analyze-invoices-stream`, {
      method: 'POST',
      body: sampleClaim(),
      signal: client.signal,
    });
    t.equal(response.status, 200);
    const firstSeen = await readUntil(response, (events) => events.length > 0);
    client.abort(); // the app went to the background: the socket is gone mid-job
    const jobId = firstSeen[0]?.data.job_id as string;
    const lastSeen = Number(firstSeen.at(-1)?.id);
    t.ok(jobId && lastSeen >= 1, `saw events 1..${lastSeen} of job ${jobId}`);
    t.notOk(
      firstSeen.some((e) => e.event === 'done'),
      'the client left before the job ended',
    );

    const resumed = await fetch(`${api}/jobs/${jobId}/events`, {
      headers: { 'last-event-id': String(lastSeen) },
    });
    const rest = parseSse(await resumed.text());
    t.equal(Number(rest[0]?.id), lastSeen + 1, 'the stream goes on from the next event');
    t.equal(rest.at(-1)?.event, 'done');
    const documents = [...firstSeen, ...rest].filter((e) => e.event === 'document');
    t.equal(
      documents.length,
      sampleZipInvoices().length,
      'every document was analysed although the first client left',
    );

    const job = (await (await fetch(`${api}/jobs/${jobId}`)).json()) as {
      state: string;
      results: unknown[];
    };
    t.equal(job.state, 'succeeded');
    t.equal(job.results.length, sampleZipInvoices().length);
    await app.close();
  },
);

t.test(
  'POST /analyze-invoices answers 202 with the job link when the job outlasts ANALYZE_WAIT_MS',
  async (t) => {
    // No worker: the job stays queued, so the wait always runs out.
    const { app, api } = await listening(t, { ANALYZE_WAIT_MS: '1000', RUN_WORKER: 'false' });
    const started = Date.now();
    const response = await fetch(`${api}/analyze-invoices`, {
      method: 'POST',
      body: sampleClaim(),
    });
    t.equal(response.status, 202);
    t.ok(Date.now() - started >= 1000, 'it waited ANALYZE_WAIT_MS first');
    const job = (await response.json()) as { id: string };
    t.equal(response.headers.get('location'), `/api/v1/jobs/${job.id}`);
    t.match(job, {
      state: 'queued',
      links: { self: `/api/v1/jobs/${job.id}`, events: `/api/v1/jobs/${job.id}/events` },
    });
    t.equal(
      ((await (await fetch(`${api}/jobs/${job.id}`)).json()) as { state: string }).state,
      'queued',
      'the job is kept for a worker',
    );
    await app.close();
  },
);

import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { parseSse, sampleClaim, sampleZipInvoices } from '../helpers/claims.js';

t.test(
  'POST /jobs answers 202 at once; events stream, number and replay after Last-Event-ID',
  async (t) => {
    const app = await buildTestApp(t);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      payload: sampleClaim(),
    });
    t.equal(created.statusCode, 202);
    const job = created.json();
    t.match(job, {
      state: 'queued',
      links: { self: `/api/v1/jobs/${job.id}`, events: `/api/v1/jobs/${job.id}/events` },
    });

    const stream = await app.inject({ method: 'GET', url: job.links.events });
    t.equal(stream.statusCode, 200);
    t.match(stream.headers['content-type'], /^text\/event-stream/);
    t.equal(stream.headers['x-accel-buffering'], 'no');
    t.equal(stream.headers['cache-control'], 'no-cache, no-transform');
    t.ok(stream.headers['x-request-id']);
    const events = parseSse(stream.body);
    t.same(
      events.map((e) => Number(e.id)),
      events.map((_, i) => i + 1),
      'numbered 1..n without gaps',
    );
    t.equal(events[0]?.event, 'job');
    t.equal(events.at(-1)?.event, 'done');
    t.equal(events.filter((e) => e.event === 'document').length, sampleZipInvoices().length);
    t.ok(events.some((e) => e.event === 'progress'));

    const resumeFrom = 5;
    const resumed = await app.inject({
      method: 'GET',
      url: job.links.events,
      headers: { 'last-event-id': String(resumeFrom) },
    });
    const replayed = parseSse(resumed.body);
    t.same(
      replayed.map((e) => e.id),
      events.slice(resumeFrom).map((e) => e.id),
      'only what came after Last-Event-ID',
    );
    const byQuery = await app.inject({
      method: 'GET',
      url: `${job.links.events}?last_event_id=${events.length - 1}`,
    });
    t.same(
      parseSse(byQuery.body).map((e) => e.event),
      ['done'],
    );
    const atEnd = await app.inject({
      method: 'GET',
      url: job.links.events,
      headers: { 'last-event-id': String(events.length) },
    });
    t.equal(atEnd.statusCode, 200, 'resumed after done');
    t.match(
      atEnd.headers['content-type'],
      /^text\/event-stream/,
      'still an event stream, with nothing in it',
    );
    t.same(parseSse(atEnd.body), []);

    const state = await app.inject({ method: 'GET', url: job.links.self });
    t.equal(state.json().state, 'succeeded');
  },
);

t.test('POST /analyze-invoices-stream answers with the job events at once', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices-stream',
    payload: sampleClaim(),
  });
  t.equal(res.statusCode, 200);
  const events = parseSse(res.body);
  t.equal(events[0]?.event, 'job');
  t.equal(events.at(-1)?.event, 'done');
  t.equal(events.at(-1)?.data.summary.analysed, sampleZipInvoices().length);
  t.match(res.headers.location, /^\/api\/v1\/jobs\//);
});

t.test('an unknown job is a 404 problem, also for its event stream', async (t) => {
  const app = await buildTestApp(t);
  for (const url of ['/api/v1/jobs/nope', '/api/v1/jobs/nope/events']) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 404, url);
    t.match(res.headers['content-type'], /problem\+json/);
  }
});

t.test(
  'idle streams carry a named ping event and the request id, over a real socket',
  async (t) => {
    // No worker: the job stays queued, so its stream is idle after the `job` event.
    const app = await buildTestApp(t, { env: { SSE_PING_MS: '100', RUN_WORKER: 'false' } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const created = (
      await app.inject({ method: 'POST', url: '/api/v1/jobs', payload: sampleClaim() })
    ).json();
    const { port } = app.server.address() as { port: number };
    const controller = new AbortController();
    t.teardown(() => controller.abort());
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/jobs/${created.id}/events`, {
      signal: controller.signal,
      headers: { 'x-request-id': 'stream-request-0001' },
    });
    t.equal(response.status, 200);
    t.equal(response.headers.get('x-request-id'), 'stream-request-0001');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('event: ping')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const events = parseSse(text.slice(0, text.lastIndexOf('\n\n') + 2), { withPings: true });
    t.equal(events[0]?.event, 'job');
    t.ok(
      events.some((e) => e.event === 'ping'),
      'a ping arrived while the job was idle',
    );
    controller.abort();
  },
);

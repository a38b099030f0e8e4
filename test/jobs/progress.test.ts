/**
 * Progress as a client draws it: `done` of `total` climbs one document at a time, also for files
 * claimed before (every claim decides its own files).
 */

import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { parseSse, sampleClaim, sampleZipInvoices } from '../helpers/claims.js';

const progressOf = (events: ReturnType<typeof parseSse>) =>
  events
    .filter((e) => e.event === 'progress')
    .map((e) => e.data as { stage: string; total: number; done: number });

t.test('extracting progress counts every document once, in order, up to the total', async (t) => {
  const total = sampleZipInvoices().length;
  const app = await buildTestApp(t);
  const events = parseSse(
    (
      await app.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices-stream',
        payload: sampleClaim(),
      })
    ).body,
  );
  const extracting = progressOf(events).filter((p) => p.stage === 'extracting');
  t.same(
    extracting.map((p) => p.done),
    Array.from({ length: total + 1 }, (_, done) => done),
    'one step per document, none repeated or skipped',
  );
  t.ok(extracting.every((p) => p.total === total));
  t.equal(events.filter((e) => e.event === 'document').length, total);
});

t.test('a re-upload is decided again, each document answered as a copy', async (t) => {
  const total = sampleZipInvoices().length;
  const app = await buildTestApp(t);
  await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: sampleClaim() });
  const events = parseSse(
    (
      await app.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices-stream',
        payload: sampleClaim(),
      })
    ).body,
  );
  const documents = events.filter((e) => e.event === 'document');
  t.equal(documents.length, total, 'a document event for every invoice');
  t.ok(documents.every((e) => e.data.reused === false && typeof e.data.duplicate_of === 'string'));
  t.same(
    progressOf(events)
      .filter((p) => p.stage === 'extracting')
      .map((p) => p.done),
    Array.from({ length: total + 1 }, (_, done) => done),
    'one step per document, as for a first claim',
  );
  t.equal(events.at(-1)?.event, 'done');
  t.equal(events.at(-1)?.data.counts.done, total);
});

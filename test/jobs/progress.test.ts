/**
 * Progress as a client draws it: `done` of `total` climbs one document at a time, and documents
 * analysed before are answered (and counted) as soon as they are recognised.
 */

import { resolve } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { claimForm, IAI_DIR, parseSse } from '../helpers/claims.js';
import { requireDataset } from '../helpers/datasets.js';

requireDataset('iai-2024');

const meals = () =>
  claimForm({ employee_name: 'Rani Sharma', claim_date: '2024-12-31' }, [
    { field: 'policy_file', path: resolve(IAI_DIR, 'policy.pdf') },
    { field: 'invoices_zip', path: resolve(IAI_DIR, 'meal-invoices.zip') },
  ]);

const progressOf = (events: ReturnType<typeof parseSse>) =>
  events
    .filter((e) => e.event === 'progress')
    .map((e) => e.data as { stage: string; total: number; done: number });

t.test('extracting progress counts every document once, in order, up to the total', async (t) => {
  const app = await buildTestApp(t);
  const events = parseSse(
    (await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices-stream', payload: meals() }))
      .body,
  );
  const extracting = progressOf(events).filter((p) => p.stage === 'extracting');
  t.same(
    extracting.map((p) => p.done),
    [0, 1, 2, 3, 4, 5, 6, 7, 8],
    'one step per document, none repeated or skipped',
  );
  t.ok(extracting.every((p) => p.total === 8));
  t.equal(events.filter((e) => e.event === 'document').length, 8);
});

t.test('a re-upload answers its known documents at once, before any extraction', async (t) => {
  const app = await buildTestApp(t);
  await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: meals() });
  const events = parseSse(
    (await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices-stream', payload: meals() }))
      .body,
  );
  const documents = events.filter((e) => e.event === 'document');
  t.equal(documents.length, 8, 'a document event for every reused invoice');
  t.ok(documents.every((e) => e.data.reused === true));
  t.match(
    progressOf(events).find((p) => p.stage === 'extracting'),
    { stage: 'extracting', total: 8, done: 8 },
    'all done as soon as they are recognised',
  );
  t.equal(events.at(-1)?.event, 'done');
  t.equal(events.at(-1)?.data.counts.done, 8);
});

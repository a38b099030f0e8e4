/**
 * A ticket claimed again in a later claim is flagged even when its date falls in another month
 * than the claim's: IAI Book 4 (July 2024) and Book 9 (May 2024) carry the same ticket number.
 */

import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import t from 'tap';
import { DEFAULT_ARCHIVE_LIMITS, expandArchive } from '../../src/pipeline/ingest/archive.js';
import { buildTestApp } from '../helpers/app.js';
import { claimForm, IAI_DIR } from '../helpers/claims.js';
import { requireDataset } from '../helpers/datasets.js';
import { tempDir } from '../ingest/ingest-fixtures.js';

requireDataset('iai-2024');

t.test(
  'the same ticket in an earlier claim of another month is a possible duplicate',
  async (t) => {
    const dir = await tempDir(t, 'duplicates-');
    const travel = await expandArchive(resolve(IAI_DIR, 'travel-bills.zip'), {
      archiveName: 'travel-bills.zip',
      outDir: join(dir, 'travel'),
      limits: DEFAULT_ARCHIVE_LIMITS,
    });
    const book = async (name: string) =>
      readFile(travel.entries.find((entry) => entry.name === `Travel Bill/${name}`)!.path);
    const claim = async (name: string) =>
      claimForm({ employee_name: 'Rani Sharma', claim_date: '2024-08-15' }, [
        { field: 'policy_file', path: resolve(IAI_DIR, 'policy.pdf'), type: 'application/pdf' },
        { field: 'invoice_files', bytes: await book(name), name, type: 'application/pdf' },
      ]);
    const app = await buildTestApp(t);

    const first = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        payload: await claim('Book 9.pdf'),
      })
    ).json();
    t.match(first.results[0], { outcome: 'analysed', fields: { date: { value: '2024-05-22' } } });
    t.notOk(first.results[0].flags.includes('possible_duplicate'), 'alone, nothing to duplicate');

    const second = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        payload: await claim('Book 4.pdf'),
      })
    ).json();
    t.match(second.results[0], { outcome: 'analysed', fields: { date: { value: '2024-07-25' } } });
    t.ok(second.results[0].flags.includes('possible_duplicate'), 'flagged against the May claim');
    t.match(
      second.results[0].reason,
      /possible duplicate of earlier invoice .*GM7QSXU1SR5S1455 of 2024-05-22 \(same ticket number\)/,
    );
  },
);

t.test(
  'the same file twice in one claim is decided and counted once; the copy says so',
  async (t) => {
    const dir = await tempDir(t, 'duplicates-');
    const meals = await expandArchive(resolve(IAI_DIR, 'meal-invoices.zip'), {
      archiveName: 'meal-invoices.zip',
      outDir: join(dir, 'meals'),
      limits: DEFAULT_ARCHIVE_LIMITS,
    });
    const bytes = await readFile(
      meals.entries.find((entry) => entry.name === 'Meal Invoice 2.pdf')!.path,
    );
    const app = await buildTestApp(t);
    const claim = claimForm({ employee_name: 'Rani Sharma', claim_date: '2024-12-31' }, [
      { field: 'policy_file', path: resolve(IAI_DIR, 'policy.pdf'), type: 'application/pdf' },
      { field: 'invoice_files', bytes, name: 'dinner.pdf', type: 'application/pdf' },
      { field: 'invoice_files', bytes, name: 'dinner-again.pdf', type: 'application/pdf' },
    ]);
    const job = (
      await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: claim })
    ).json();
    const byName = new Map<string, any>(job.results.map((r: { name: string }) => [r.name, r]));
    t.match(
      byName.get('dinner-again.pdf'),
      { outcome: 'analysed' },
      'the first name in order is decided',
    );
    t.match(byName.get('dinner.pdf'), {
      outcome: 'failed',
      error: { code: 'duplicate_file', message: /same file as dinner-again\.pdf/ },
    });
    t.match(job.summary, { analysed: 1, failed: 1 });
    t.equal(
      job.summary.claimed_minor,
      byName.get('dinner-again.pdf').claimed.amount_minor,
      'claimed once',
    );
    t.same(job.counts, { total: 2, done: 2, analysed: 1, failed: 1 });
  },
);

/**
 * A ticket claimed again in a later claim is flagged even when its date falls in another month
 * than the claim's; the same file twice in one claim is read once and both copies are decided
 * and flagged (more in test/pipeline/in-claim-duplicates.test.ts).
 */

import { resolve } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import {
  claimForm,
  SAMPLES_DIR,
  sampleExpected,
  sampleZipEntries,
  sampleZipInvoices,
} from '../helpers/claims.js';
import { makePdf } from '../ingest/ingest-fixtures.js';

const samplePolicy = {
  field: 'policy_file',
  path: resolve(SAMPLES_DIR, 'policy.pdf'),
  type: 'application/pdf',
} as const;

/** One bus ticket; the same ticket number printed for a journey on `journeyDate` (DD/MM/YYYY). */
const ticket = (journeyDate: string) =>
  makePdf([
    [
      'Deccan Night Coaches',
      'Bus E-Ticket',
      'Ticket No: DNC7Q2K9',
      `Date of Journey: ${journeyDate}`,
      `Passenger: ${sampleExpected().employee_name}`,
      'Total Fare: INR 1,180.00',
    ],
  ]);

t.test(
  'the same ticket in an earlier claim of another month is a possible duplicate',
  async (t) => {
    const { employee_name } = sampleExpected();
    const claim = async (name: string, journeyDate: string, claimDate: string) =>
      claimForm({ employee_name, claim_date: claimDate }, [
        samplePolicy,
        {
          field: 'invoice_files',
          bytes: await ticket(journeyDate),
          name,
          type: 'application/pdf',
        },
      ]);
    const app = await buildTestApp(t);

    const first = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        payload: await claim('september-bus.pdf', '28/09/2026', '2026-10-05'),
      })
    ).json();
    t.match(first.results[0], { outcome: 'analysed', fields: { date: { value: '2026-09-28' } } });
    t.notOk(first.results[0].flags.includes('possible_duplicate'), 'alone, nothing to duplicate');

    const second = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        payload: await claim('october-bus.pdf', '20/10/2026', '2026-10-31'),
      })
    ).json();
    t.match(second.results[0], { outcome: 'analysed', fields: { date: { value: '2026-10-20' } } });
    t.ok(
      second.results[0].flags.includes('possible_duplicate'),
      'flagged against the September claim',
    );
    t.match(
      second.results[0].reason,
      /possible duplicate of earlier invoice .*DNC7Q2K9 of 2026-09-28 \(same ticket number\)/,
    );
  },
);

t.test(
  'the same file twice in one claim: both decided and flagged, counted once; the copy says so',
  async (t) => {
    const { employee_name, claim_date } = sampleExpected();
    const [entry] = await sampleZipEntries();
    const want = sampleZipInvoices().find((invoice) => invoice.file === entry?.name);
    if (!entry || !want) throw new Error('the sample ZIP and expected.json disagree');
    const bytes = entry.data;
    const app = await buildTestApp(t);
    const claim = claimForm({ employee_name, claim_date }, [
      samplePolicy,
      { field: 'invoice_files', bytes, name: 'dinner.pdf', type: 'application/pdf' },
      { field: 'invoice_files', bytes, name: 'dinner-again.pdf', type: 'application/pdf' },
    ]);
    const job = (
      await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: claim })
    ).json();
    const byName = new Map<string, any>(job.results.map((r: { name: string }) => [r.name, r]));
    const first = byName.get('dinner-again.pdf');
    const copy = byName.get('dinner.pdf');
    t.match(
      first,
      { outcome: 'analysed', claimed: { amount_minor: want.claimed_minor }, duplicate_of: null },
      'the first name in order is decided',
    );
    t.match(copy, {
      outcome: 'analysed',
      claimed: { amount_minor: want.claimed_minor },
      reimbursable: first.reimbursable,
      status: first.status,
      duplicate_of: first.invoice_id,
      reason: /same file as dinner-again\.pdf in this claim/,
    });
    t.ok(first.flags.includes('possible_duplicate'), 'the first is flagged');
    t.ok(copy.flags.includes('possible_duplicate'), 'the copy is flagged');
    t.match(job.summary, { analysed: 2, failed: 0, copies: { count: 1 } });
    t.equal(job.summary.claimed_minor, want.claimed_minor, 'claimed once');
    t.same(job.counts, { total: 2, done: 2, analysed: 2, failed: 0 });
  },
);

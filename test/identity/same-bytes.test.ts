/**
 * The same file in another claim is an invoice of that claim: decided for it, under its own id,
 * flagged possible_duplicate against the earlier one (whose claim the note names), and counted
 * once in totals, whoever it was filed for. Runs on one invoice of the repository's sample claim.
 */
import t, { type Test } from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { sampleZipInvoices, splitSampleClaim } from '../helpers/claims.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';

const [invoice] = sampleZipInvoices().filter((i) => i.expected_status === 'fully_reimbursed');
if (!invoice) throw new Error('the sample claim has no invoice reimbursed in full');
const claim = splitSampleClaim((candidate) => candidate.file === invoice.file).matching;

async function setup(t: Test) {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const fiona = bearer(await tokenFor(USERS.fiona));
  const file = async (fields: Record<string, string>) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      headers: fiona,
      payload: await claim.form(fields),
    });
    t.equal(res.statusCode, 200, res.statusCode === 200 ? 'filed' : res.body);
    return res.json();
  };
  return { app, file };
}

t.test('finance filing the same file for a second employee gets a record of its own', async (t) => {
  const { app, file } = await setup(t);
  const first = await file({ employee_name: 'Priya Nair', employee_id: 'e-1' });
  const second = await file({ employee_name: 'Meera Iyer', employee_id: 'e-2' });
  const [a] = first.results;
  const [b] = second.results;

  t.not(b.invoice_id, a.invoice_id, 'not the first employee’s record');
  t.equal(b.reused, false);
  t.equal(b.duplicate_of, a.invoice_id);
  t.ok(b.flags.includes('possible_duplicate'));
  t.match(b.reason, new RegExp(`invoice ${a.invoice_id} of claim ${first.id}`));
  t.notMatch(b.reason, /Priya/, 'the other employee’s name is not theirs to read');
  t.equal(b.reimbursable.amount_minor, invoice.expected_reimbursable_minor, 'decided on its own');

  const stored = await app.services.invoices.get(b.invoice_id);
  t.match(stored, { employee_id: 'e-2', employee_name: 'Meera Iyer', job_id: second.id });
  const original = await app.services.invoices.get(a.invoice_id);
  t.match(original, { employee_id: 'e-1', job_id: first.id, duplicate_of: null });
  t.notOk(original?.flags.includes('possible_duplicate'), 'the earlier record is untouched');

  // Totals: the claim's summary and every aggregate count the file once.
  t.equal(second.summary.reimbursable_minor, 0);
  t.same(second.summary.copies, {
    count: 1,
    claimed_minor: invoice.claimed_minor,
    reimbursable_minor: invoice.expected_reimbursable_minor,
  });
  t.match(second.summary, { documents: 1, analysed: 1, failed: 0 });
  const [total] = await app.services.invoices.aggregate({}, []);
  t.match(total, { count: 1, reimbursable_minor: invoice.expected_reimbursable_minor });
  const byEmployee = await app.services.invoices.aggregate({ employee_id: 'e-2' }, []);
  t.same(byEmployee, [], 'the copy adds nothing to the second employee’s totals');
  const listed = await app.services.invoices.list({}, { limit: 10 });
  t.equal(listed.items.length, 2, 'both records are stored and listed');
});

t.test('the same employee filing the same file in a later claim', async (t) => {
  const { app, file } = await setup(t);
  const fields = { employee_name: 'Priya Nair', employee_id: 'e-1' };
  const first = await file(fields);
  const again = await file(fields);
  const [a] = first.results;
  const [b] = again.results;
  t.not(b.invoice_id, a.invoice_id);
  t.equal(b.duplicate_of, a.invoice_id);
  t.ok(b.flags.includes('possible_duplicate'));
  t.match(b.reason, `the same file as invoice ${a.invoice_id} of claim ${first.id}`);
  t.equal(again.summary.reimbursable_minor, 0);
  const third = await file(fields);
  t.equal(third.results[0].duplicate_of, a.invoice_id, 'a copy of a copy names the first');
  const [total] = await app.services.invoices.aggregate({}, []);
  t.match(total, { count: 1, reimbursable_minor: a.reimbursable.amount_minor });
});

t.test('a copy does not spend the allowance a second time', async (t) => {
  const { app } = await setup(t);
  const fiona = bearer(await tokenFor(USERS.fiona));
  const rides = sampleZipInvoices().filter((i) => i.category === 'cab');
  const first = rides.find((r) => r.expected_status === 'fully_reimbursed');
  const second = rides.find((r) => r.expected_status === 'partially_reimbursed');
  if (!first || !second) throw new Error('the sample claim no longer has two cab rides of one day');
  const file = async (ride: typeof first) =>
    (
      await app.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        headers: fiona,
        payload: await splitSampleClaim((c) => c.file === ride.file).matching.form({
          employee_name: 'Priya Nair',
          employee_id: 'e-1',
        }),
      })
    ).json();
  await file(first);
  const copy = await file(first);
  t.ok(copy.results[0].duplicate_of, 'the same ride filed twice');
  const later = await file(second);
  t.equal(
    later.results[0].reimbursable.amount_minor,
    second.expected_reimbursable_minor,
    'the day’s allowance is spent by the first ride once, not by its copy as well',
  );
});

t.test('a copy is decided as its original was, not capped by its own original', async (t) => {
  const { app } = await setup(t);
  const fiona = bearer(await tokenFor(USERS.fiona));
  const rides = splitSampleClaim((c) => c.category === 'cab').matching;
  if (rides.invoices.length < 2) throw new Error('the sample claim no longer has two cab rides');
  const file = async () =>
    (
      await app.inject({
        method: 'POST',
        url: '/api/v1/analyze-invoices',
        headers: fiona,
        payload: await rides.form({ employee_name: 'Priya Nair', employee_id: 'e-1' }),
      })
    ).json();
  const first = await file();
  const again = await file();
  const amounts = (job: {
    results: Array<{ name: string; reimbursable: { amount_minor: number } }>;
  }) => Object.fromEntries(job.results.map((r) => [r.name, r.reimbursable.amount_minor]));
  t.same(amounts(again), amounts(first), 'each copy keeps the amount its original was given');
  t.ok(again.results.every((r: { duplicate_of: string | null }) => r.duplicate_of));
  t.equal(again.summary.copies.reimbursable_minor, first.summary.reimbursable_minor);
});

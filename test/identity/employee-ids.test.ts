/**
 * Employees have a stable id, names are labels: finance names the employee with `employee_id`,
 * an employee filing for themselves is their token's subject. Shared caps count per id, and the
 * employee a claim was filed for may read it (not change it). Runs on the repository's sample
 * claim: its two cab rides of one day share the policy's daily cab allowance (samples/README.md).
 */
import t, { type Test } from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { type ExpectedInvoice, sampleZipInvoices, splitSampleClaim } from '../helpers/claims.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';

/** The two rides of one day: the first within the day's allowance, the second over what is left. */
function sameDayRides(): { first: ExpectedInvoice; second: ExpectedInvoice } {
  const rides = sampleZipInvoices().filter((invoice) => invoice.category === 'cab');
  const first = rides.find((r) => r.expected_status === 'fully_reimbursed');
  const second = rides.find((r) => r.expected_status === 'partially_reimbursed');
  if (!first || !second || first.invoice_date !== second.invoice_date)
    throw new Error('the sample claim no longer has two cab rides of one day');
  return { first, second };
}

const only = (invoice: ExpectedInvoice) =>
  splitSampleClaim((candidate) => candidate.file === invoice.file).matching;

/** "Priya Nair" → "Nair, Priya": the same person, another spelling of the name. */
const respelt = (name: string) => name.split(' ').reverse().join(', ');

async function setup(t: Test) {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const tokens = {
    asha: bearer(await tokenFor(USERS.asha)),
    ravi: bearer(await tokenFor(USERS.ravi)),
    fiona: bearer(await tokenFor(USERS.fiona)),
  };
  const file = async (
    headers: Record<string, string>,
    invoice: ExpectedInvoice,
    fields: Record<string, string>,
  ) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      headers,
      payload: await only(invoice).form(fields),
    });
    t.equal(res.statusCode, 200, res.statusCode === 200 ? 'filed' : res.body);
    return res.json();
  };
  return { app, tokens, file };
}

t.test('one person spelt two ways shares one cap when finance names the same id', async (t) => {
  const { tokens, file } = await setup(t);
  const { first, second } = sameDayRides();
  const name = 'Priya Nair';
  await file(tokens.fiona, first, { employee_name: name, employee_id: 'e-100' });
  const later = await file(tokens.fiona, second, {
    employee_name: respelt(name),
    employee_id: 'e-100',
  });
  t.match(later.results[0], {
    status: 'partially_reimbursed',
    reimbursable: { amount_minor: second.expected_reimbursable_minor },
  });
});

t.test('two people with one name do not share a cap', async (t) => {
  const { tokens, file } = await setup(t);
  const { first, second } = sameDayRides();
  const name = 'Priya Nair';
  await file(tokens.fiona, first, { employee_name: name, employee_id: 'e-100' });
  const other = await file(tokens.fiona, second, { employee_name: name, employee_id: 'e-200' });
  t.match(other.results[0], {
    status: 'fully_reimbursed',
    reimbursable: { amount_minor: second.claimed_minor },
  });
  t.notOk(other.results[0].flags.includes('possible_duplicate'), 'nothing of e-200 to duplicate');
});

t.test('without employee_id finance claims are keyed by the name, as documented', async (t) => {
  const { app, tokens, file } = await setup(t);
  const { first, second } = sameDayRides();
  await file(tokens.fiona, first, { employee_name: 'Priya Nair' });
  const same = await file(tokens.fiona, second, { employee_name: 'PRIYA  nair' });
  t.equal(
    same.results[0].reimbursable.amount_minor,
    second.expected_reimbursable_minor,
    'one spelling after normalisation: one person',
  );
  const stored = await app.services.invoices.get(same.results[0].invoice_id);
  t.equal(stored?.employee_id, 'name:priya nair');
});

t.test('an employee files as their own subject, whatever id they send', async (t) => {
  const { app, tokens, file } = await setup(t);
  const { first } = sameDayRides();
  const own = await file(tokens.asha, first, { employee_name: USERS.asha.name });
  const stored = await app.services.invoices.get(own.results[0].invoice_id);
  t.equal(stored?.employee_id, USERS.asha.sub);
  t.equal(stored?.employee_name, USERS.asha.name, 'the name stays, as a label');

  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers: tokens.asha,
    payload: await only(first).form({
      employee_name: USERS.asha.name,
      employee_id: USERS.ravi.sub,
    }),
  });
  t.equal(res.statusCode, 403);
  t.equal(res.json().code, 'employee_mismatch');

  const blank = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers: tokens.fiona,
    payload: await only(first).form({ employee_name: 'X', employee_id: 'has space' }),
  });
  t.equal(blank.statusCode, 400);
  t.equal(blank.json().errors[0].pointer, 'employee_id');
});

t.test('an employee reads, read-only, the claim finance filed for them', async (t) => {
  const { app, tokens } = await setup(t);
  const { first } = sameDayRides();
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: tokens.fiona,
    payload: await only(first).form({
      employee_name: USERS.asha.name,
      employee_id: USERS.asha.sub,
    }),
  });
  t.equal(created.statusCode, 202, created.statusCode === 202 ? 'accepted' : created.body);
  const jobId = created.json().id;
  t.equal(created.json().employee_id, USERS.asha.sub);
  let job = created.json();
  for (let tries = 0; job.state !== 'succeeded' && job.state !== 'failed' && tries < 600; tries++) {
    await new Promise((done) => setTimeout(done, 50));
    job = (
      await app.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}`, headers: tokens.fiona })
    ).json();
  }
  t.equal(job.state, 'succeeded');
  const invoiceId = job.results[0].invoice_id;

  const asJob = await app.inject({
    method: 'GET',
    url: `/api/v1/jobs/${jobId}`,
    headers: tokens.asha,
  });
  t.equal(asJob.statusCode, 200, 'the employee sees the job filed for them');
  const asInvoice = await app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${invoiceId}`,
    headers: tokens.asha,
  });
  t.equal(asInvoice.statusCode, 200, 'and the invoice');
  t.equal(asInvoice.json().employee_id, USERS.asha.sub);
  const listed = await app.inject({ method: 'GET', url: '/api/v1/invoices', headers: tokens.asha });
  t.same(
    listed.json().items.map((item: { id: string }) => item.id),
    [invoiceId],
    'and finds it in her list',
  );

  const deleted = await app.inject({
    method: 'DELETE',
    url: `/api/v1/invoices/${invoiceId}`,
    headers: tokens.asha,
  });
  t.equal(deleted.statusCode, 403, 'but may not delete it');
  const overridden = await app.inject({
    method: 'PATCH',
    url: `/api/v1/invoices/${invoiceId}/decision`,
    headers: { ...tokens.asha, 'if-match': asInvoice.headers.etag as string },
    payload: { status: 'declined', reimbursable_minor: 0, reason: 'mine to change?' },
  });
  t.equal(overridden.statusCode, 403, 'nor override it');

  for (const url of [`/api/v1/jobs/${jobId}`, `/api/v1/invoices/${invoiceId}`]) {
    const res = await app.inject({ method: 'GET', url, headers: tokens.ravi });
    t.equal(res.statusCode, 404, `another employee does not see ${url}`);
  }
  const ravisList = await app.inject({
    method: 'GET',
    url: '/api/v1/invoices',
    headers: tokens.ravi,
  });
  t.same(ravisList.json().items, []);
});

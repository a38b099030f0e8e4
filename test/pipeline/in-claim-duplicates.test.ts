/**
 * Duplicates inside one claim are flagged on every copy and each copy keeps its amount: the same
 * file twice (under two names in the ZIP) is read once and both copies carry that decision, the
 * later naming the first (duplicate_of, left out of the totals); one purchase filed as two
 * different files (the ticket and the invoice of one booking) is flagged on both by the booking
 * reference they share and their equal total.
 */
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { invoiceId } from '../../src/store/invoice-key.js';
import { buildTestApp } from '../helpers/app.js';
import { claimForm, SAMPLES_DIR, sampleExpected } from '../helpers/claims.js';
import { sha256 } from '../helpers/documents.js';
import { makePdf, makeZip } from '../ingest/ingest-fixtures.js';

const policy = {
  field: 'policy_file',
  path: resolve(SAMPLES_DIR, 'policy.pdf'),
  type: 'application/pdf',
} as const;

const passenger = () => sampleExpected().employee_name;

/** A coach e-ticket of booking `reference`, costing `total` rupees. */
const eTicket = (reference: string, total: string, journey = '14/10/2026') =>
  makePdf([
    [
      'Silverline Intercity Coaches',
      'Bus E-Ticket',
      `Booking reference: ${reference}`,
      `Date of Journey: ${journey}`,
      `Passenger: ${passenger()}`,
      `Total Fare: INR ${total}`,
    ],
  ]);

/** The operator's tax invoice of the same booking: another layout, a number of its own. */
const taxInvoice = (number: string, reference: string, total: string) =>
  makePdf([
    [
      'Silverline Intercity Coaches Pvt Ltd',
      'TAX INVOICE',
      `Invoice No: ${number}`,
      'Invoice Date: 12/10/2026',
      `PNR: ${reference}`,
      `Billed to: ${passenger()}`,
      'Coach fare, seat 14B',
      `Total: INR ${total}`,
    ],
  ]);

interface Result {
  name: string;
  outcome: string;
  invoice_id: string | null;
  status: string | null;
  claimed: { amount_minor: number } | null;
  reimbursable: { amount_minor: number } | null;
  reason: string | null;
  flags: string[];
  duplicate_of?: string | null;
  error: { code: string; message: string } | null;
}

async function analyse(
  app: FastifyInstance,
  zip: Buffer,
  fields: Record<string, string> = {},
): Promise<{ id: string; results: Result[]; summary: Record<string, any>; counts: unknown }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    payload: claimForm({ employee_name: passenger(), claim_date: '2026-10-31', ...fields }, [
      policy,
      { field: 'invoices_zip', bytes: zip, name: 'claim.zip', type: 'application/zip' },
    ]),
  });
  if (response.statusCode !== 200) throw new Error(response.body);
  const job = response.json();
  return { id: job.job_id ?? job.id, ...job };
}

const byName = (results: Result[]) => new Map(results.map((result) => [result.name, result]));

t.test('the same file twice in one ZIP: both decided alike, both flagged', async (t) => {
  // Documents are taken in name order: the first name is the first copy.
  const ticket = await eTicket('SLC7Q2K9X', '1,180.00');
  const app = await buildTestApp(t);
  const job = await analyse(
    app,
    await makeZip([
      { name: 'Bus/to the plant.pdf', data: ticket },
      { name: 'Downloads/ticket (1).pdf', data: ticket },
    ]),
  );
  const results = byName(job.results);
  const first = results.get('Bus/to the plant.pdf');
  const copy = results.get('Downloads/ticket (1).pdf');
  if (!first || !copy) throw new Error('both copies have a result');
  for (const result of [first, copy]) {
    t.equal(result.outcome, 'analysed', `${result.name} is decided`);
    t.equal(result.claimed?.amount_minor, 118_000, `${result.name} keeps its amount`);
    t.ok(result.flags.includes('possible_duplicate'), `${result.name} is flagged`);
  }
  t.equal(copy.status, first.status, 'decided as the first');
  t.equal(copy.reimbursable?.amount_minor, first.reimbursable?.amount_minor);
  t.equal(first.duplicate_of ?? null, null, 'the first copies nothing');
  t.equal(copy.duplicate_of, first.invoice_id, 'the later copy names the first');
  t.not(copy.invoice_id, first.invoice_id, 'each copy is an invoice of its own');
  t.match(first.reason, /the same file as Downloads\/ticket \(1\)\.pdf in this claim/);
  t.match(copy.reason, /the same file as Bus\/to the plant\.pdf in this claim/);
  t.equal(
    first.invoice_id,
    invoiceId(job.id, sha256(ticket)),
    'the first keeps the id invoices always had',
  );

  t.equal(job.summary.claimed_minor, 118_000, 'counted once in the totals');
  t.equal(job.summary.reimbursable_minor, first.reimbursable?.amount_minor);
  t.same(job.summary.copies, {
    count: 1,
    claimed_minor: 118_000,
    reimbursable_minor: copy.reimbursable?.amount_minor,
  });
  t.match(job.summary, { documents: 2, analysed: 2, failed: 0 });
  t.same(job.counts, { total: 2, done: 2, analysed: 2, failed: 0 });

  const stored = await app.inject({ method: 'GET', url: `/api/v1/invoices/${copy.invoice_id}` });
  t.equal(stored.statusCode, 200, 'the copy is stored');
  t.match(stored.json(), { duplicate_of: first.invoice_id, file_name: 'Downloads/ticket (1).pdf' });
});

t.test('three copies: every later copy names the first, each with an id of its own', async (t) => {
  const ticket = await eTicket('SLC5M8R2T', '640.00');
  const app = await buildTestApp(t);
  const job = await analyse(
    app,
    await makeZip([
      { name: 'a.pdf', data: ticket },
      { name: 'b.pdf', data: ticket },
      { name: 'c.pdf', data: ticket },
    ]),
  );
  const [a, b, c] = ['a.pdf', 'b.pdf', 'c.pdf'].map((name) => byName(job.results).get(name));
  t.ok(a && b && c);
  t.same(
    [a, b, c].map((result) => result?.flags.includes('possible_duplicate')),
    [true, true, true],
  );
  t.equal(b?.duplicate_of, a?.invoice_id);
  t.equal(c?.duplicate_of, a?.invoice_id);
  t.equal(new Set([a, b, c].map((result) => result?.invoice_id)).size, 3);
  t.match(a?.reason, /the same file as b\.pdf, c\.pdf in this claim/);
  t.equal(job.summary.claimed_minor, 64_000);
  t.equal(job.summary.copies.count, 2);
});

t.test('a copy of a file that is no invoice fails as that file does', async (t) => {
  const blank = await makePdf([['Thank you for visiting']]);
  const app = await buildTestApp(t);
  const job = await analyse(
    app,
    await makeZip([
      { name: 'scan.pdf', data: blank },
      { name: 'scan again.pdf', data: blank },
    ]),
  );
  const results = byName(job.results);
  const first = results.get('scan.pdf');
  const copy = results.get('scan again.pdf');
  t.equal(first?.outcome, 'failed');
  t.equal(copy?.outcome, 'failed');
  t.equal(copy?.error?.code, first?.error?.code, 'the same code');
  t.not(copy?.error?.code, 'duplicate_file', 'no longer a failure of its own');
});

t.test('the ticket and the invoice of one booking are both flagged', async (t) => {
  const app = await buildTestApp(t);
  const job = await analyse(
    app,
    await makeZip([
      { name: 'Travel/e-ticket.pdf', data: await eTicket('SLC4HX7Q2', '1,450.00') },
      {
        name: 'Travel/invoice.pdf',
        data: await taxInvoice('SIC/26-27/004418', 'SLC4HX7Q2', '1,450.00'),
      },
      // Another journey at the same price: equal amounts alone are no duplicate.
      { name: 'Travel/other journey.pdf', data: await eTicket('SLC9ZZ41K', '1,450.00') },
    ]),
  );
  const results = byName(job.results);
  const ticket = results.get('Travel/e-ticket.pdf');
  const invoice = results.get('Travel/invoice.pdf');
  const other = results.get('Travel/other journey.pdf');
  for (const result of [ticket, invoice]) {
    t.equal(result?.outcome, 'analysed');
    t.ok(result?.flags.includes('possible_duplicate'), `${result?.name} is flagged`);
    t.equal(result?.claimed?.amount_minor, 145_000, 'keeps its amount');
    t.equal(result?.duplicate_of ?? null, null, 'different files: neither is a copy');
  }
  t.match(ticket?.reason, /possible duplicate of Travel\/invoice\.pdf \(same reference SLC4HX7Q2/);
  t.match(invoice?.reason, /possible duplicate of Travel\/e-ticket\.pdf/);
  t.notOk(other?.flags.includes('possible_duplicate'), 'the other journey is not flagged');
  t.equal(job.summary.claimed_minor, 3 * 145_000, 'both stay in the totals for review');
});

t.test('the same booking reference with another total is not flagged', async (t) => {
  // One booking, two legs invoiced apart: each invoice has its own number and price.
  const app = await buildTestApp(t);
  const job = await analyse(
    app,
    await makeZip([
      { name: 'outward.pdf', data: await taxInvoice('SIC/26-27/005101', 'SLC2PL8W3', '720.00') },
      { name: 'return.pdf', data: await taxInvoice('SIC/26-27/005102', 'SLC2PL8W3', '760.00') },
    ]),
  );
  t.equal(job.results.length, 2);
  for (const result of job.results) {
    t.equal(result.outcome, 'analysed');
    t.notOk(result.flags.includes('possible_duplicate'), `${result.name} is not flagged`);
  }
});

t.test('the invoice of a booking whose ticket an earlier claim filed is flagged', async (t) => {
  const app = await buildTestApp(t);
  const earlier = await analyse(
    app,
    await makeZip([
      { name: 'ticket.pdf', data: await eTicket('SLC8DD3N6', '980.00', '02/09/2026') },
    ]),
    { claim_date: '2026-09-30' },
  );
  t.notOk(earlier.results[0]?.flags.includes('possible_duplicate'));
  const later = await analyse(
    app,
    await makeZip([
      { name: 'invoice.pdf', data: await taxInvoice('SIC/26-27/007730', 'SLC8DD3N6', '980.00') },
    ]),
  );
  const [invoice] = later.results;
  t.ok(invoice?.flags.includes('possible_duplicate'), 'flagged against the earlier ticket');
  t.match(invoice?.reason, /possible duplicate of earlier invoice .*\(same reference SLC8DD3N6/);
  t.equal(invoice?.claimed?.amount_minor, 98_000, 'keeps its amount');
});

/**
 * A preview treats duplicates as a claim does: the same file twice is decided once and both
 * copies are shown, flagged, the later one out of the totals; sample facts that share an invoice
 * number and a total are flagged on both.
 */
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { claimForm } from '../helpers/claims.js';
import { jwtEnv } from '../helpers/tokens.js';
import {
  auth,
  createPolicy,
  jsonFile,
  mealReceipt,
  policyText,
  rulesV2Json,
  textFile,
  USERS,
} from './fixtures.js';

t.test('the same file twice in a previewed upload: both shown and flagged', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const policy = await createPolicy(app, USERS.fiona, textFile(policyText(30)));
  const receipt = await mealReceipt({ number: '77120', date: '12/03/2026', total: '24.00' });
  const form = claimForm({ employee_name: 'Priya Nair', claim_date: '2026-03-20' }, [
    { field: 'invoice_files', bytes: receipt, name: 'lunch.pdf', type: 'application/pdf' },
    { field: 'invoice_files', bytes: receipt, name: 'lunch copy.pdf', type: 'application/pdf' },
  ]);
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/policies/${policy.id}/versions/1/preview`,
    headers: await auth(USERS.adam),
    payload: form,
  });
  t.equal(res.statusCode, 200, res.body);
  const preview = res.json();
  t.equal(preview.results.length, 2);
  for (const result of preview.results) {
    t.equal(result.outcome, 'analysed', `${result.name} is decided`);
    t.equal(result.claimed.amount_minor, 2400, `${result.name} keeps its amount`);
    t.ok(result.flags.includes('possible_duplicate'), `${result.name} is flagged`);
    t.not(result.error?.code, 'duplicate_file');
  }
  const [copy, first] = preview.results; // in name order: "lunch copy.pdf", "lunch.pdf"
  t.equal(first.status, copy.status, 'decided alike');
  t.match(copy.reason, /the same file as lunch(?: copy)?\.pdf in this claim/);
  t.equal(preview.summary.claimed_minor, 2400, 'counted once');
  t.match(preview.summary, { documents: 2, analysed: 2, copies: { count: 1 } });
});

t.test('sample invoices with the same number and total are both flagged', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const policy = await createPolicy(app, USERS.fiona, jsonFile(rulesV2Json(5000)));
  const sample = (name: string, vendor: string, total: number) => ({
    name,
    facts: {
      vendor,
      invoice_number: 'QC-20931',
      date: '2026-03-04',
      currency: 'GBP',
      category: 'meal',
      total_minor: total,
    },
  });
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/policies/${policy.id}/versions/1/preview`,
    headers: await auth(USERS.fiona),
    payload: {
      claim_date: '2026-03-10',
      invoices: [
        // Vendors read differently from the two layouts: the reference and the total still match.
        sample('bill.pdf', 'Quayside Canteen Ltd', 2400),
        sample('card slip.pdf', 'QUAYSIDE', 2400),
        sample('other.pdf', 'Harbour Grill', 3100),
      ],
    },
  });
  t.equal(res.statusCode, 200, res.body);
  const [bill, slip, other] = res.json().results;
  t.ok(bill.flags.includes('possible_duplicate'));
  t.ok(slip.flags.includes('possible_duplicate'));
  t.match(bill.reason, /possible duplicate of card slip\.pdf \(same reference QC20931 and total\)/);
  t.notOk(other.flags.includes('possible_duplicate'), 'same number, another total');
  t.equal(bill.reimbursable.amount_minor, 2400, 'amounts kept');
});

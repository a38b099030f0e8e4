import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import {
  claimForm,
  SAMPLE_ZIP,
  SAMPLES_DIR,
  sampleExpected,
  sampleZipInvoices,
} from '../helpers/claims.js';
import { makePdf, makeZip, renameEntry } from '../ingest/ingest-fixtures.js';

const samplePolicy = { field: 'policy_file', path: resolve(SAMPLES_DIR, 'policy.pdf') } as const;
const sampleZip = { field: 'invoices_zip', path: resolve(SAMPLES_DIR, SAMPLE_ZIP) } as const;

const MEAL_CAP_MINOR = 30000;
const RULES = {
  name: 'Small policy',
  currency: 'INR',
  categories: [
    {
      id: 'meal.cap',
      category: 'meal',
      label: 'Meals',
      eligible: true,
      cap: { amount_minor: MEAL_CAP_MINOR, per: 'meal', includes_tax: true },
      source: { quote: 'Meals up to ₹300 per meal.', page: null },
    },
  ],
  exclusions: [],
  submission_window: null,
};

t.test('rules sent as JSON are applied as given and returned with the analysis', async (t) => {
  // A meal the sample policy pays above the sent cap even after its exclusions: capped by the rules.
  const meal = sampleZipInvoices().find(
    (i) => i.category === 'meal' && i.expected_reimbursable_minor > MEAL_CAP_MINOR,
  );
  if (!meal) throw new Error('expected.json has no meal above the cap');
  const { employee_name, claim_date } = sampleExpected();
  const app = await buildTestApp(t);
  const form = claimForm({ employee_name, claim_date }, [
    {
      field: 'policy_file',
      bytes: Buffer.from(JSON.stringify(RULES)),
      name: 'rules.json',
      type: 'application/json',
    },
    sampleZip,
  ]);
  const job = (
    await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: form })
  ).json();
  t.equal(job.state, 'succeeded');
  t.equal(job.policy.compiled_by, 'client');
  const result = job.results.find((r: { name: string }) => r.name === meal.file);
  t.equal(
    result.reimbursable.amount_minor,
    MEAL_CAP_MINOR,
    `${meal.file} capped at the ₹300 of the sent rules`,
  );
  t.equal(result.decision.rules_applied[0].quote, 'Meals up to ₹300 per meal.');
});

t.test('invalid JSON rules are refused at once with 422 naming the problems', async (t) => {
  const app = await buildTestApp(t);
  const form = claimForm({ employee_name: sampleExpected().employee_name }, [
    {
      field: 'policy_file',
      bytes: Buffer.from(JSON.stringify({ ...RULES, currency: 'rupees', categories: 'all' })),
      name: 'rules.json',
    },
    sampleZip,
  ]);
  const res = await app.inject({ method: 'POST', url: '/api/v1/jobs', payload: form });
  t.equal(res.statusCode, 422);
  t.equal(res.json().code, 'invalid_policy_rules');
  t.ok(
    res
      .json()
      .errors.some((e: { pointer: string }) => e.pointer.startsWith('policy_file:/categories')),
  );
  t.same(
    readdirSync(join(app.services.config.dataDir, 'uploads')),
    [],
    'the refused upload left no files',
  );
});

t.test(
  'loose files, photos of nothing and non-invoices are each reported, the rest analysed; files are removed after',
  async (t) => {
    const app = await buildTestApp(t);
    const looseBill = await makePdf([
      [
        'Cafe Aroma',
        'Bill No: 4411',
        'Date: 12/10/2026',
        'Filter Coffee 2 60.00 120.00',
        'Total: 120.00',
      ],
    ]);
    // yazl refuses to write `../`, so the entry is renamed in the bytes afterwards (same length).
    const zip = renameEntry(
      await makeZip([
        { name: 'receipts/notes.txt', data: Buffer.from('remember to claim the taxi') },
        { name: 'receipts/empty.pdf', data: Buffer.alloc(0) },
        { name: 'zz/escape.pdf', data: looseBill },
      ]),
      'zz/escape.pdf',
      '../escape.pdf',
    );
    const { employee_name, claim_date } = sampleExpected();
    const form = claimForm({ employee_name, claim_date }, [
      samplePolicy,
      { field: 'invoice_files', bytes: looseBill, name: 'coffee.pdf', type: 'application/pdf' },
      { field: 'invoices_zip', bytes: zip, name: 'odd.zip', type: 'application/zip' },
    ]);
    const job = (
      await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: form })
    ).json();
    t.equal(job.state, 'succeeded');
    const byName = new Map(job.results.map((r: { name: string }) => [r.name, r]));
    t.match(byName.get('coffee.pdf'), {
      outcome: 'analysed',
      status: 'fully_reimbursed',
      reimbursable: { amount_minor: 12000 },
    });
    t.match(byName.get('receipts/notes.txt'), {
      outcome: 'failed',
      error: { code: 'unsupported_type' },
    });
    t.match(byName.get('receipts/empty.pdf'), { outcome: 'failed', error: { code: 'empty_file' } });
    t.ok(
      job.results.some(
        (r: { outcome: string; error: { code: string } | null }) => r.error?.code === 'unsafe_path',
      ),
      'the zip-slip entry is reported, not written',
    );
    t.equal(job.summary.failed, job.results.length - 1);
    t.same(
      readdirSync(join(app.services.config.dataDir, 'uploads')),
      [],
      'temporary files removed after the job',
    );
  },
);

t.test('a missing field is a 400 naming it', async (t) => {
  const app = await buildTestApp(t);
  const form = claimForm({}, [samplePolicy, sampleZip]);
  const res = await app.inject({ method: 'POST', url: '/api/v1/jobs', payload: form });
  t.equal(res.statusCode, 400);
  t.ok(res.json().errors.some((e: { pointer: string }) => e.pointer === 'employee_name'));
  const notMultipart = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    payload: { employee_name: 'x' },
  });
  t.equal(notMultipart.statusCode, 415);
  t.equal(notMultipart.json().code, 'not_multipart');
});

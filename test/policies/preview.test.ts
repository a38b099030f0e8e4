/**
 * Previewing a version: a sample claim (documents, or facts as JSON) is decided under any version,
 * drafts included, exactly as a claim would be, and nothing is stored.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
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

/** Hand-written rules with a London dinner limit, an alcohol exclusion and a class decline. */
function travelRules() {
  const rules = rulesV2Json(3500);
  return {
    ...rules,
    caps: [
      {
        id: 'dinner.cap',
        categories: ['meal.dinner'],
        amount_minor: 3500,
        locations: [{ city: 'London', country: 'GB', amount_minor: 4500 }],
        basis: 'gross',
        period: 'person',
        when: null,
        source: { quote: 'Dinner up to £35 a person, £45 in London.', page: null },
      },
    ],
    categories: [
      ...(rules.categories as unknown[]),
      {
        id: 'rail.eligible',
        category: 'travel.rail',
        label: 'Rail',
        eligible: true,
        source: { quote: 'Rail travel is reimbursed.', page: null },
      },
    ],
    exclusions: [
      {
        id: 'no.alcohol',
        categories: null,
        line_kinds: ['alcohol'],
        terms: [],
        source: { quote: 'Alcohol is never reimbursed.', page: null },
      },
    ],
    declines: [
      {
        id: 'no.first.rail',
        categories: ['travel.rail'],
        when: { travel_class: ['rail_first'] },
        source: { quote: 'First-class rail is not reimbursed.', page: null },
      },
    ],
  };
}

async function nothingStored(t: Test, app: FastifyInstance, auditBefore: number) {
  t.same((await app.services.invoices.list({}, { limit: 5 })).items, [], 'no invoice stored');
  t.equal(
    (await app.services.audit.list({}, { limit: 100 })).items.length,
    auditBefore,
    'no audit entry',
  );
  const uploads = join(app.services.config.dataDir, 'uploads');
  t.same(readdirSync(uploads), [], 'no file left behind');
}

t.test('sample facts are decided under a draft, with every rule cited', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const policy = await createPolicy(app, USERS.fiona, jsonFile(travelRules()));
  const auditBefore = (await app.services.audit.list({}, { limit: 100 })).items.length;
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/policies/${policy.id}/versions/1/preview`,
    headers: await auth(USERS.fiona),
    payload: {
      employee_name: 'Priya Nair',
      claim_date: '2026-03-10',
      invoices: [
        {
          name: 'dinner.pdf',
          facts: {
            date: '2026-03-04',
            currency: 'GBP',
            category: 'meal',
            meal_type: 'dinner',
            city: 'London',
            total_minor: 5200,
            lines: [
              { description: 'Set menu', kind: 'food', gross_minor: 4400 },
              { description: 'Glass of wine', kind: 'alcohol', gross_minor: 800 },
            ],
          },
        },
        {
          name: 'train.pdf',
          facts: {
            date: '2026-03-05',
            currency: 'GBP',
            category: 'travel.rail',
            travel_class: 'rail_first',
            route: { origin: 'Leeds', destination: 'London', mode: 'rail' },
            total_minor: 12000,
          },
        },
      ],
    },
  });
  t.equal(res.statusCode, 200, res.body);
  const preview = res.json();
  t.match(preview, {
    policy_id: policy.id,
    version: 1,
    state: 'draft',
    content_hash: policy.versions[0].content_hash,
    claim_date: '2026-03-10',
    summary: { currency: 'GBP', claimed_minor: 17200, reimbursable_minor: 4400 },
  });
  const [dinner, train] = preview.results;
  t.match(dinner, {
    name: 'dinner.pdf',
    status: 'partially_reimbursed',
    reimbursable: { amount_minor: 4400 },
    flags: ['alcohol'],
    invoice_id: null,
    decision: { category: 'meal.dinner' },
    policy_version: { policy_id: policy.id, version: 1 },
  });
  t.same(
    dinner.decision.rules_applied.map((r: { rule_id: string }) => r.rule_id),
    ['no.alcohol', 'dinner.cap'],
  );
  t.match(train, {
    status: 'declined',
    reimbursable: { amount_minor: 0 },
    decision: { rules_applied: [{ rule_id: 'no.first.rail' }] },
  });
  await nothingStored(t, app, auditBefore);
});

t.test('uploaded documents are read and decided as a claim would be, and not stored', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const policy = await createPolicy(app, USERS.fiona, textFile(policyText(30)));
  const auditBefore = (await app.services.audit.list({}, { limit: 100 })).items.length;
  const form = claimForm({ employee_name: 'Priya Nair', claim_date: '2026-03-20' }, [
    {
      field: 'invoice_files',
      bytes: await mealReceipt({ number: '4410', date: '12/03/2026', total: '42.00' }),
      name: 'lunch.pdf',
      type: 'application/pdf',
    },
    { field: 'invoice_files', bytes: Buffer.from('not a pdf'), name: 'notes.txt' },
  ]);
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/policies/${policy.id}/versions/1/preview`,
    headers: await auth(USERS.adam),
    payload: form,
  });
  t.equal(res.statusCode, 200, res.body);
  const byName = new Map(res.json().results.map((r: { name: string }) => [r.name, r]));
  t.match(byName.get('lunch.pdf'), {
    outcome: 'analysed',
    status: 'partially_reimbursed',
    reimbursable: { amount_minor: 3000, currency: 'GBP' },
    fields: { total_minor: { value: 4200 }, extracted_by: 'offline' },
    invoice_id: null,
  });
  t.match(byName.get('notes.txt'), { outcome: 'failed', error: { code: 'unsupported_type' } });
  await nothingStored(t, app, auditBefore);
  t.same(await app.services.jobs.listUnfinished(), [], 'no job was created for the preview');
});

t.test('a preview names its policy in the path only; its body is checked', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const policy = await createPolicy(app, USERS.fiona, textFile(policyText(30)));
  const url = `/api/v1/policies/${policy.id}/versions/1/preview`;
  const headers = await auth(USERS.fiona);
  const withPolicy = claimForm({ employee_name: 'Priya Nair' }, [
    { field: 'policy_file', bytes: Buffer.from(policyText()), name: 'p.txt', type: 'text/plain' },
    {
      field: 'invoice_files',
      bytes: await mealReceipt({ number: '1', date: '12/03/2026', total: '9.00' }),
      name: 'a.pdf',
    },
  ]);
  const res = await app.inject({ method: 'POST', url, headers, payload: withPolicy });
  t.equal(res.statusCode, 400);
  t.match(res.json(), { code: 'invalid_upload', errors: [{ pointer: 'policy_file' }] });
  t.same(readdirSync(join(app.services.config.dataDir, 'uploads')), []);

  for (const payload of [{ invoices: [] }, { invoices: [{ name: 'a', facts: { total: 5 } }] }]) {
    const bad = await app.inject({ method: 'POST', url, headers, payload });
    t.equal(bad.statusCode, 400, JSON.stringify(payload));
    t.equal(bad.json().code, 'validation_failed');
  }
});

/**
 * Claims sent with a policy_file are decided by the engine v2, like managed policies: a rules
 * file with schema_version 2 is taken as rules v2, any other rules file is the v1 contract
 * (validated as v1, migrated), a policy document is compiled to rules v2; the reader's invoice
 * facts v2 reach the engine when it reads them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { ModelProvider } from '../../src/ai/provider.js';
import type { InvoiceFacts } from '../../src/domain/facts.js';
import type { Job } from '../../src/domain/jobs.js';
import { PolicyRulesError } from '../../src/domain/policy-rules.js';
import type { InvoiceFields } from '../../src/domain/types.js';
import { type AnalysisDeps, runAnalysisJob } from '../../src/pipeline/analysis-job.js';
import type { DocumentReader, PolicyInput, ReadDocument } from '../../src/pipeline/types.js';
import { rulesFileAsV2 } from '../../src/policies/policy-file.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { SqliteJobStore } from '../../src/store/sqlite/job-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { IAI_RULES } from '../fakes/iai-gemini.js';
import { facts } from '../helpers/rules-v2-builders.js';
import { makeJob } from '../store/state/fixtures.js';

const source = (quote: string) => ({ quote, page: 1 });

/** Meals capped per person and per day; a meal for two or more is entertainment, per person. */
const RULES_V2 = {
  schema_version: 2,
  name: 'Hospitality policy',
  currency: 'EUR',
  home_country: null,
  rounding: 'half_up',
  categories: [
    { id: 'meals', category: 'meal', label: 'Meals', eligible: true, source: source('Meals.') },
    {
      id: 'hosting',
      category: 'entertainment',
      label: 'Hosting',
      eligible: true,
      source: source('Hosting guests.'),
    },
  ],
  reclassify: [
    {
      id: 'guests',
      categories: ['meal'],
      when: { persons_min: 2 },
      treat_as: 'entertainment',
      source: source('A meal for two or more persons is hosting.'),
    },
  ],
  caps: [
    {
      id: 'meal.day',
      categories: ['meal'],
      amount_minor: 3000,
      locations: [],
      basis: 'gross',
      period: 'day',
      when: null,
      source: source('Own meals up to EUR 30.00 a day.'),
    },
    {
      id: 'hosting.person',
      categories: ['entertainment'],
      amount_minor: 4000,
      locations: [],
      basis: 'gross',
      period: 'person',
      when: null,
      source: source('Hosting up to EUR 40.00 a person.'),
    },
  ],
  exclusions: [],
  line_categories: [],
  on_top: [],
  shares: [],
  relative_limits: [],
  declines: [],
  evidence: [],
  meal_hours: null,
  foreign_currency: null,
  submission_window: null,
};

t.test('a rules file is v2 when it says so, else the v1 contract, migrated', async (t) => {
  const v2 = rulesFileAsV2(RULES_V2, 'sha-v2');
  t.match(v2, {
    schema_version: 2,
    policy_hash: 'sha-v2',
    compiled_by: 'client',
    migrated_from: null,
  });
  t.equal(v2.reclassify?.[0]?.treat_as, 'entertainment');
  const v1 = rulesFileAsV2(IAI_RULES, 'sha-v1');
  t.match(v1, { schema_version: 2, policy_hash: 'sha-v1', migrated_from: 1 });
  t.ok(
    v1.caps.some((cap) => cap.id === 'meal.cap'),
    'v1 rule ids are kept',
  );
  const problems = (raw: unknown) => {
    try {
      rulesFileAsV2(raw, 'sha');
    } catch (error) {
      if (error instanceof PolicyRulesError) return error.problems.map((p) => p.pointer);
      throw error;
    }
    return [];
  };
  t.ok(problems({ ...RULES_V2, caps: [{ id: 'x' }] }).some((p) => p.startsWith('/caps/0')));
  // Without schema_version it is read as v1, and a v1 problem is reported as one.
  t.ok(problems({ name: 'x', currency: 'EUR', categories: 'none' }).length > 0);
});

function meal(
  name: string,
  persons: number | null,
  total: number,
): ReadDocument & { facts: InvoiceFacts } {
  return {
    name,
    path: `/nowhere/${name}`,
    media_type: 'application/pdf',
    sha256: `sha-${name}`,
    size_bytes: 100,
    page_count: 1,
    pages: [`Bistro\nTotal ${total / 100}`],
    ocr: false,
    facts: facts({
      vendor: 'Bistro',
      category: 'meal',
      currency: 'EUR',
      date: '2026-05-04',
      total_minor: total,
      persons,
    }),
  };
}

function fieldsOf(value: InvoiceFacts): InvoiceFields {
  const f = <T>(v: T) => ({ value: v, confidence: 0.95, page: 1 });
  return {
    vendor: f(value.vendor.value),
    invoice_number: f(null),
    date: f(value.date.value),
    currency: f('EUR'),
    category: f('meal'),
    person_name: f(null),
    line_items: [],
    subtotal_minor: f(null),
    tax_minor: f(null),
    total_minor: f(value.total_minor.value),
    extracted_by: 'offline',
  };
}

async function run(t: Test, policy: PolicyInput, withFacts: boolean) {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const jobs = new SqliteJobStore({ db });
  const workDir = mkdtempSync(join(tmpdir(), 'policy-file-v2-'));
  t.teardown(() => rmSync(workDir, { recursive: true, force: true }));
  writeFileSync(join(workDir, 'policy.json'), '{}');
  const documents = [meal('alone.pdf', null, 2600), meal('four.pdf', 4, 19000)];
  const provider: ModelProvider & {
    extractInvoiceFacts?: ModelProvider['extractInvoiceFacts'];
  } = {
    name: 'offline',
    compilePolicy: async () => {
      throw new Error('a rules file is never compiled');
    },
    extractInvoice: async (document) =>
      fieldsOf((documents.find((d) => d.name === document.name) as { facts: InvoiceFacts }).facts),
    usage: () => ({ model_calls: 0, prompt_tokens: 0, output_tokens: 0 }),
    scoped: () => provider,
  };
  if (withFacts)
    provider.extractInvoiceFacts = async (document) =>
      (documents.find((d) => d.name === document.name) as { facts: InvoiceFacts }).facts;
  const reader: DocumentReader = {
    readPolicy: async () => policy,
    readDocuments: async () => ({ documents, problems: [] }),
  };
  const deps: AnalysisDeps = {
    jobs,
    invoices: new SqliteInvoiceStore({ database: db }),
    provider,
    reader,
    policies: { get: async () => null, set: async () => undefined },
    options: { documentConcurrency: 2, lowConfidenceBelow: 0.6 },
  };
  const base = makeJob('job-v2');
  const job = makeJob('job-v2', {
    input: {
      ...base.input,
      claim_date: '2026-05-31',
      work_dir: workDir,
      policy_file: {
        path: join(workDir, 'policy.json'),
        file_name: 'policy.json',
        media_type: 'application/json',
      },
    },
  });
  await jobs.create(job);
  await runAnalysisJob(job.id, deps);
  const done = (await jobs.get(job.id)) as Job;
  t.equal(done.state, 'succeeded', JSON.stringify(done.error));
  return done;
}

t.test(
  'a claim with a rules v2 policy_file is decided by the engine v2 on the facts read',
  async (t) => {
    const job = await run(t, { kind: 'rules', raw: RULES_V2, sha256: 'sha-rules' }, true);
    const byName = new Map(job.results.map((r) => [r.name, r]));
    // Alone: a meal under the day's cap. Four persons: hosting, 4 × 40.00, outside the day's cap.
    t.match(byName.get('alone.pdf'), {
      status: 'fully_reimbursed',
      reimbursable: { amount_minor: 2600 },
    });
    t.match(byName.get('four.pdf'), {
      status: 'partially_reimbursed',
      reimbursable: { amount_minor: 16000 },
    });
    t.match(byName.get('four.pdf')?.decision?.rules_applied[0], { rule_id: 'guests' });
    t.equal((job.policy as { schema_version: number }).schema_version, 2);
  },
);

t.test('without facts v2 the engine decides on the facts migrated from the fields', async (t) => {
  const job = await run(t, { kind: 'rules', raw: RULES_V2, sha256: 'sha-rules' }, false);
  // The v1 fields carry no persons: both receipts are the employee's own meals of one day.
  const amounts = job.results.map((r) => [r.name, r.reimbursable?.amount_minor]);
  t.same(amounts, [
    ['alone.pdf', 2600],
    ['four.pdf', 400],
  ]);
});

t.test('a v1 rules file still decides, migrated to rules v2', async (t) => {
  const job = await run(t, { kind: 'rules', raw: IAI_RULES, sha256: 'sha-iai' }, false);
  t.equal((job.policy as { migrated_from: number | null }).migrated_from, 1);
  t.ok(job.results.every((r) => r.outcome === 'analysed'));
});

import t from 'tap';
import { DecisionInputError, decideClaim, toPriorInvoice } from '../../src/domain/decide.js';
import type { InvoiceRecord } from '../../src/domain/types.js';
import { candidate, claim, fields, prior } from '../helpers/decision-builders.js';

const flagsOf = (decided: ReturnType<typeof decideClaim>) =>
  Object.fromEntries(decided.map((d) => [d.key, d.decision.flags]));

t.test('possible duplicates: same file, same vendor and number, same ticket number', async (t) => {
  const decided = decideClaim(
    claim([
      candidate('copy-1', { total: 5000 }, { file_sha256: 'same-bytes' }),
      candidate('copy-2', { total: 5000 }, { file_sha256: 'same-bytes' }),
      candidate('meal-a', { total: 5000, vendor: 'Hilltop Canteen', number: '0001' }),
      candidate('meal-b', { total: 6000, vendor: 'HILLTOP  canteen', number: '0001' }),
      candidate('meal-c', { total: 6000, vendor: 'Harbour View Inn', number: '0001' }),
      candidate('bus-1', {
        category: 'travel',
        total: 90000,
        vendor: 'Air India',
        number: 'BT-7740-2291-C',
      }),
      candidate('bus-2', {
        category: 'travel',
        total: 90000,
        vendor: 'AirAsia India',
        number: 'bt-7740-2291-c',
      }),
    ]),
  );
  const flags = flagsOf(decided);
  for (const key of ['copy-1', 'copy-2', 'meal-a', 'meal-b', 'bus-1', 'bus-2'])
    t.same(flags[key], ['possible_duplicate'], key);
  t.same(
    flags['meal-c'],
    [],
    'a receipt number repeats across restaurants without meaning anything',
  );
  const bus = decided.find((d) => d.key === 'bus-1')?.decision;
  t.match(bus?.reason, 'Review: possible duplicate of bus-2.pdf (same ticket number).');
  t.equal(bus?.reimbursable.amount_minor, 90000, 'a duplicate is flagged for review, not declined');
  t.match(
    decided.find((d) => d.key === 'copy-1')?.decision.reason,
    'possible duplicate of copy-2.pdf (same file)',
  );
});

t.test('the same file twice in one claim is decided twice and each copy flagged', async (t) => {
  const twice = decideClaim(
    claim([
      candidate('k', { total: 5000 }, { file_name: 'a.pdf' }),
      candidate('k', { total: 5000 }, { file_name: 'b.pdf' }),
    ]),
  );
  t.equal(twice.length, 2);
  t.same(
    twice.map((d) => d.decision.flags),
    [['possible_duplicate'], ['possible_duplicate']],
  );
});

t.test(
  'duplicates of invoices stored earlier are flagged, the invoice itself decided again is not',
  async (t) => {
    const stored = [
      prior('old-ticket', {
        category: 'travel',
        invoice_number: 'PNR998877',
        vendor: 'KSRTC',
        invoice_date: '2024-11-02',
        reimbursable_minor: 50000,
      }),
      prior('old-file', { file_sha256: 'bytes-x', category: 'meal', reimbursable_minor: 1000 }),
      prior('itself', { file_sha256: 'sha-itself', category: 'meal', reimbursable_minor: 1000 }),
    ];
    const decided = decideClaim(
      claim(
        [
          candidate('ticket', { category: 'travel', total: 50000, number: 'PNR998877' }),
          candidate('file', { total: 1000 }, { file_sha256: 'bytes-x' }),
          candidate('itself', { total: 1000 }),
        ],
        { prior: stored },
      ),
    );
    const flags = flagsOf(decided);
    t.same(flags.ticket, ['possible_duplicate']);
    t.match(
      decided[0]?.decision.reason,
      'possible duplicate of earlier invoice KSRTC no. PNR998877 of 2024-11-02 (same ticket number)',
    );
    t.same(flags.file, ['possible_duplicate']);
    t.same(flags.itself, []);
  },
);

t.test('late submission is a review flag beyond the window, with the rule cited', async (t) => {
  const decided = decideClaim(
    claim([
      candidate('on-time', { total: 5000, date: '2024-12-01' }),
      candidate('late', { total: 5000, date: '2024-11-30' }),
    ]),
  );
  t.same(flagsOf(decided), { 'on-time': [], late: ['late_submission'] });
  const late = decided[1]?.decision;
  t.equal(late?.status, 'fully_reimbursed');
  t.match(late?.rules_applied, [
    { rule_id: 'meal.cap' },
    {
      rule_id: 'submission.window',
      effect: /31 days after the invoice date of 2024-11-30: beyond 30 days/,
    },
  ]);
  t.match(late?.reason, 'Review: submitted 31 days after the invoice date.');
});

t.test(
  'a different name on the invoice is flagged; the same person spelled differently is not',
  async (t) => {
    const decided = decideClaim(
      claim([
        candidate('other', { total: 5000, person: 'Hardik' }),
        candidate('short', { total: 5000, person: 'avinash' }),
        candidate('initial', { total: 5000, person: 'Avinash K.' }),
        candidate('typo', { total: 5000, person: 'Avinsh Kumar' }),
        candidate('nobody', { total: 5000 }),
      ]),
    );
    t.same(flagsOf(decided), {
      other: ['name_mismatch'],
      short: [],
      initial: [],
      typo: [],
      nobody: [],
    });
    t.match(decided[0]?.decision.reason, 'the invoice names "Hardik", not Avinash Kumar');
  },
);

t.test('line items and tax that do not meet the total flag amount_inconsistent', async (t) => {
  const lines = [{ description: 'Thali', amount_minor: 10000 }];
  const decided = decideClaim(
    claim([
      candidate('off', { total: 12000, tax: 500, lines }),
      candidate('rounded', { total: 10550, tax: 500, lines }),
      candidate('subtotal-off', { total: 10500, subtotal: 9000, tax: 500, lines }),
      candidate('exact', { total: 10500, subtotal: 10000, tax: 500, lines }),
    ]),
  );
  t.same(flagsOf(decided), {
    off: ['amount_inconsistent'],
    rounded: [],
    'subtotal-off': ['amount_inconsistent'],
    exact: [],
  });
  t.match(
    decided[0]?.decision.reason,
    'line items ₹100.00 plus tax ₹5.00 make ₹105.00, not the total ₹120.00',
  );
});

t.test('uncertain key fields and OCR are flagged', async (t) => {
  const unsure = candidate('unsure', { total: 5000 });
  unsure.fields.total_minor.confidence = 0.4;
  const decided = decideClaim(
    claim([
      unsure,
      candidate('scan', { total: 5000 }, { ocr: true }),
      candidate('sure', { total: 5000, confidence: 0.6 }),
    ]),
  );
  t.same(flagsOf(decided), { unsure: ['low_confidence'], scan: ['ocr'], sure: [] });
  t.match(decided[0]?.decision.reason, 'total not read with confidence');
});

t.test('flags come in the documented order', async (t) => {
  const everything = candidate(
    'all',
    {
      total: 9000,
      tax: 1000,
      person: 'Someone Else',
      date: '2024-10-01',
      lines: [
        { description: 'Beer', amount_minor: 2000 },
        { description: 'Thali', amount_minor: 2000 },
      ],
    },
    { ocr: true, file_sha256: 'dup' },
  );
  const decided = decideClaim(
    claim([everything, candidate('twin', { total: 100 }, { file_sha256: 'dup' })]),
  );
  t.same(decided[0]?.decision.flags, [
    'possible_duplicate',
    'alcohol',
    'late_submission',
    'name_mismatch',
    'amount_inconsistent',
    'ocr',
  ]);
});

t.test('bad input is refused with a typed error', async (t) => {
  t.throws(() => decideClaim(claim([], { claim_date: '31/12/2024' })), {
    code: 'invalid_decision_input',
    constructor: DecisionInputError,
  });
  t.throws(() => decideClaim(claim([], { claim_date: '2024-02-30' })), {
    code: 'invalid_decision_input',
  });
  t.same(decideClaim(claim([])), []);
});

t.test('toPriorInvoice keeps exactly what the engine needs of a stored record', async (t) => {
  const record = {
    id: 'id-1',
    job_id: 'j',
    owner_sub: 's',
    employee_name: 'A',
    employee_key: 'a',
    file_name: 'f.pdf',
    file_sha256: 'h',
    policy_hash: 'p',
    category: 'cab',
    vendor: 'Uber',
    invoice_number: 'U1',
    invoice_date: '2024-12-03',
    currency: 'INR',
    total_minor: 100,
    reimbursable_minor: 90,
    status: 'partially_reimbursed',
    flags: [],
    reason: 'r',
    fields: fields({ total: 100 }),
    decision: {} as InvoiceRecord['decision'],
    override: null,
    text: 't',
    created_at: 'c',
    updated_at: 'u',
  } satisfies InvoiceRecord;
  t.same(toPriorInvoice(record), {
    id: 'id-1',
    file_sha256: 'h',
    vendor: 'Uber',
    invoice_number: 'U1',
    category: 'cab',
    invoice_date: '2024-12-03',
    reimbursable_minor: 90,
    currency: 'INR',
  });
});

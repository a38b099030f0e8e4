/**
 * A document that prints no currency is never given the policy's silently: the reader infers one
 * from the country when it can (lower confidence, a note), and the engine flags currency_inferred
 * either way, while still deciding the invoice.
 */
import t from 'tap';
import { extractInvoiceFields } from '../../../../src/ai/offline/invoice-extractor.js';
import { decideClaim } from '../../../../src/domain/decide.js';
import { decideClaimUnderV2 } from '../../../../src/domain/decide-claim-v2.js';
import type { InvoiceFields } from '../../../../src/domain/types.js';
import { claim, rules } from '../../../helpers/decision-builders.js';
import { eligible, rulesV2 } from '../../../helpers/rules-v2-builders.js';

const read = (lines: string[]): InvoiceFields =>
  extractInvoiceFields(
    {
      name: 'receipt.pdf',
      media_type: 'application/pdf',
      sha256: 'x',
      size_bytes: 1,
      page_count: 1,
      pages: [lines.join('\n')],
      ocr: false,
    },
    { currency: 'EUR' },
  );

/** An invented shop's receipt; `extra` lines carry the country evidence, if any. */
const receipt = (extra: string[], total = 'Total 42.50') => [
  'Kleiner Laden',
  ...extra,
  'Invoice No. 2031-77',
  'Date: 14.03.2031',
  'Coffee beans 1kg  42.50',
  total,
];

t.test('no currency and no country: none is read, none is invented', async (t) => {
  const fields = read(receipt([]));
  t.equal(fields.total_minor.value, 4250);
  t.equal(fields.currency.value, null, 'not the policy currency the reader was given');
  t.equal(fields.currency.confidence, 0);
  t.same(fields.reading_notes ?? [], [], 'the engine, which picks the currency, notes it');
});

t.test('country evidence infers the currency, with less confidence and a note', async (t) => {
  const cases: Array<[string, string[], string, string]> = [
    ['a German VAT id', ['USt-IdNr. DE123456789'], 'EUR', 'DE'],
    ['a French SIRET', ['SIRET 123 456 789 00012'], 'EUR', 'FR'],
    ['a Japanese phone number', ['Tel +81 3-1234-5678'], 'JPY', 'JP'],
  ];
  for (const [what, extra, code, country] of cases) {
    const fields = read(receipt(extra, code === 'JPY' ? 'Total 4250' : 'Total 42.50'));
    t.equal(fields.currency.value, code, what);
    t.ok(fields.currency.confidence <= 0.5, `${what}: inferred, not printed`);
    t.match(
      fields.reading_notes,
      [{ flag: 'currency_inferred', note: new RegExp(`${code} is inferred .*\\(${country}\\)`) }],
      what,
    );
  }
});

t.test('a printed symbol or code is no inference', async (t) => {
  for (const total of ['Total 42.50 €', 'Total EUR 42.50']) {
    const fields = read(receipt(['USt-IdNr. DE123456789'], total));
    t.equal(fields.currency.value, 'EUR', total);
    t.ok(fields.currency.confidence >= 0.9, total);
    t.same(fields.reading_notes ?? [], [], total);
  }
});

t.test('the engine flags an inferred or absent currency and still decides', async (t) => {
  const inferred = read(receipt(['USt-IdNr. DE123456789']));
  const absent = read(receipt([]));
  const printed = read(receipt([], 'Total 42.50 €'));
  const base = rules({ currency: 'EUR', submission_window: null });
  const invoice = (key: string, fields: InvoiceFields) => ({
    key,
    file_name: `${key}.pdf`,
    file_sha256: `sha-${key}`,
    fields: { ...fields, category: { value: 'meal' as const, confidence: 0.9, page: 1 } },
    ocr: false,
  });
  const invoices = [
    invoice('inferred', inferred),
    invoice('absent', absent),
    invoice('printed', printed),
  ];
  const v1 = decideClaim(claim(invoices, { rules: base }));
  const v2 = decideClaimUnderV2({
    rules: rulesV2({ currency: 'EUR', categories: [eligible('meal')] }),
    employee_id: 'e-1',
    employee_name: 'Avinash Kumar',
    claim_date: '2031-03-20',
    invoices,
    prior: [],
    options: { low_confidence_below: 0.6 },
  });
  for (const [engine, decided] of [
    ['v1', v1],
    ['v2', v2],
  ] as const) {
    const [first, second, third] = decided.map((d) => d.decision);
    t.ok(first?.flags.includes('currency_inferred'), `${engine}: inferred from the country`);
    t.match(first?.reason, /EUR is inferred from the country .*\(DE\)/, engine);
    t.ok(second?.flags.includes('currency_inferred'), `${engine}: none printed`);
    t.match(
      second?.reason,
      /no currency is printed .* taken as EUR, the policy's currency/,
      engine,
    );
    t.notOk(third?.flags.includes('currency_inferred'), `${engine}: printed`);
    for (const decision of [first, second]) {
      t.equal(decision?.status, 'fully_reimbursed', `${engine}: decided, for review only`);
      t.same(decision?.reimbursable, { amount_minor: 4250, currency: 'EUR' });
    }
  }
});

import t from 'tap';
import { ModelOutputError } from '../../../src/ai/gemini/errors.js';
import { toInvoiceFields, toMinorUnits } from '../../../src/ai/gemini/invoice-fields.js';
import type { InvoiceAnswer } from '../../../src/ai/gemini/response-schemas.js';

const CONTEXT = {
  categories: ['meal', 'travel', 'cab', 'accommodation'] as const,
  currency: 'INR',
  page_count: 2,
};
const context = { ...CONTEXT, categories: [...CONTEXT.categories] };
const sure = <T>(value: T, page: number | null = 1) => ({ value, confidence: 0.95, page });

/** Dinner Invoice 6 of an invented restaurant bill, as a model answers it. */
const MEAL_6: InvoiceAnswer = {
  is_invoice: true,
  not_invoice_reason: null,
  vendor: sure('Harbour View Inn'),
  invoice_number: sure('0001'),
  date: sure('2024-12-26'),
  currency: sure('INR'),
  category: sure('meal'),
  person_name: sure('Kiran'),
  line_items: [
    { description: 'Wines', amount: '750', quantity: 5, alcohol: true, tobacco: false },
    {
      description: 'Vegetable pulao',
      amount: '298.00',
      quantity: 2,
      alcohol: false,
      tobacco: false,
    },
  ],
  subtotal: sure('1048'),
  tax: sure('52.40'),
  total: sure('1100.40'),
};

t.test('a full answer maps to InvoiceFields with exact minor units', async (t) => {
  const fields = toInvoiceFields(MEAL_6, context);
  t.same(fields.total_minor, { value: 110040, confidence: 0.95, page: 1 });
  t.equal(fields.subtotal_minor.value, 104800);
  t.equal(fields.tax_minor.value, 5240);
  t.same(fields.line_items, [
    { description: 'Wines', amount_minor: 75000, quantity: 5, alcohol: true, tobacco: false },
    {
      description: 'Vegetable pulao',
      amount_minor: 29800,
      quantity: 2,
      alcohol: false,
      tobacco: false,
    },
  ]);
  t.equal(fields.vendor.value, 'Harbour View Inn');
  t.equal(fields.invoice_number.value, '0001', 'leading zeros kept');
  t.equal(fields.date.value, '2024-12-26');
  t.equal(fields.category.value, 'meal');
  t.equal(fields.person_name.value, 'Kiran');
  t.equal(fields.extracted_by, 'gemini');
});

t.test('amounts: decimal strings and JSON numbers convert without float error', async (t) => {
  t.equal(toMinorUnits('1100.40', 'INR'), 110040);
  t.equal(toMinorUnits(1100.4, 'INR'), 110040);
  t.equal(toMinorUnits('0.29', 'USD'), 29, '0.29 * 100 is 28.999999999999996 in floats');
  t.equal(
    toMinorUnits(1.005, 'USD'),
    null,
    'more decimals than the currency has: refused, not rounded',
  );
  t.equal(toMinorUnits('2000.000', 'INR'), 200000, 'trailing zeros beyond the minor unit are fine');
  t.equal(toMinorUnits('1500', 'JPY'), 1500);
  t.equal(toMinorUnits('12.345', 'KWD'), 12345);
  t.equal(toMinorUnits('-50.5', 'INR'), -5050, 'a discount');
  t.equal(
    toMinorUnits('₹ 1,100.40', 'INR'),
    110040,
    'a printed amount goes through the domain parser',
  );
  t.equal(toMinorUnits('Rs. 7,377', 'INR'), 737700);
  t.equal(toMinorUnits('', 'INR'), null);
  t.equal(toMinorUnits('about forty', 'INR'), null);
  t.equal(toMinorUnits(Number.NaN, 'INR'), null);
  t.equal(toMinorUnits({ amount: 1 }, 'INR'), null);
});

t.test('amounts use the invoice currency, else the context currency', async (t) => {
  const yen = toInvoiceFields({ ...MEAL_6, currency: sure('jpy'), total: sure('1100') }, context);
  t.equal(yen.currency.value, 'JPY');
  t.equal(yen.total_minor.value, 1100);
  const unnamed = toInvoiceFields(
    { ...MEAL_6, currency: sure(null), total: sure('1100') },
    context,
  );
  t.equal(unnamed.currency.value, null);
  t.equal(unnamed.total_minor.value, 110000, 'read as INR, the context currency');
});

t.test('values that break the schema become null with confidence 0', async (t) => {
  const fields = toInvoiceFields(
    {
      ...MEAL_6,
      category: sure('entertainment'),
      currency: sure('Rupees'),
      total: sure('lots'),
      vendor: { value: '  ', confidence: 0.9, page: 1 },
      invoice_number: { value: 'A1', confidence: 7, page: 3 },
      person_name: 'Kiran' as never,
    },
    context,
  );
  t.same(fields.category, { value: null, confidence: 0, page: 1 });
  t.same(fields.currency, { value: null, confidence: 0, page: 1 });
  t.same(fields.total_minor, { value: null, confidence: 0, page: 1 });
  t.same(fields.vendor, { value: null, confidence: 0, page: 1 });
  t.same(
    fields.invoice_number,
    { value: 'A1', confidence: 1, page: null },
    'confidence clamped, page beyond the document dropped',
  );
  t.same(fields.person_name, { value: null, confidence: 0, page: null });
});

t.test('a non-ISO date is reinterpreted day first, with lowered confidence', async (t) => {
  t.same(toInvoiceFields({ ...MEAL_6, date: sure('03/12/2024') }, context).date, {
    value: '2024-12-03',
    confidence: 0.5,
    page: 1,
  });
  t.same(toInvoiceFields({ ...MEAL_6, date: sure('2024-02-30') }, context).date, {
    value: null,
    confidence: 0,
    page: 1,
  });
});

t.test('line items without a readable amount or description are left out', async (t) => {
  const fields = toInvoiceFields(
    {
      ...MEAL_6,
      line_items: [
        { description: 'Coffee', amount: '40', quantity: null, alcohol: false, tobacco: false },
        { description: 'Illegible', amount: '??', quantity: 1, alcohol: false, tobacco: false },
        { description: '', amount: '10', quantity: 1, alcohol: false, tobacco: false },
        'Beer 300' as never,
      ],
    },
    context,
  );
  t.same(fields.line_items, [
    { description: 'Coffee', amount_minor: 4000, quantity: null, alcohol: false, tobacco: false },
  ]);
});

t.test('an answer without the requested shape is ModelOutputError', async (t) => {
  t.throws(() => toInvoiceFields({ vendor: 'x' }, context), ModelOutputError);
  t.throws(() => toInvoiceFields(null, context), ModelOutputError);
});

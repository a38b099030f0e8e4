import t from 'tap';
import {
  allocate,
  detectCurrency,
  formatMoney,
  minorDigits,
  parseAmount,
  scale,
} from '../../src/domain/money.js';

t.test('parses amounts as printed on invoices and policies into minor units', async (t) => {
  const cases: Array<[string, number, string | null]> = [
    ['₹2,000', 200000, 'INR'],
    ['Rs. 1,100.40', 110040, 'INR'],
    ['Rs.500', 50000, 'INR'],
    ['INR 770', 77000, 'INR'],
    ['₹ 1100.4', 110040, 'INR'],
    ['1,00,000', 10000000, null],
    ['$50', 5000, 'USD'],
    ['USD 1,000', 100000, 'USD'],
    ['US$ 12.5', 1250, 'USD'],
    ['1.234,56 EUR', 123456, 'EUR'],
    ['£3.20', 320, 'GBP'],
    ['¥1,000', 1000, 'JPY'],
    ['12,5', 1250, null],
    ['2,000.', 200000, null],
    ['200.00', 20000, null],
    ['(₹ 40)', -4000, 'INR'],
  ];
  for (const [text, minor, currency] of cases)
    t.same(parseAmount(text), { amount_minor: minor, currency }, text);
});

t.test('refuses numbers whose meaning would be a guess', async (t) => {
  t.equal(parseAmount('abc'), null);
  t.equal(parseAmount('1,2345'), null, 'not a grouping');
  t.same(
    parseAmount('12.345', 'KWD'),
    { amount_minor: 12345, currency: null },
    'three decimals are real in a three-decimal currency',
  );
  t.equal(
    parseAmount('1,234', 'KWD'),
    null,
    'comma then three digits is ambiguous where three decimals exist',
  );
  t.same(
    parseAmount('10.999'),
    parseAmount('10,999'),
    'three digits after a single mark group thousands in two-decimal currencies',
  );
  t.equal(parseAmount('1.5.0'), null);
  t.equal(parseAmount('₹10.5555'), null, 'more decimals than the currency has');
  t.same(
    parseAmount('₹10.5000'),
    { amount_minor: 1050, currency: 'INR' },
    'extra zero decimals are harmless',
  );
  t.same(
    parseAmount('₹10.500'),
    { amount_minor: 1050000, currency: 'INR' },
    'grouping, as 10.500 would be in Europe',
  );
});

t.test('detects the currency an amount or document names', async (t) => {
  t.equal(detectCurrency('Total: ₹ 90'), 'INR');
  t.equal(detectCurrency('Rs 90'), 'INR');
  t.equal(detectCurrency('Fare USD 90'), 'USD');
  t.equal(detectCurrency('CHF 90'), 'CHF');
  t.equal(detectCurrency('Total: 90'), null);
  t.equal(detectCurrency('Rsvp'), null, '"Rs" must stand alone');
});

t.test('formats money for messages', async (t) => {
  t.equal(formatMoney({ amount_minor: 200000, currency: 'INR' }), '₹2,000.00');
  t.equal(
    formatMoney({ amount_minor: 200000, currency: 'INR' }, { symbol: false }),
    'INR 2,000.00',
  );
  t.equal(formatMoney({ amount_minor: 123456789, currency: 'USD' }), '$1,234,567.89');
  t.equal(formatMoney({ amount_minor: -5, currency: 'EUR' }), '-€0.05');
  t.equal(formatMoney({ amount_minor: 1234, currency: 'JPY' }), '¥1,234');
  t.equal(formatMoney({ amount_minor: 1234, currency: 'CHF' }), 'CHF 12.34');
  t.equal(formatMoney({ amount_minor: 1234, currency: 'KWD' }), 'KWD 1.234');
  t.equal(minorDigits('inr'), 2);
});

t.test(
  'minor digits follow ISO 4217: dinars in thousandths, francs and guaraní whole',
  async (t) => {
    for (const code of ['IQD', 'LYD', 'BHD', 'KWD', 'OMR', 'JOD', 'TND'])
      t.equal(minorDigits(code), 3, code);
    for (const code of [
      'BIF',
      'DJF',
      'GNF',
      'KMF',
      'PYG',
      'RWF',
      'UGX',
      'VUV',
      'XAF',
      'XOF',
      'XPF',
    ])
      t.equal(minorDigits(code), 0, code);
    for (const code of ['EUR', 'GBP', 'USD', 'CHF', 'xof'])
      t.equal(minorDigits(code), code === 'xof' ? 0 : 2, code);
    t.equal(formatMoney({ amount_minor: 1500, currency: 'XOF' }, { symbol: false }), 'XOF 1,500');
    t.equal(formatMoney({ amount_minor: 12345, currency: 'LYD' }, { symbol: false }), 'LYD 12.345');
  },
);

t.test('allocation splits exactly and reproducibly', async (t) => {
  t.same(allocate(7000, [30000, 40000]), [3000, 4000]);
  t.same(
    allocate(100, [1, 1, 1]),
    [34, 33, 33],
    'the first of equal remainders gets the extra unit',
  );
  t.same(allocate(10000, [10000, 20000]), [3333, 6667], 'the larger remainder gets the extra unit');
  t.same(allocate(-100, [1, 1, 1]), [-34, -33, -33]);
  t.same(allocate(5, [0, 0]), [3, 2], 'no weights: split evenly');
  t.same(allocate(5, []), []);
  for (const [total, weights] of [
    [999, [1, 2, 3, 4]],
    [1, [5, 5, 5]],
    [123457, [33333, 1, 66666]],
  ] as Array<[number, number[]]>) {
    t.equal(
      allocate(total, weights).reduce((sum, part) => sum + part, 0),
      total,
      `${total} over ${weights.join(':')}`,
    );
  }
  t.throws(() => allocate(1.5, [1]), RangeError);
  t.throws(() => allocate(1, [-1, 2]), RangeError);
});

t.test('scale rounds half away from zero in integers', async (t) => {
  t.equal(scale(5, 1, 2), 3);
  t.equal(scale(-5, 1, 2), -3);
  t.equal(scale(7, 2, 3), 5);
  t.equal(scale(5000, 1440, 8000), 900);
  t.equal(scale(10, 1, -4), -3);
  t.throws(() => scale(1, 1, 0), RangeError);
});

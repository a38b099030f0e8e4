import t from 'tap';
import { readable } from '../../../../src/ai/offline/reading/normalize.js';
import {
  decideDecimalMark,
  decimalEvidence,
  findAmounts,
  type ReadOptions,
  signed,
  toMinor,
  unambiguousMark,
} from '../../../../src/ai/offline/reading/numbers.js';

const undecided: ReadOptions = { decimal: null, minorDigits: 2 };

/** Each amount of a line as [printed span, signed minor units]. */
function amounts(line: string, options: ReadOptions = undecided): Array<[string, number]> {
  const text = readable(line);
  return findAmounts(text, options)
    .filter((token) => !token.percent)
    .map((token) => [text.slice(token.index, token.end), signed(token)]);
}

t.test('grouping and decimal marks of every convention read to exact minor units', async (t) => {
  const cases: Array<[string, number]> = [
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1 234,56', 123456],
    ['1\u00a0234,56', 123456],
    ['1\u202f234,56', 123456],
    ["1'234.56", 123456],
    ['1’234.56', 123456],
    ['12.345.678,90', 1234567890],
    ['12,345,678.90', 1234567890],
    ['1,00,000.00', 10000000],
    ['0,99', 99],
    ['12,5', 1250],
    ['1234', 123400],
    ['1234.5', 123450],
  ];
  for (const [printed, minor] of cases) {
    t.same(amounts(`Total ${printed}`), [[readable(printed), minor]], printed);
  }
});

t.test('signs: leading, trailing, in parentheses, after the symbol', async (t) => {
  t.same(amounts('Rabatt -12,50'), [['-12,50', -1250]]);
  t.same(amounts('Remise −12,50'), [['-12,50', -1250]], 'the minus sign character');
  t.same(amounts('Coupon 12.50-'), [['12.50-', -1250]], 'a trailing minus on a receipt');
  t.same(amounts('Refund (45.00)'), [['45.00', -4500]]);
  t.same(amounts('Gutschrift € -8,79'), [['€ -8,79', -879]]);
  t.same(amounts('Credit -$5.00'), [['-$5.00', -500]]);
  t.same(amounts('Total - 12,50'), [['12,50', 1250]], 'a dash between label and amount');
  t.same(amounts('Total TTC : - 233,47 €'), [['233,47 €', 23347]]);
  t.same(amounts('Rabatt  - 2,00'), [['- 2,00', -200]], 'a sign opening its column');
});

t.test('yen: no decimals, full-width digits, the closing dash is not a minus', async (t) => {
  const yen: ReadOptions = { decimal: null, minorDigits: 0 };
  t.same(amounts('合計 ￥5,800-', yen), [['¥5,800-', 5800]]);
  t.same(amounts('合計 ¥5,800', yen), [['¥5,800', 5800]]);
  t.same(amounts('お支払い １，２３４円', yen), [['1,234円', 1234]]);
  t.same(amounts('小計 ３６９００', yen), [['36900', 36900]]);
  t.same(amounts('合計 ¥1,234.00', yen), [['¥1,234.00', 1234]], 'zero decimals are allowed');
  t.same(amounts('値引 -300', yen), [['-300', -300]], 'a leading minus still is one');
});

t.test('three-decimal currencies: KWD 1.250 is one dinar and a quarter', async (t) => {
  const kwd: ReadOptions = { decimal: null, minorDigits: 3 };
  t.same(amounts('Total KWD 1.250', kwd), [['KWD 1.250', 1250]]);
  t.same(amounts('Total KWD 1,234.500', kwd), [['KWD 1,234.500', 1234500]]);
  t.same(amounts('Total 12.5', kwd), [['12.5', 12500]]);
  t.same(amounts('Total KWD 1.250', { decimal: ',', minorDigits: 3 }), [['KWD 1.250', 1250000]]);
});

t.test('the document decides "1.234": thousands or decimals', async (t) => {
  t.same(amounts('Summe 1.234', { decimal: ',', minorDigits: 2 }), [['1.234', 123400]]);
  t.same(amounts('Total 1,234', { decimal: '.', minorDigits: 2 }), [['1,234', 123400]]);
  t.same(
    amounts('Total 1.234', { decimal: '.', minorDigits: 2 }),
    [],
    'three decimals in a two-decimal currency are not money',
  );
  t.same(amounts('Total 1.234'), [['1.234', 123400]], 'undecided: thousands');
});

t.test('numbers inside dates, times, ids, phone numbers are not amounts', async (t) => {
  t.same(amounts('Datum 13.06.2018 Betrag 12,50'), [['12,50', 1250]]);
  t.same(amounts('Zeit 12:30 Uhr'), []);
  t.same(amounts('Rechnung R0005532486'), []);
  t.same(amounts('Invoice INV-2023-001'), []);
  t.same(amounts('Tel. 030/123456'), []);
  t.same(amounts('Period 01/01/24 - 01/31/24'), []);
  t.same(
    amounts('IBAN DE89 3704 0044 0532 0130 00'),
    [['3704', 370400]],
    'groups with leading zeros are codes',
  );
  t.same(amounts('Flight AZ 021  ¥13,450', { decimal: null, minorDigits: 0 }), [
    ['¥13,450', 13450],
  ]);
  t.same(amounts('VISA ****1188  12.50'), [['12.50', 1250]], 'a masked card number');
});

t.test('currency markers beside an amount are kept with it', async (t) => {
  const marks = (line: string) => findAmounts(readable(line), undecided).map((token) => token.mark);
  t.same(marks('€12,50 12,50€ 12,50 € EUR 12,50 12,50 EUR EUR12.50'), [
    'EUR',
    'EUR',
    'EUR',
    'EUR',
    'EUR',
    'EUR',
  ]);
  t.same(marks('£9.99 US$5.00 S$5.00 A$5.00 C$5.00 $5.00'), [
    'GBP',
    'USD',
    'SGD',
    'AUD',
    'CAD',
    'DOLLAR',
  ]);
  t.same(marks('RM 12.50 Rs. 500 ₹500 CHF 5.00 10 kr 10 zł ¥500 500円'), [
    'MYR',
    'RUPEE',
    'INR',
    'CHF',
    'KRONE',
    'PLN',
    'YEN',
    'JPY',
  ]);
  t.same(marks('12,50€ 3,00€'), ['EUR', 'EUR'], 'a symbol after one amount is not before the next');
  t.same(marks('GST 6% 100.00'), [null, null], 'GST is no currency');
  t.same(marks('SDN 8HD'), [], 'a postcode is neither an amount nor a currency');
  t.same(marks('TOP 10'), [], 'a word-like code needs an amount with decimals');
  t.same(marks('ALL 10.00'), ['ALL'], 'with decimals it is the lek');
});

t.test('percentages are marked as rates', async (t) => {
  const tokens = findAmounts(readable('MwSt 19 % 19,00'), undecided);
  t.same(
    tokens.map((token) => [token.minor, token.percent]),
    [
      [1900, true],
      [1900, false],
    ],
  );
});

t.test('the decimal mark by evidence, per document', async (t) => {
  t.same(decimalEvidence('Summe 1.234,56 MwSt 19,00 Datum 13.06.2018'), { comma: 2, dot: 0 });
  t.equal(decideDecimalMark(decimalEvidence('Total 1,234.56 Tax 0.50')), '.');
  t.equal(decideDecimalMark(decimalEvidence('Total 1.234.567')), ',', 'repeated dots group');
  t.equal(decideDecimalMark(decimalEvidence('Total 1.234 and 5,678')), null, 'nothing decisive');
  t.equal(decideDecimalMark(decimalEvidence('Ref 1,23456')), null, 'not a money number');
  t.equal(unambiguousMark('1,234.56'), '.');
  t.equal(unambiguousMark('1.234,56'), ',');
  t.equal(unambiguousMark('1.234'), null);
  t.equal(unambiguousMark('1,2'), ',');
});

t.test('minor units stay exact beyond float precision and refuse what is not safe', async (t) => {
  t.same(toMinor('90.071.992.547.409,91', undecided), { minor: 9007199254740991, decimals: 2 });
  t.equal(toMinor('90.071.992.547.409,92', undecided), null);
  t.same(toMinor('0.29', undecided), { minor: 29, decimals: 2 }, 'no 0.29 * 100 = 28.999…');
  t.same(toMinor('1.005', { decimal: '.', minorDigits: 3 }), { minor: 1005, decimals: 3 });
  t.equal(toMinor('1,2,3', undecided), null, 'broken grouping');
});

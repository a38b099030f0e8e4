/**
 * The policy lexer: money in the minor units of its own currency whatever the sign, code, word or
 * grouping; percentages in basis points; clock times; numbers in words; and phrases read longest
 * first, so "not exceeding" is a limit and "excluding VAT" a basis.
 */
import t from 'tap';
import { lex, type Tok } from '../../../../src/ai/offline/policy/lexer.js';

const moneyIn = (text: string) =>
  lex(text)
    .filter((token): token is Tok & { t: 'money' } => token.t === 'money')
    .map((token) => [token.minor, token.currency]);

t.test('amounts are read in the minor units of their currency', async (t) => {
  const cases: Array<[string, Array<[number | null, string]>]> = [
    ['up to £1,234.50', [[123450, 'GBP']]],
    ['€ 80', [[8000, 'EUR']]],
    ['1 260,00 € per stay', [[126000, 'EUR']]],
    ['EUR 1.200 a year', [[120000, 'EUR']]],
    ['¥4,000 a month', [[4000, 'JPY']]],
    ['3,800円 per day', [[3800, 'JPY']]],
    ['JPY 12,000', [[12000, 'JPY']]],
    ['KWD 12.500', [[12500, 'KWD']]],
    [
      'Rs. 1,500 or ₹2,000 or INR 1,00,000',
      [
        [150000, 'INR'],
        [200000, 'INR'],
        [10000000, 'INR'],
      ],
    ],
    [
      'US$ 50 and A$45 and CHF 1\u2009450',
      [
        [5000, 'USD'],
        [4500, 'AUD'],
        [145000, 'CHF'],
      ],
    ],
    ['45p per mile', [[45, 'GBP']]],
    [
      '180 euros or 20 pounds sterling',
      [
        [18000, 'EUR'],
        [2000, 'GBP'],
      ],
    ],
    ['£1.5k', [[150000, 'GBP']]],
  ];
  for (const [text, expected] of cases) t.same(moneyIn(text), expected, text);
});

t.test('"$" and "¥" are marked as signs several currencies share', async (t) => {
  const [dollar, yen, code] = lex('$10, ¥10 and USD 10').filter((token) => token.t === 'money');
  t.match(dollar, { ambiguous: true, currency: 'USD' });
  t.match(yen, { ambiguous: true, currency: 'JPY' });
  t.match(code, { ambiguous: false, currency: 'USD' });
});

t.test('percentages, times and numbers in words', async (t) => {
  const tokens = lex('12.5% or 15 per cent, from 7pm until 10:30, thirty (30) days, 9.30 a.m.');
  t.same(
    tokens.filter((token) => token.t === 'pct').map((token) => (token.t === 'pct' ? token.bp : 0)),
    [1250, 1500],
  );
  t.same(
    tokens
      .filter((token) => token.t === 'time')
      .map((token) => (token.t === 'time' ? token.hhmm : '')),
    ['19:00', '10:30', '09:30'],
  );
  t.same(
    tokens.filter((token) => token.t === 'num').map((token) => (token.t === 'num' ? token.n : 0)),
    [30, 30],
  );
});

t.test('the longest phrase wins', async (t) => {
  const kinds = (text: string) =>
    lex(text)
      .filter((token) => token.t === 'lex')
      .map((token) => (token.t === 'lex' ? token.lex.k : ''));
  t.same(kinds('not exceeding'), ['limit']);
  t.same(kinds('exceeding'), ['more']);
  t.same(kinds('excluding VAT'), ['net']);
  t.same(kinds('excluding'), ['except']);
  t.same(kinds('first-class rail'), ['class', 'cat']);
  t.same(kinds('non-alcoholic drinks'), ['kind']);
  t.match(lex('non-alcoholic drinks')[0], { lex: { kinds: ['beverage'] } });
  t.same(kinds('may not be claimed'), ['neg']);
  t.same(kinds('may not claim'), ['negv']);
});

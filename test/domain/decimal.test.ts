import t from 'tap';
import {
  applyRatio,
  basisPoints,
  conversionFactor,
  divideRounded,
  formatPercent,
  invert,
  isDecimalString,
  parseDecimal,
  proportion,
} from '../../src/domain/decimal.js';

t.test('decimal strings are exact fractions; anything else is refused', async (t) => {
  t.same(parseDecimal('152.48'), { numerator: 15248n, denominator: 100n });
  t.same(parseDecimal('7'), { numerator: 7n, denominator: 1n });
  for (const bad of ['1,5', '-1', '.5', '1e3', '', '0x10']) {
    t.notOk(isDecimalString(bad), bad);
    t.throws(() => parseDecimal(bad), RangeError);
  }
});

t.test('rounding modes: half away from zero, down (toward zero), up', async (t) => {
  t.equal(divideRounded(7n, 2n, 'half_up'), 4);
  t.equal(divideRounded(7n, 2n, 'down'), 3);
  t.equal(divideRounded(7n, 2n, 'up'), 4);
  t.equal(divideRounded(-7n, 2n, 'half_up'), -4);
  t.equal(divideRounded(-7n, 2n, 'down'), -3);
  t.equal(divideRounded(13n, 10n, 'half_up'), 1);
  t.equal(divideRounded(6n, 3n, 'up'), 2, 'exact results are not moved');
  t.throws(() => divideRounded(1n, 0n, 'down'), RangeError);
});

t.test('a share of an odd yen amount rounds as the policy says', async (t) => {
  t.equal(applyRatio(7001, basisPoints(5000), 'down'), 3500);
  t.equal(applyRatio(7001, basisPoints(5000), 'half_up'), 3501);
  t.equal(proportion(4200, 18000, 21000, 'half_up'), 3600);
  t.equal(proportion(999, 1, 0, 'half_up'), 0, 'nothing of nothing');
});

t.test('conversion factors move between minor units of any two currencies exactly', async (t) => {
  // 1 USD = 151.37 JPY: $12.34 (1234 cents) is ¥1,867.9058 → 1,867 down, 1,868 to nearest.
  const usdJpy = conversionFactor('USD', 'JPY', '151.37');
  t.equal(applyRatio(1234, usdJpy, 'down'), 1867);
  t.equal(applyRatio(1234, usdJpy, 'half_up'), 1868);
  // 1 KWD = 2.6431 GBP: KWD 1.250 (1250 fils) is £3.303875 → 330 pence.
  t.equal(applyRatio(1250, conversionFactor('KWD', 'GBP', '2.6431'), 'half_up'), 330);
  // 1 JPY = 0.0021 KWD: ¥10,000 is KWD 21.000 (21000 fils) exactly.
  t.equal(applyRatio(10000, conversionFactor('JPY', 'KWD', '0.0021'), 'half_up'), 21000);
  // Printed the other way round ("1 GBP = 0.3784 KWD"): KWD 3.784 is £10.00 exactly.
  t.equal(applyRatio(3784, invert(conversionFactor('GBP', 'KWD', '0.3784')), 'half_up'), 1000);
  t.throws(() => conversionFactor('USD', 'JPY', '0'), RangeError);
});

t.test('percentages print without trailing zeros', async (t) => {
  t.equal(formatPercent(2000), '20%');
  t.equal(formatPercent(1250), '12.5%');
  t.equal(formatPercent(550), '5.5%');
  t.equal(formatPercent(5), '0.05%');
});

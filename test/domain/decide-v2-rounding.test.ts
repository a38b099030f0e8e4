/**
 * Rounding where the engine derives an amount (the tax of the allowed part of a capped bill) in
 * currencies without minor units (JPY) and with three (KWD): exact integers of the currency's own
 * minor unit, rounded the way the policy says.
 */
import t from 'tap';
import { decideV2 } from '../../src/domain/decide-v2.js';
import type { RoundingMode } from '../../src/domain/rules/types.js';
import { cap, claimV2, eligible, invoice, line, rulesV2 } from '../helpers/rules-v2-builders.js';

function hotelRules(currency: string, rounding: RoundingMode, nightly: number) {
  return rulesV2({
    currency,
    rounding,
    categories: [eligible('lodging', 'Hotels')],
    caps: [cap('night', ['lodging'], nightly, { basis: 'net_plus_eligible_tax', period: 'night' })],
  });
}

function stay(currency: string, net: number, tax: number, rate: number | null) {
  return invoice('stay', {
    category: 'lodging',
    currency,
    nights: 1,
    total_minor: net + tax,
    tax_minor: tax,
    lines: [
      line('Room', 'room', { net_minor: net, tax_minor: tax, quantity: 1, tax_rate_bp: rate }),
    ],
  });
}

const amount = (
  currency: string,
  rounding: RoundingMode,
  nightly: number,
  net: number,
  tax: number,
  rate: number | null,
) =>
  decideV2(claimV2(hotelRules(currency, rounding, nightly), [stay(currency, net, tax, rate)]))[0]
    ?.decision.reimbursable.amount_minor;

t.test('JPY: the tax of the allowed part is whole yen, rounded as the policy says', async (t) => {
  // ¥14,001 allowed of a ¥16,500 room with ¥1,650 tax: 14,001 × 10% = ¥1,400.1.
  t.equal(amount('JPY', 'down', 14001, 16500, 1650, 1000), 14001 + 1400);
  t.equal(amount('JPY', 'half_up', 14001, 16500, 1650, 1000), 14001 + 1400);
  t.equal(amount('JPY', 'up', 14001, 16500, 1650, 1000), 14001 + 1401);
  // ¥14,005 allowed: 1,400.5 rounds down to 1,400, half up to 1,401.
  t.equal(amount('JPY', 'down', 14005, 16500, 1650, 1000), 14005 + 1400);
  t.equal(amount('JPY', 'half_up', 14005, 16500, 1650, 1000), 14005 + 1401);
});

t.test('KWD: three decimals are kept exactly, then rounded as the policy says', async (t) => {
  // KWD 8.010 allowed of a KWD 10.125 room at 5%: 8.010 × 5% = 0.4005.
  t.equal(amount('KWD', 'half_up', 8010, 10125, 506, 500), 8010 + 401);
  t.equal(amount('KWD', 'down', 8010, 10125, 506, 500), 8010 + 400);
  // Under the cap nothing is derived: the bill as printed, to the fils.
  t.equal(amount('KWD', 'down', 20000, 10125, 506, 500), 10631);
});

t.test(
  'at the one rate the bill prints, the tax on the eligible part is that rate of it',
  async (t) => {
    // A room whose net came out a penny high (£495.01 with £98.99 tax: the bill's tax shared out
    // over its lines) capped at £480.00 net: 20% of £480.00 is £96.00, where a share of the
    // apportioned tax would pay £95.99.
    t.equal(amount('GBP', 'half_up', 48000, 49501, 9899, 2000), 48000 + 9600);
    // A tax that does not agree with the rate, or no rate: the eligible share of the tax charged.
    t.equal(amount('GBP', 'half_up', 48000, 49501, 5000, 2000), 48000 + 4848);
    t.equal(amount('GBP', 'half_up', 48000, 49501, 9899, null), 48000 + 9599);
  },
);

import t from 'tap';
import { factsOf } from './documents.js';

const folio = (rate: string, billed: string) => [
  'Lakeside Inn',
  '10 Shore Drive, Madison, WI 53703',
  'Date 04/02/2025',
  'Room charge $200.00',
  'Total charges (USD) $200.00',
  'Card payment slip',
  'TRANSACTION AMOUNT USD 200.00',
  `EXCHANGE RATE 1 USD = ${rate} EUR`,
  `TOTAL EUR ${billed}`,
];

t.test(
  'a card slip in another currency: the rate and the converted amount as printed',
  async (t) => {
    const facts = factsOf(folio('0.9210', '190.65'));
    t.equal(facts.currency.value, 'USD');
    t.equal(facts.total_minor.value, 20000, "the document's own total");
    t.same(facts.exchange_rate.value, { from: 'USD', to: 'EUR', rate: '0.9210' });
    t.same(facts.converted_total.value, { amount_minor: 19065, currency: 'EUR' }, 'markup allowed');
  },
);

t.test('a converted amount the rate does not give is not taken', async (t) => {
  const facts = factsOf(folio('0.9210', '95.00'));
  t.same(facts.exchange_rate.value, { from: 'USD', to: 'EUR', rate: '0.9210' });
  t.ok(facts.exchange_rate.confidence < 0.85, 'a rate alone is a weaker reading');
  t.equal(facts.converted_total.value, null);
});

t.test('Japanese yen: no minor unit', async (t) => {
  const facts = factsOf([
    'Harbour Hotel',
    'Date 04/02/2025',
    'Total charges (USD) $100.00',
    '為替レート 1 USD = 150.00 JPY',
    'ご請求額 (JPY) ¥15,300',
  ]);
  t.same(facts.converted_total.value, { amount_minor: 15300, currency: 'JPY' });
  t.equal(factsOf(['Corner Café', 'Total £3.00']).exchange_rate.value, null);
});

import t from 'tap';
import { factsOf } from './documents.js';

t.test('billing period from two dates under its label', async (t) => {
  const en = factsOf(['Mobile bill', 'Billing period 01/03/2025 - 31/03/2025', 'Total due £20.00']);
  t.same(en.billing_period.value, { start: '2025-03-01', end: '2025-03-31' });
  const de = factsOf([
    'Mobilfunk Rechnung',
    'Abrechnungszeitraum 01.02.2025 – 28.02.2025',
    'Gesamtbetrag 19,99 €',
  ]);
  t.same(de.billing_period.value, { start: '2025-02-01', end: '2025-02-28' });
});

t.test('billing period from the month a bill names', async (t) => {
  const fr = factsOf([
    'Facture internet fibre',
    'Période de facturation : avril 2025',
    'Total TTC 29,99 €',
  ]);
  t.same(fr.billing_period.value, { start: '2025-04-01', end: '2025-04-30' });
  const ja = factsOf(['携帯電話 ご利用料金', '2025年2月分', '合計 ¥4,400']);
  t.same(ja.billing_period.value, { start: '2025-02-01', end: '2025-02-28' });
  t.ok(
    (ja.billing_period.confidence ?? 0) <
      (factsOf(['Mobile bill', 'Billing period 01/03/2025 - 31/03/2025', 'Total due £20.00'])
        .billing_period.confidence ?? 0),
  );
  t.equal(factsOf(['Mobile bill', 'Total due £20.00']).billing_period.value, null);
});

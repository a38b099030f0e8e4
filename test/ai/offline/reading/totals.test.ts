import t from 'tap';
import { extractInvoiceFields } from '../../../../src/ai/offline/invoice-extractor.js';
import { type AmountCandidate, chooseTotal } from '../../../../src/ai/offline/reading/totals.js';
import { ExtractionError } from '../../../../src/ai/provider.js';
import { ocrDocument } from './positioned-pdf.js';

const read = (lines: string[]) => extractInvoiceFields(ocrDocument(lines), { currency: 'XXX' });

function candidate(
  role: AmountCandidate['role'],
  minor: number,
  order: number,
  extra: Partial<AmountCandidate> = {},
): AmountCandidate {
  return { role, minor, weak: false, siblings: 1, place: 0, page: 1, order, ...extra };
}

t.test('the total checks: net + tax, deposits, cash and change, the card charge', async (t) => {
  const netPlusTax = chooseTotal({
    candidates: [
      candidate('net', 10000, 1),
      candidate('tax', 2000, 2),
      candidate('total', 12000, 3),
      candidate('total', 9999, 4),
    ],
    linesMinor: null,
  });
  t.same([netPlusTax?.minor, netPlusTax?.checks], [12000, ['net_plus_tax']]);
  t.ok((netPlusTax?.confidence ?? 0) >= 0.95);

  const deposit = chooseTotal({
    candidates: [
      candidate('total', 11000, 1),
      candidate('prepaid', 1000, 2),
      candidate('due', 10000, 3),
    ],
    linesMinor: null,
  });
  t.same(
    [deposit?.minor, deposit?.due?.minor],
    [11000, 10000],
    'the total stays the gross; due apart',
  );

  const cash = chooseTotal({
    candidates: [
      candidate('total', 1250, 1),
      candidate('total', 1520, 2, { weak: true }),
      candidate('tendered', 2000, 3),
      candidate('change', 750, 4),
    ],
    linesMinor: null,
  });
  t.same([cash?.minor, cash?.checks], [1250, ['cash_minus_change']]);

  const lines = chooseTotal({
    candidates: [candidate('total', 5000, 1), candidate('total', 4000, 2)],
    linesMinor: 5000,
  });
  t.same([lines?.minor, lines?.checks], [5000, ['lines_plus_tax']]);

  const unconfirmed = chooseTotal({ candidates: [candidate('total', 5000, 1)], linesMinor: null });
  t.ok(
    (unconfirmed?.confidence ?? 1) < 0.9 && (unconfirmed?.confidence ?? 0) >= 0.6,
    'a label alone: fair',
  );
  const weak = chooseTotal({
    candidates: [candidate('total', 5000, 1, { weak: true })],
    linesMinor: null,
  });
  t.ok((weak?.confidence ?? 1) < 0.6, 'a weak label alone: low');
  t.equal(chooseTotal({ candidates: [candidate('tendered', 2000, 1)], linesMinor: null }), null);
});

t.test('"VAT total" is tax, not the total, when a payable amount is printed', async (t) => {
  const fields = read(['Net amount: 496.00 €', 'VAT total: 75.04 €', 'Due payable: 571.04 €']);
  t.same(
    [fields.total_minor.value, fields.tax_minor.value, fields.subtotal_minor.value],
    [57104, 7504, 49600],
  );
});

t.test('a GST summary row does not beat the real total', async (t) => {
  const fields = read([
    'KEDAI RUNCIT MAJU SDN BHD',
    'Total Sales (Incl. GST) RM 271.30',
    'Cash RM 300.00',
    'Change RM 28.70',
    'GST Summary Amount(RM) Tax(RM)',
    'SR @ 6% 255.00 16.30',
    'Total : 255.00 16.30',
  ]);
  t.same([fields.total_minor.value, fields.currency.value], [27130, 'MYR']);
});

t.test('savings, loyalty and previous balances are never the total', async (t) => {
  const fields = read([
    'FRESH MART',
    'Subtotal 42.10',
    'Total 42.10',
    'Total Savings 5.90',
    'Points balance 1250.00',
    'Previous balance 310.00',
    'VISA 42.10',
  ]);
  t.equal(fields.total_minor.value, 4210);
  const german = read([
    'Markt GmbH',
    'SUMME EUR 24,23',
    'Gegeben Bar 50,00',
    'Rückgeld 25,77',
    'Sie sparen 3,10',
  ]);
  t.same([german.total_minor.value, german.currency.value], [2423, 'EUR']);
  t.ok(german.total_minor.confidence > 0.7, 'cash minus change confirms it (OCR lowers it)');
});

t.test(
  'deposits: the gross total, not what was left to pay; nothing left is not a total',
  async (t) => {
    const french = read([
      'Total HT 91,67',
      'TVA 20 % 18,33',
      'Total TTC 110,00',
      'Acompte versé 10,00',
      'Net à payer 100,00 €',
    ]);
    t.same(
      [french.total_minor.value, french.subtotal_minor.value, french.tax_minor.value],
      [11000, 9167, 1833],
    );
    const paid = read(['Totaal incl. btw € 189,00', 'Betaald € 189,00', 'Te betalen € 0,00']);
    t.equal(paid.total_minor.value, 18900);
  },
);

t.test('totals in every language read here', async (t) => {
  const cases: Array<[string[], number, string]> = [
    [
      ['Rechnung Nr. 2024-1', 'Zwischensumme 100,00', 'MwSt. 19 % 19,00', 'Gesamtbetrag 119,00 €'],
      11900,
      'EUR',
    ],
    [['Factuur', 'Subtotaal € 100,00', 'BTW 21% € 21,00', 'Totaal € 121,00'], 12100, 'EUR'],
    [
      ['Factura', 'Base imponible 100,00 €', 'IVA 21 % 21,00 €', 'Total factura 121,00 €'],
      12100,
      'EUR',
    ],
    [['Fattura', 'Imponibile 100,00', 'IVA 22% 22,00', 'Totale documento € 122,00'], 12200, 'EUR'],
    [['Invoice', 'Subtotal £100.00', 'VAT 20% £20.00', 'Total £120.00'], 12000, 'GBP'],
    [['領収書', '小計 ¥5,273', '消費税 ¥527', '合計 ￥5,800-'], 5800, 'JPY'],
    [['請求書', 'ご請求金額 2,380円', '(内消費税等 216円)'], 2380, 'JPY'],
    [['Faktura', 'Razem do zapłaty 123,00 zł'], 12300, 'PLN'],
    [['Total KWD 1.250'], 1250, 'KWD'],
  ];
  for (const [lines, total, currency] of cases) {
    const fields = read(lines);
    t.same(
      [fields.total_minor.value, fields.currency.value],
      [total, currency],
      lines.at(-1) ?? '',
    );
  }
});

t.test(
  'an invoice in a language the labels do not know still yields its amounts, flagged',
  async (t) => {
    const finnish = read([
      'Lasku 123',
      'Veroton 100,00 €',
      'ALV 24 % 24,00 €',
      'Yhteensä 124,00 €',
    ]);
    t.equal(finnish.total_minor.value, 12400, 'two amounts add up to the third');
    t.ok(finnish.total_minor.confidence < 0.6, 'low confidence: a person looks');
    t.throws(() => read(['Lorem ipsum', 'dolor sit amet']), {
      constructor: ExtractionError,
      code: 'not_an_invoice',
    });
    t.throws(() => read(['Kostenvoranschlag', 'Fliesen verlegen 1.200,00 €', 'Summe 1.200,00 €']), {
      constructor: ExtractionError,
      code: 'not_an_invoice',
      message: /Kostenvoranschlag/i,
    });
  },
);

t.test('an amount written with the other decimal mark is a likely misreading', async (t) => {
  const fields = read([
    'Markt GmbH',
    'Brot 2,49',
    'Milch 1,19',
    'Käse 15,78',
    'SUMME EUR 19.16',
    'MasterCard EUR 19,46',
  ]);
  t.equal(fields.total_minor.value, 1946, 'the card charge, which the items add up to');
});

t.test('a receipt printing no currency has none, whatever the policy uses', async (t) => {
  const fields = read(['CORNER CAFE', 'Total 12.50', 'Cash 20.00', 'Change 7.50']);
  t.same(
    [fields.total_minor.value, fields.currency.value, fields.currency.confidence],
    [1250, null, 0],
  );
});

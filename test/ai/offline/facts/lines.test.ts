import t from 'tap';
import { extractInvoiceFacts } from '../../../../src/ai/offline/invoice-facts.js';
import { asDocument, positionedPdf, readPdf } from '../reading/positioned-pdf.js';
import { factsOf } from './documents.js';

const rows = (facts: ReturnType<typeof factsOf>) =>
  facts.lines.map((line) => [line.kind, line.net_minor ?? line.gross_minor]);

t.test('restaurant bill: food, drinks, a service charge under the subtotal', async (t) => {
  const facts = factsOf([
    'The Olive Table',
    '12 High Street, York YO1 7HF',
    'Receipt 4471 03/02/2025 19:40',
    'Covers 2',
    '2 Grilled trout 31.00',
    '1 Glass of Merlot 7.50',
    '1 Sparkling water 3.00',
    'Subtotal 41.50',
    'Service charge 12.5% 5.19',
    'Total £46.69',
  ]);
  t.same(rows(facts), [
    ['food', 3100],
    ['alcohol', 750],
    ['beverage', 300],
    ['service_charge', 519],
  ]);
  t.equal(facts.lines[0]?.quantity, 2);
  t.ok(
    facts.lines.every((line) => line.gross_minor !== null),
    'they add up to the total',
  );
  t.equal(facts.persons.value, 2);
});

t.test('French bill with a tip and a beer; the lines are gross', async (t) => {
  const facts = factsOf([
    'Brasserie du Marché',
    '8 place du Marché, 69002 Lyon',
    'Ticket n° 5521 14/03/2025 12:31',
    '2 x Plat du jour 29,00 €',
    '1 x Bière pression 5,50 €',
    'Pourboire 3,00 €',
    'Total TTC 37,50 €',
    'dont TVA 10 % 3,41 €',
  ]);
  t.same(rows(facts), [
    ['food', 2900],
    ['alcohol', 550],
    ['tip', 300],
  ]);
  t.equal(facts.city.value, 'Lyon');
});

t.test('VAT invoice: lines before tax add up to the net amount', async (t) => {
  const facts = factsOf([
    'Gasthaus Linde',
    'Rechnung Nr. 2025-118',
    'Datum 05.04.2025',
    'Schnitzel 1 18,00',
    'Weißbier 1 4,50',
    'Summe netto 22,50 €',
    'MwSt 19 % 4,28 €',
    'Gesamtbetrag 26,78 €',
  ]);
  t.same(rows(facts), [
    ['food', 1800],
    ['alcohol', 450],
  ]);
  t.ok(facts.lines.every((line) => line.net_minor !== null && line.gross_minor === null));
});

t.test(
  'hotel folio: nights, breakfast, city tax, minibar; a running balance is not a charge',
  async (t) => {
    const facts = factsOf([
      'Hotel Miramar',
      'Avenida del Mar 4, 29016 Málaga',
      'Factura 88121',
      'Fecha 12/05/2025',
      'Llegada 10/05/2025',
      'Salida 12/05/2025',
      'Noches 2',
      'Fecha Concepto Cargo Saldo',
      '10/05/2025 Habitación doble 110,00 110,00',
      '11/05/2025 Desayuno 12,00 122,00',
      '11/05/2025 Minibar 6,50 128,50',
      '11/05/2025 Habitación doble 110,00 238,50',
      '11/05/2025 Tasa turística 4,00 242,50',
      'Total 242,50 €',
    ]);
    t.same(rows(facts), [
      ['room', 11000],
      ['breakfast', 1200],
      ['minibar', 650],
      ['room', 11000],
      ['tourist_tax', 400],
    ]);
    t.equal(facts.lines[0]?.date, '2025-05-10');
    t.equal(facts.nights.value, 2);
    t.equal(facts.check_in.value, '2025-05-10');
    t.equal(facts.check_out.value, '2025-05-12');
  },
);

t.test('Japanese receipt: a tax row inside the lines, an accommodation tax line', async (t) => {
  const facts = factsOf([
    'ホテル みなと',
    '領収書',
    '2025/06/02',
    '2025/06/01 宿泊料 シングル 12,000',
    '2025/06/01 消費税 10% 1,200',
    '2025/06/01 宿泊税 200',
    '合計 ¥13,400',
  ]);
  t.same(rows(facts), [
    ['room', 12000],
    ['tourist_tax', 200],
  ]);
  t.equal(facts.tax_minor.value, 1200, 'the tax is the tax row among the lines, not the city tax');
});

t.test(
  'lines that add up to nothing printed are low confidence; a card payment is no line',
  async (t) => {
    const facts = factsOf([
      'Corner Café',
      'Receipt 12',
      'Sandwich 4.50',
      'Juice 2.00',
      'Visa ****1234 9.90',
      'Total £9.90',
    ]);
    t.ok(facts.lines.length > 0);
    t.ok(facts.lines.every((line) => line.confidence < 0.5));
    t.notOk(facts.lines.some((line) => line.description.includes('Visa')));
  },
);

t.test('a positioned PDF reads the same lines', async (t) => {
  const pdf = await positionedPdf([
    [
      { text: 'Harbour Kitchen', x: 40, y: 40, size: 14 },
      { text: 'Receipt 300', x: 40, y: 70 },
      { text: 'Fish stew', x: 40, y: 120 },
      { text: '14.00', x: 400, y: 120 },
      { text: 'Pint of lager', x: 40, y: 140 },
      { text: '5.20', x: 400, y: 140 },
      { text: 'Total', x: 40, y: 170 },
      { text: '£19.20', x: 400, y: 170 },
    ],
  ]);
  const facts = extractInvoiceFacts(asDocument(await readPdf(pdf)), { currency: 'XXX' });
  t.same(
    facts.lines.map((line) => [line.kind, line.gross_minor]),
    [
      ['food', 1400],
      ['alcohol', 520],
    ],
  );
});

t.test('a letter-spaced total closes the lines of a Japanese receipt', async (t) => {
  const facts = factsOf([
    '酒場 みなみ',
    '2025/07/01 19:30',
    '焼き鳥 ¥600',
    '生ビール ×2 ¥1,100',
    '合 計 ¥1,700',
    '内消費税(10%) ¥154',
  ]);
  t.equal(facts.total_minor.value, 1700);
  t.same(rows(facts), [
    ['food', 600],
    ['alcohol', 1100],
  ]);
  t.equal(facts.lines[1]?.quantity, 2);
});

t.test(
  'folio over two pages: a sentence about VAT is no summary, dated tax rows are charges',
  async (t) => {
    const facts = factsOf(
      [
        'Harbour View Hotel',
        '200 Pier Road, Portland, OR 97201',
        'Folio 5521',
        'Charges are shown including all taxes.',
        'Date Description Amount',
        '03/10/2025 Room charge $150.00',
        '03/10/2025 State sales tax 8% $12.00',
        '03/10/2025 City lodging tax 5% $7.50',
        '03/11/2025 Lobby Bar - 2 x Gin & tonic $20.00',
      ],
      [
        'Harbour View Hotel',
        '03/11/2025 Room charge $150.00',
        '03/11/2025 State sales tax 8% $12.00',
        '03/11/2025 City lodging tax 5% $7.50',
        'Total charges $359.00',
      ],
    );
    t.same(rows(facts), [
      ['room', 15000],
      ['room_tax', 750],
      ['alcohol', 2000],
      ['room', 15000],
      ['room_tax', 750],
    ]);
    t.ok(
      facts.lines.every((line) => line.net_minor !== null),
      'the sales tax is added to them',
    );
    t.equal(facts.city.value, 'Portland', 'the street number is no postcode');
  },
);

t.test(
  "a VAT analysis table: its total row gives net and tax, not one category's row",
  async (t) => {
    const facts = factsOf([
      'Hotel Belvedere',
      'Invoice 771',
      'Room 100.00',
      'Dinner 50.00',
      'Total charges £150.00',
      'VAT analysis',
      'Category Net VAT 20% Gross',
      'Accommodation 83.33 16.67 100.00',
      'Food 41.67 8.33 50.00',
      'Total 125.00 25.00 150.00',
    ]);
    t.equal(facts.total_minor.value, 15000);
    t.same([facts.net_minor.value, facts.tax_minor.value], [12500, 2500]);
    t.same(
      facts.taxes.map((row) => [row.rate_bp, row.net_minor, row.tax_minor]),
      [[2000, 12500, 2500]],
      'the rate printed in the header of the table',
    );
  },
);

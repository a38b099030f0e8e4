import t from 'tap';
import { extractInvoiceFields } from '../../../../src/ai/offline/invoice-extractor.js';
import { asDocument, ocrDocument, positionedPdf, readPdf } from './positioned-pdf.js';

const read = (lines: string[]) => extractInvoiceFields(ocrDocument(lines), { currency: 'XXX' });

t.test('invoice numbers by their labels in seven languages', async (t) => {
  const cases: Array<[string, string]> = [
    ['Invoice No: INV-2024-118', 'INV-2024-118'],
    ['Invoice #12345', '12345'],
    ['Invoice number: 2024_0042', '2024_0042'],
    ['Facture n° F2024/017', 'F2024/017'],
    ['N° facture : FA-88', 'FA-88'],
    ['Rechnungsnr.: RE-5532486', 'RE-5532486'],
    ['Rechnung Nr. 2014-03 vom 11.07.2014', '2014-03'],
    ['Factuurnummer: 8587333880016', '8587333880016'],
    ['Nº factura: A/2024/77', 'A/2024/77'],
    ['Fattura n. 12/2024 del 03/05/2024', '12/2024'],
    ['請求書番号: 2024-0099', '2024-0099'],
  ];
  for (const [line, number] of cases) {
    t.equal(read(['Shop', line, 'Total 10,00 €']).invoice_number.value, number, line);
  }
  const customer = read(['Kundennummer: 40012', 'Rechnungsnummer: R-7', 'Summe 10,00 €']);
  t.equal(customer.invoice_number.value, 'R-7', 'a customer number is not the invoice number');
  const none = read(['Kundennummer: 40012', 'Summe 10,00 €']);
  t.equal(none.invoice_number.value, null);
});

t.test('the issue date among the other dates of a document', async (t) => {
  const issue = read([
    'Bestelldatum: 01.06.2014',
    'Rechnungsdatum: 04.06.2014',
    'Lieferdatum: 03.06.2014',
    'Fällig am: 18.06.2014',
    'Summe 35,24 €',
  ]);
  t.same([issue.date.value, issue.date.confidence], ['2014-06-04', 0.81]);
  const due = read(['Due date: 15/02/2024', 'Total 10.00 €', 'Thank you, 01/02/2024']);
  t.equal(due.date.value, '2024-02-01', 'a due date is never the issue date');
  const order = read([
    'Order date: 28 Jan 15',
    'Invoice Total: $101.00',
    'Credits from this purchase will expire on 28 Jan 2016.',
  ]);
  t.equal(order.date.value, '2015-01-28', 'the order date, rather than a date in a sentence');
  const period = read(['Billing period 01/01/24 - 01/31/24', 'Total 10.00 €', 'Date: 02/05/24']);
  t.equal(period.date.value, '2024-02-05', 'the ends of a period are not issue dates');
  const dutch = read([
    'Factuur',
    'Datum: 29 oktober 2015',
    'Vervaldatum: 12 november 2015',
    'Totaal € 12,10',
  ]);
  t.equal(dutch.date.value, '2015-10-29');
  const spanish = read(['Factura', 'Fecha de emisión: 3 de agosto de 2024', 'Total 12,10 €']);
  t.equal(spanish.date.value, '2024-08-03');
  const japanese = read([
    '請求書',
    '発行日 令和6年12月5日',
    '支払期限 令和7年1月31日',
    '合計 ¥5,800',
  ]);
  t.equal(japanese.date.value, '2024-12-05');
});

t.test('a ticket is dated when it was issued, not when the journey is', async (t) => {
  const ticket = read([
    'Fjordline Air  E-Ticket',
    'PNR: Q7ZK2P   Issued on 03 Mar 2031',
    'Travel Date: 21 Mar 2031   Departs 06:40',
    'Total Fare 1,254.00 €',
  ]);
  t.equal(ticket.date.value, '2031-03-03', 'the issue date, though the travel date is later');
  const bought = read([
    'Rail Co  Ticket',
    'Date of travel: 19/04/2031',
    'Purchase date: 02/04/2031',
    'Total £48.20',
  ]);
  t.equal(bought.date.value, '2031-04-02', 'a ticket is issued when it is bought');
  const german = read([
    'Bahn-Ticket',
    'Reisedatum: 12.05.2031',
    'Kaufdatum: 30.04.2031',
    'Summe 59,90 €',
  ]);
  t.equal(german.date.value, '2031-04-30');
  const only = read([
    'Coach Lines  eTicket',
    'Journey Date: 22 Jun 2031',
    'Total Fare Rs. 1,449.00',
  ]);
  t.same(
    [only.date.value, only.date.confidence < 0.7],
    ['2031-06-22', true],
    'a travel date alone stands in, with a confidence that says so',
  );
});

t.test('a number cut short by OCR is no amount; the card charge stands in', async (t) => {
  const receipt = read([
    'KORNKAMMER',
    'MwSt 7% 0,52',
    'SUMME EUR 7.45',
    'Visa EUR 7,95',
    'Betrag EUR 7, 9¢',
  ]);
  t.equal(receipt.total_minor.value, 795, '"7, 9¢" is not 7.00; "7.45" is off the page\'s style');
});

t.test("dates under a table's Date column are the lines', not the document's", async (t) => {
  const pdf = await positionedPdf([
    [
      { text: 'HARBOUR VIEW HOTEL', x: 50, y: 50, size: 14 },
      { text: 'Arrival', x: 50, y: 100 },
      { text: '12/10/2031', x: 150, y: 100 },
      { text: 'Departure', x: 50, y: 115 },
      { text: '15/10/2031', x: 150, y: 115 },
      { text: 'Date', x: 50, y: 160 },
      { text: 'Description', x: 150, y: 160 },
      { text: 'Amount', x: 450, y: 160 },
      { text: '12/10/2031', x: 50, y: 175 },
      { text: 'Room', x: 150, y: 175 },
      { text: '198.00', x: 450, y: 175 },
      { text: '13/10/2031', x: 50, y: 190 },
      { text: 'Room', x: 150, y: 190 },
      { text: '198.00', x: 450, y: 190 },
      { text: 'Total', x: 350, y: 230 },
      { text: '£396.00', x: 450, y: 230 },
    ],
  ]);
  const fields = extractInvoiceFields(asDocument(await readPdf(pdf)), { currency: 'XXX' });
  t.equal(fields.date.value, '2031-10-15');
});

t.test('a quote titled beside its seller on a positioned page is refused', async (t) => {
  const pdf = await positionedPdf([
    [
      { text: 'Traiteur Soleil', x: 50, y: 50, size: 14 },
      { text: 'DEVIS', x: 420, y: 50, size: 14 },
      { text: 'Devis n°', x: 420, y: 70 },
      { text: 'DV-2031-11', x: 480, y: 70 },
      { text: 'Total TTC', x: 350, y: 300 },
      { text: '1 408,00 €', x: 450, y: 300 },
    ],
  ]);
  const document = asDocument(await readPdf(pdf));
  t.throws(() => extractInvoiceFields(document, { currency: 'XXX' }), { code: 'not_an_invoice' });
});

t.test('a hotel bill without an issue date is dated when the guest left', async (t) => {
  const folio = read([
    'THE HARBOUR INN',
    'Folio no. 5521',
    'Arrival 03/02/2031',
    'Departure 06/02/2031',
    'Date Description Amount',
    '03/02/2031 Room 120.00',
    '04/02/2031 Room 120.00',
    'Total £240.00',
  ]);
  t.same([folio.date.value, folio.date.confidence < 0.7], ['2031-02-06', true]);
});

t.test(
  "a page without a printed currency is in its country's money, said with doubt",
  async (t) => {
    const uk = read([
      'THE LANTERN',
      'Quay Street, Bristol BS1 4XX',
      'Tel 0117 496 0000',
      'TOTAL DUE 13.45',
    ]);
    t.equal(uk.currency.value, 'GBP');
    t.ok(uk.currency.confidence <= 0.5, 'inferred, not printed');
    t.equal(
      read(['THE LANTERN', 'TOTAL DUE 13.45']).currency.value,
      null,
      'no country, no currency',
    );
  },
);

t.test('a quote is refused even though it numbers itself', async (t) => {
  for (const [heading, numbered] of [
    ['DEVIS', 'Devis n° DV-2031-11'],
    ['ANGEBOT', 'Angebot Nr. A-77'],
  ] as const) {
    t.throws(
      () => read(['Traiteur Soleil', heading, numbered, 'Date 02/11/2031', 'Total TTC 1 408,00 €']),
      { code: 'not_an_invoice' },
      heading,
    );
  }
  t.equal(
    read(['Traiteur Soleil', 'Facture n° F-2031-11', 'Devis n° DV-2031-11', 'Total TTC 1 408,00 €'])
      .total_minor.value,
    140800,
    'an invoice that cites its quote is an invoice',
  );
});

t.test('a US page is read month first from its own unambiguous dates', async (t) => {
  const fields = read(['Invoice', 'Date: 11/03/2017', 'Ship date: 11/17/2017', 'Total $12.00']);
  t.equal(fields.date.value, '2017-11-03');
  const european = read([
    'Rechnung',
    'Datum: 11/03/2017',
    'Lieferung: 25/03/2017',
    'Summe 12,00 €',
  ]);
  t.equal(european.date.value, '2017-03-11');
});

t.test('a letter date beats the print date in the page footer', async (t) => {
  const pdf = await positionedPdf([
    [
      { text: 'Leasing Service GmbH', x: 50, y: 50, size: 14 },
      { text: 'München, den', x: 380, y: 200 },
      { text: '01.11.2024', x: 450, y: 200 },
      { text: 'Summe', x: 300, y: 500 },
      { text: '447,88 EUR', x: 450, y: 500 },
      { text: 'Datum:', x: 300, y: 800, size: 7 },
      { text: '30.10.2024', x: 330, y: 800, size: 7 },
    ],
  ]);
  const fields = extractInvoiceFields(asDocument(await readPdf(pdf)), { currency: 'XXX' });
  t.same([fields.date.value, fields.total_minor.value], ['2024-11-01', 44788]);
});

t.test('the seller, not the buyer, a page number or OCR noise', async (t) => {
  t.equal(
    read(['Seite 1 von 1', 'Kaffeehaus Sonne GmbH', 'Summe 12,50 €']).vendor.value,
    'Kaffeehaus Sonne GmbH',
  );
  t.equal(
    read([
      'Bill to:',
      'Jane Doe',
      '12 High Street',
      'Leeds LS1 4AP',
      'Northwind Traders Ltd',
      'Total £12.50',
    ]).vendor.value,
    'Northwind Traders Ltd',
  );
  t.equal(
    read(['I] ; Tl0m ~ el [2', 'FRESH MARKET', 'Summe 12,50 €']).vendor.value,
    'FRESH MARKET',
    'logo noise is stepped over',
  );
  t.equal(
    read(['DUPLICATE COPY', 'CAFE SOL', 'Total 12.50']).vendor.value,
    'CAFE SOL',
    'the mark of a reprint is not the seller',
  );
  t.equal(read(['Original Pizza Co', 'Total 12.50']).vendor.value, 'Original Pizza Co');
  t.equal(
    read(['Am Markt 12', 'BIOLADEN', 'Summe 12,50 €']).vendor.value,
    'BIOLADEN',
    'a street and house number is an address',
  );
  t.equal(
    read(['Lieferant GmbH · Lieferantenstraße 20 · 80333 München', 'Kunde AG', 'Summe 12,50 €'])
      .vendor.value,
    'Lieferant GmbH',
    'the sender line above the address window',
  );
  t.equal(
    read(['Verkäufer:', 'Global Supplies Ltd.', 'Käufer:', 'Kunde GmbH', 'Summe 2.000,00 €']).vendor
      .value,
    'Global Supplies Ltd.',
    'a seller label',
  );
});

t.test(
  'receipts: the shop heads its address, marks of the scan edge are not part of its name',
  async (t) => {
    const items = Array.from({ length: 12 }, (_, i) => `ARTIKEL ${i + 1} 1,00 A`);
    t.equal(
      read([
        '4412 0815 1,99 b',
        'KAFFEEMASCHINE',
        'Kundenbeleg',
        'Elektro Ostwind Hamburg',
        'Hafenkamp 30-32',
        '20459 Hamburg',
        'Summe EUR 1,99',
      ]).vendor.value,
      'Elektro Ostwind Hamburg',
      'a product line above it is not the shop; the name above a street and a town is',
    );
    t.equal(
      read(['= § : Buchladen Eule', '20459 Hamburg', ...items, 'Summe 12,00 €']).vendor.value,
      'Buchladen Eule',
    );
    t.equal(
      read([
        'Ixq wbnzl rt',
        '20459 Hamburg',
        ...items,
        'Summe 12,00 €',
        'Danke!',
        'Eule Handel GmbH & Co. KG, Hamburg',
      ]).vendor.value,
      'Eule Handel GmbH & Co. KG, Hamburg',
      'a receipt ends with the legal name of its shop',
    );
    t.equal(
      read([
        'Cafe Nordlicht',
        'Bill to:',
        'Jane Doe',
        '1 Mill Road',
        'Leeds LS1 4AP',
        ...items,
        'Total 12.00 €',
        'Nordlicht Holdings Ltd, registered in England',
      ]).vendor.value,
      'Cafe Nordlicht',
      'on an invoice (a buyer is named), a legal name in the footer is small print',
    );
  },
);

t.test('shared symbols: a printed code, then the country; OCR confusions by country', async (t) => {
  t.equal(read(['Invoice', 'ABN 12 345 678 901', 'Total $101.00']).currency.value, 'AUD');
  t.equal(
    read(['Invoice', 'ABN 12 345 678 901', 'Total $101.00', 'All amounts in USD']).currency.value,
    'USD',
    'a printed code says which dollar',
  );
  const pound = read(['Markt GmbH', 'Tel. +49 30 1234567', 'SUMME £ 12,50', 'Bar £ 20,00']);
  t.same([pound.currency.value, pound.currency.confidence < 0.95], ['EUR', true]);
  const truePound = read(['Corner Shop', 'London SW1A 1AA', 'Total £12.50']);
  t.equal(truePound.currency.value, 'GBP');
});

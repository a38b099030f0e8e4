/**
 * The booking reference a ticket and the invoice of the same booking both print (PNR, dossier,
 * Buchungsnummer), read beside the document's own number.
 */
import t from 'tap';
import { extractInvoiceFields } from '../../../../src/ai/offline/invoice-extractor.js';
import { asDocument, ocrDocument, positionedPdf, readPdf } from './positioned-pdf.js';

const read = (lines: string[]) => extractInvoiceFields(ocrDocument(lines), { currency: 'XXX' });

t.test('booking references by their labels in seven languages', async (t) => {
  const cases: Array<[string, string]> = [
    ['Booking reference: MB4K7Q', 'MB4K7Q'],
    ['Booking ref WQ7-H2Z', 'WQ7-H2Z'],
    ['PNR: TXLQPE', 'TXLQPE'],
    ['Confirmation number 884120377', '884120377'],
    ['Référence dossier RB9X2L', 'RB9X2L'],
    ['N° de dossier 55-20931', '55-20931'],
    ['Référence de réservation ZK81PV', 'ZK81PV'],
    ['Buchungsnummer: 77341102', '77341102'],
    ['Buchungscode Q7RR2M', 'Q7RR2M'],
    ['Boekingsnummer: NL-448210', 'NL-448210'],
    ['Localizador: ZX4QWE', 'ZX4QWE'],
    ['Codice prenotazione: PR8841T', 'PR8841T'],
    ['予約番号: 4471-0082', '4471-0082'],
  ];
  for (const [line, reference] of cases) {
    t.equal(
      read(['Some Rail Co', line, 'Total 10,00 €']).booking_reference?.value,
      reference,
      line,
    );
  }
});

t.test('the invoice number and the booking reference are read side by side', async (t) => {
  const invoice = read([
    'Rail Tours SARL',
    'FACTURE',
    'Facture n° RT-2026-00417',
    'Date 03/09/2026',
    'Référence dossier VB3N8Q',
    'Total TTC 64,00 €',
  ]);
  t.equal(invoice.invoice_number.value, 'RT-2026-00417');
  t.equal(invoice.booking_reference?.value, 'VB3N8Q');
  t.ok((invoice.booking_reference?.confidence ?? 0) > 0.5);
  const ticket = read([
    'Rail Tours',
    'E-BILLET',
    'Référence dossier VB3N8Q',
    'Date d’achat 03/09/2026',
    'Montant total TTC 64,00 €',
  ]);
  t.equal(ticket.booking_reference?.value, 'VB3N8Q', 'the ticket prints the same booking');
});

t.test('no booking reference when none is printed', async (t) => {
  const receipt = read(['Corner Cafe', 'Receipt no 4471', 'Total 10.00 €']);
  t.notOk('booking_reference' in receipt, 'the field is left out, not null');
  const words = read(['Corner Cafe', 'Dossier complet', 'Total 10.00 €']);
  t.notOk(words.booking_reference, 'a word of a sentence is no reference');
  const short = read(['Corner Cafe', 'Booking ref: 12', 'Total 10.00 €']);
  t.notOk(short.booking_reference, 'too short to be one');
});

t.test('a booking reference under its label in a positioned PDF', async (t) => {
  const pdf = await positionedPdf([
    [
      { text: 'Coastline Ferries', x: 40, y: 40 },
      { text: 'Booking reference', x: 40, y: 100 },
      { text: 'Sailing date', x: 260, y: 100 },
      { text: 'FR7Q2D', x: 40, y: 116 },
      { text: '14/08/2026', x: 260, y: 116 },
      { text: 'Total 48.00 €', x: 40, y: 200 },
    ],
  ]);
  const fields = extractInvoiceFields(asDocument(await readPdf(pdf)), { currency: 'EUR' });
  t.equal(fields.booking_reference?.value, 'FR7Q2D');
});

import t from 'tap';
import { extractInvoiceFacts } from '../../../src/ai/offline/invoice-facts.js';
import { ocrDocument } from './reading/positioned-pdf.js';

const context = { currency: 'XXX' };

t.test(
  'facts v2 from the offline reading: totals, amount due, tax by rate, ids, time',
  async (t) => {
    const document = ocrDocument([
      'Atelier Lumière SARL',
      'N° TVA intracommunautaire : FR12345678901',
      'Facture n° F-2024-0042',
      'Date : 03/08/2024 14:32',
      'Total HT 200,00 €',
      'TVA 5,5 % 100,00 5,50 €',
      'TVA 20 % 100,00 20,00 €',
      'Total TTC 225,50 €',
      'Acompte versé 25,50 €',
      'Net à payer 200,00 €',
    ]);
    const facts = extractInvoiceFacts({ ...document, ocr: false }, context);
    t.equal(facts.facts_version, 2);
    t.equal(facts.extracted_by, 'offline');
    t.same(
      [facts.vendor.value, facts.invoice_number.value, facts.date.value, facts.currency.value],
      ['Atelier Lumière SARL', 'F-2024-0042', '2024-08-03', 'EUR'],
    );
    t.same(
      [facts.net_minor.value, facts.tax_minor.value, facts.total_minor.value],
      [20000, 2550, 22550],
    );
    t.equal(facts.amount_due_minor.value, 20000, 'what was left to pay after the deposit');
    t.same(
      facts.taxes.map((row) => [row.rate_bp, row.net_minor, row.tax_minor]),
      [
        [550, 10000, 550],
        [2000, 10000, 2000],
      ],
    );
    t.equal(facts.seller_tax_id.value, 'FR12345678901');
    t.equal(facts.printed_time.value, '14:32');
    t.same(facts.document_kind, { value: null, confidence: 0, page: null }, 'not said: absent');
    t.same(facts.nights, { value: null, confidence: 0, page: null }, 'never invented');
  },
);

t.test('a negative total is a credit; nothing due is not read as due', async (t) => {
  const facts = extractInvoiceFacts(
    ocrDocument([
      'Rechnungskorrektur',
      'Summe netto -7,39 €',
      'MwSt 19 % -1,40 €',
      'Gesamtbetrag -8,79 €',
    ]),
    context,
  );
  t.same([facts.total_minor.value, facts.document_kind.value], [-879, 'credit_note']);
  t.equal(facts.amount_due_minor.value, null);
  t.ok(facts.total_minor.confidence < 1, 'OCR text is trusted less');
});

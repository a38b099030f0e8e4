import t, { type Test } from 'tap';
import {
  type LabelRole,
  languagesOf,
  matchLabels,
} from '../../../../src/ai/offline/reading/labels.js';
import { readable } from '../../../../src/ai/offline/reading/normalize.js';

/** The role of the first label on a line. */
function roleOf(line: string): LabelRole | null {
  return matchLabels(readable(line))[0]?.role ?? null;
}

function check(t: Test, role: LabelRole | null, lines: readonly string[]): void {
  for (const line of lines) t.equal(roleOf(line), role, line);
}

t.test('totals and amounts due in seven languages', async (t) => {
  check(t, 'total', [
    'Total: 12.50',
    'Grand Total 12.50',
    'Invoice total 12.50',
    'Total incl. VAT 12.50',
    'Gesamtbetrag 12,50 €',
    'Summe 12,50',
    'SUMME EUR 12,50',
    'Rechnungsbetrag 12,50',
    'Gesamt inkl. MwSt. 12,50',
    'Total TTC 12,50 €',
    'Montant TTC 12,50',
    'Totaal 12,50',
    'Totaal incl. btw 12,50',
    'Importe total 12,50',
    'Totale documento 12,50',
    '合計 ¥5,800',
    '税込合計 5,800円',
  ]);
  check(t, 'due', [
    'Amount due 12.50',
    'Balance Due: $12.50',
    'Due payable: 571.04 €',
    'Zu zahlen 12,50',
    'Zahlbetrag 12,50',
    'Net à payer 12,50',
    'NET A PAYER 12,50',
    'Montant dû 12,50',
    'Reste à payer 12,50',
    'Te betalen € 12,50',
    'Total a pagar 12,50',
    'Totale da pagare 12,50',
    'ご請求金額 ¥5,800',
    'お支払い金額 5,800円',
  ]);
});

t.test('net, tax and deposits are told apart from the total', async (t) => {
  check(t, 'net', [
    'Subtotal 10.00',
    'Sub-Total 10.00',
    'Total excl. VAT 10.00',
    'Nettobetrag 10,00',
    'Summe netto 10,00',
    'Zwischensumme 10,00',
    'Total HT 10,00',
    'Sous-total 10,00',
    'Subtotaal 10,00',
    'Totaal excl. btw 10,00',
    'Base imponible 10,00',
    'Imponibile 10,00',
    '小計 1,000',
  ]);
  check(t, 'tax', [
    'VAT 20% 2.00',
    'VAT total: 75.04 €',
    'Total VAT 2.00',
    'GST 6% 0.60',
    'MwSt. 19% 1,90',
    'USt 19 % 1,90',
    'Total TVA 2,00',
    'TVA 20 % 2,00',
    'BTW 21% 2,10',
    'IVA 21% 2,10',
    'I.V.A. 21% 2,10',
    '消費税 500',
    '内消費税等 500',
  ]);
  check(t, 'prepaid', [
    'Deposit paid 10.00',
    'Anzahlung 10,00',
    'Acompte versé 10,00',
    'Aanbetaling 10,00',
    'Anticipo 10,00',
    'Acconto 10,00',
  ]);
});

t.test('amounts that are never the total', async (t) => {
  check(t, 'tendered', [
    'Cash 50.00',
    'Cash tendered 50.00',
    'BAR 50,00',
    'Gegeben 50,00',
    'Espèces 50,00',
    'お預り 10,000',
  ]);
  check(t, 'change', [
    'Change 7.50',
    'Change due 7.50',
    'Rückgeld 7,50',
    'Rendu 7,50',
    'Wisselgeld 7,50',
    'Cambio 7,50',
    'Resto 7,50',
    'お釣り 4,200',
  ]);
  check(t, 'excluded', [
    'Total Savings 0.00',
    'You saved 3.00',
    'Previous balance 120.00',
    'Balance brought forward 120.00',
    'Loyalty balance 320',
    'Sie sparen 1,00',
    'Solde précédent 12,00',
    'Vorig saldo 12,00',
  ]);
});

t.test('document numbers, and the numbers that are not', async (t) => {
  check(t, 'number', [
    'Invoice No: 123',
    'Invoice number 123',
    'Invoice # 123',
    'Receipt No.: 77',
    'Facture n° F2024-1',
    'N° facture F2024-1',
    'Numéro de facture F2024-1',
    'Rechnungsnr. 123',
    'Rechnungs-Nr.: 123',
    'Rechnungsnummer 123',
    'Factuurnummer 123',
    'Nº factura 123',
    'Número de factura 123',
    'Fattura n. 123',
    'Numero fattura 123',
    '請求書番号 123',
  ]);
  check(t, 'other_number', [
    'Customer No: 9',
    'Kundennummer 9',
    'N° client 9',
    'Klantnummer 9',
    'IBAN DE89…',
  ]);
  check(t, 'tax_id', [
    'USt-IdNr.: DE123456789',
    'Steuernummer 143/123/45678',
    'VAT No: GB123456789',
    'GSTIN: 29ABCDE1234F1Z5',
    'N° TVA intracommunautaire FR12345678901',
    'SIRET 123 456 789 00014',
    'BTW-nummer NL123456789B01',
    'CIF B12345678',
    'Partita IVA 01234567890',
    '登録番号 T1234567890123',
  ]);
  check(t, 'date', [
    'Invoice Date: 1.2.2024',
    'Datum: 1.2.2024',
    'Rechnungsdatum 1.2.2024',
    'Date de facture 1.2.2024',
    'Factuurdatum 1.2.2024',
    'Fecha de emisión 1.2.2024',
    'Data fattura 1.2.2024',
    '発行日 2024年1月2日',
  ]);
  check(t, 'other_date', [
    'Due date 1.2.2024',
    'Fälligkeitsdatum 1.2.2024',
    'Lieferdatum 1.2.2024',
    "Date d'échéance 1.2.2024",
    'Vervaldatum 1.2.2024',
    'Fecha de vencimiento 1.2.2024',
    'Data scadenza 1.2.2024',
    '支払期限 2024年1月2日',
  ]);
});

t.test('labels report where they are in the line, accents and marks included', async (t) => {
  const line = 'Kunde: 9   Rechnungs-Nr.: RE-1';
  const [customer, number] = matchLabels(line);
  t.same([customer?.role, line.slice(customer?.start, customer?.end)], ['buyer', 'Kunde']);
  t.same([number?.role, line.slice(number?.start, number?.end)], ['number', 'Rechnungs-Nr']);
  const french = 'Montant dû : 12,50';
  const due = matchLabels(french)[0];
  t.equal(french.slice(due?.start, due?.end), 'Montant dû');
  t.notOk(
    matchLabels('Subtotalen 12').some((label) => label.role === 'net'),
    'whole words only',
  );
  t.notOk(
    matchLabels('Base Fare 5,820.00').some((label) => label.role === 'net'),
    'a base fare is not a net amount ("base imponible" is)',
  );
  t.equal(matchLabels('Amount 12.50')[0]?.weak, true, 'a weak label says so');
});

t.test('the languages of a text by its labels', async (t) => {
  t.same(languagesOf('Rechnungsnummer 1\nZwischensumme 10,00\nMwSt 1,90')[0], 'de');
  t.same(languagesOf('Factuurnummer 1\nTe betalen 12,10')[0], 'nl');
  t.same(languagesOf('Lorem ipsum dolor 12,50'), [], 'none known');
});

/**
 * OCR confuses some currency symbols ("€" read as "£"): on OCR'd text a symbol of a confusable
 * pair is weighed against a code printed in letters and against the country the page names; text
 * PDFs are believed as printed. Every overruled piece of evidence leaves a reading note.
 */
import t from 'tap';
import { extractInvoiceFields } from '../../../../src/ai/offline/invoice-extractor.js';
import { countryEvidence, votesOf } from '../../../../src/ai/offline/reading/country.js';
import {
  chooseCurrency,
  languageEvidence,
} from '../../../../src/ai/offline/reading/currency-choice.js';
import { matchLabels } from '../../../../src/ai/offline/reading/labels.js';
import { decideClaim } from '../../../../src/domain/decide.js';
import type { InvoiceFields } from '../../../../src/domain/types.js';
import { claim, rules } from '../../../helpers/decision-builders.js';
import { asDocument, ocrDocument, positionedPdf, readPdf } from './positioned-pdf.js';

const ocr = (lines: string[]): InvoiceFields =>
  extractInvoiceFields(ocrDocument(lines), { currency: 'XXX' });

/** An invented bakery's receipt, priced with `symbol`, with German words and ids. */
const germanReceipt = (symbol: string, ids = ['USt-IdNr. DE123456789']) => [
  'Backstube Morgenrot',
  'Lindenallee 12',
  '10115 Berlin',
  ...ids,
  `Brötchen 2,40 ${symbol}`,
  `Kaffee 3,10 ${symbol}`,
  `Summe ${symbol} 5,50`,
  'MwSt 7% 0,36',
  'Bar 10,00',
  'Rückgeld 4,50',
];

const noteOf = (fields: InvoiceFields) =>
  fields.reading_notes?.find((note) => note.flag === 'currency_inferred')?.note ?? '';

t.test('OCR "£" on a German receipt with a VAT id and German words is a euro', async (t) => {
  const fields = ocr(germanReceipt('£'));
  t.equal(fields.currency.value, 'EUR');
  t.equal(fields.total_minor.value, 550);
  t.ok(fields.currency.confidence < 0.7, 'a second guess is not a printed symbol');
  t.match(noteOf(fields), /OCR read "£" \(GBP\).*"€".*tax id DE123456789.*EUR is read/);
});

t.test('an address and German words are two independent kinds of evidence', async (t) => {
  const fields = ocr(germanReceipt('£', []));
  t.equal(fields.currency.value, 'EUR');
  t.match(noteOf(fields), /postcode 10115 Berlin.*German labels|German labels.*postcode 10115/);
  const words = ocr(germanReceipt('£', []).filter((line) => line !== '10115 Berlin'));
  t.equal(words.currency.value, 'GBP', 'the language alone is one kind: noted, not overruled');
  t.match(noteOf(words), /evidence for EUR \(German labels\) is not enough/);
});

t.test('the engine flags a second-guessed currency for review, and decides in it', async (t) => {
  const fields = ocr(germanReceipt('£'));
  const [decided] = decideClaim(
    claim(
      [
        {
          key: 'k',
          file_name: 'receipt.jpg',
          file_sha256: 'sha-k',
          fields: { ...fields, category: { value: 'meal', confidence: 0.9, page: 1 } },
          ocr: true,
        },
      ],
      { rules: rules({ currency: 'EUR', submission_window: null }) },
    ),
  );
  t.ok(decided?.decision.flags.includes('currency_inferred'));
  t.match(decided?.decision.reason, /OCR read "£"/);
  t.same(decided?.decision.reimbursable, { amount_minor: 550, currency: 'EUR' });
});

t.test('the same receipt as a text PDF is priced in pounds, as printed', async (t) => {
  const fields = extractInvoiceFields(
    { ...ocrDocument(germanReceipt('£')), name: 'receipt.pdf', ocr: false },
    { currency: 'XXX' },
  );
  t.equal(fields.currency.value, 'GBP');
  t.same(fields.reading_notes ?? [], []);
  const pdf = await readPdf(
    await positionedPdf([germanReceipt('£').map((text, i) => ({ text, x: 60, y: 60 + 16 * i }))]),
  );
  const read = extractInvoiceFields(asDocument(pdf), { currency: 'XXX' });
  t.equal(read.currency.value, 'GBP', 'a real text layer');
  t.same(read.reading_notes ?? [], []);
});

t.test('the rule is not one country: any country whose money is the other symbol', async (t) => {
  const cases: Array<[string, string[], string]> = [
    [
      'French',
      [
        'Boulangerie du Pont',
        'SIRET 123 456 789 00012',
        'Facture n° 2031-4',
        'Croissant 2,40 £',
        'Total TTC £ 5,50',
        'TVA 5,5% 0,29',
        'Montant HT 5,21',
      ],
      'EUR',
    ],
    [
      'Austrian',
      [
        'Kaffeehaus Sonne',
        'UID ATU12345678',
        'Melange 4,20 £',
        'Summe £ 4,20',
        'MwSt 0,38',
        'Bar 5,00',
        'Rückgeld 0,80',
      ],
      'EUR',
    ],
    [
      'British, reading "€"',
      [
        'The Corner Bakery',
        '12 High Street',
        'London SW1A 1AA',
        'VAT No. GB 123 4567 89',
        'Tel +44 20 7946 0000',
        'Scone 2.40 €',
        'Total € 5.50',
      ],
      'GBP',
    ],
  ];
  for (const [what, lines, code] of cases) {
    const fields = ocr(lines);
    t.equal(fields.currency.value, code, what);
    t.match(noteOf(fields), new RegExp(`${code} is read`), what);
  }
});

t.test('a currency code printed in letters wins over a lone symbol', async (t) => {
  const letters = ocr(['Kiosk', 'Zeitung 2,40 £', 'Total £ 2,40', 'Alle Beträge in EUR']);
  t.equal(letters.currency.value, 'EUR');
  t.match(noteOf(letters), /prints EUR in letters/);
  const tie = chooseCurrency({
    text: 'Deposit € 5.00\nTotal USD 12.00',
    countries: new Map(),
    evidence: [],
    ocr: false,
  });
  t.equal(tie?.code, 'USD', 'as much evidence each: the letters win, whatever came first');
  const own = ocr(germanReceipt('£', ['USt-IdNr. DE123456789', 'Betrag in GBP']));
  t.equal(own.currency.value, 'GBP', 'its own code in letters confirms the symbol');
  t.same(own.reading_notes ?? [], []);
});

t.test('weak or balanced evidence keeps the symbol, with a note', async (t) => {
  const weak = ocr(['Gift Shop', 'www.example.de', 'Mug 12.50 £', 'Total £ 12.50']);
  t.equal(weak.currency.value, 'GBP', 'a web domain alone does not overrule the symbol');
  t.match(
    noteOf(weak),
    /evidence for EUR \(domain \.de\) is not enough to overrule it, so GBP is kept/,
  );
  const both = ocr(germanReceipt('£', ['USt-IdNr. DE123456789', 'VAT No. GB 123 4567 89']));
  t.equal(both.currency.value, 'GBP', 'a British VAT id speaks as loud as the German one');
  t.match(noteOf(both), /GBP is kept/);
  const plain = ocr(['Gift Shop', 'Mug 12.50 £', 'Total £ 12.50']);
  t.same([plain.currency.value, plain.reading_notes ?? []], ['GBP', []], 'nothing disagrees');
});

t.test('both symbols of a pair on one page cancel: the country decides', async (t) => {
  const mixed = ['Drogerie Lotte', 'Seife 1,95 £', 'Summe € 1,95', 'Bar £ 2,00', 'Rückgeld 0,05'];
  const german = ocr(mixed);
  t.equal(german.currency.value, 'EUR', 'German labels alone decide between "£" and "€"');
  t.match(
    noteOf(german),
    /evidence for EUR \("€" read on the page too, German labels\) outweighs it/,
  );
  const british = ocr([
    'Corner Shop',
    'Leeds LS1 4AP',
    'Soap € 1.95',
    'Total £ 1.95',
    'Cash € 2.00',
  ]);
  t.equal(british.currency.value, 'GBP', 'a British postcode decides for the pound');
  t.match(noteOf(british), /OCR read "€" \(EUR\).*postcode LS1 4AP.*GBP is read/);
  const unknown = ocr(['Shop', 'Soap 1.95 £', 'Total £ 1.95', 'Cash € 2.00']);
  t.equal(unknown.currency.value, 'GBP', 'no country: the symbol read most, noted');
  t.match(noteOf(unknown), /not enough to overrule it, so GBP is kept/);
});

t.test('a VAT id printed in groups of three still names its country', async (t) => {
  const fields = ocr(
    germanReceipt('£', ['USt-IdNr. DE 123 456 789']).filter((l) => l !== '10115 Berlin'),
  );
  t.equal(fields.currency.value, 'EUR');
  t.match(noteOf(fields), /tax id DE 123 456 789/);
});

t.test('an IBAN names its country; only a valid one when unlabelled', async (t) => {
  const kinds = (text: string) => countryEvidence(text).map((e) => [e.kind, e.countries[0]]);
  t.same(kinds('IBAN: DE89 3704 0044 0532 0130 00'), [['iban', 'DE']]);
  t.same(kinds('DE89370400440532013000'), [['iban', 'DE']], 'check digits hold');
  t.same(kinds('DE89370400440532013001'), [], 'check digits fail: not an IBAN');
  const fields = ocr(germanReceipt('£', ['IBAN DE89 3704 0044 0532 0130 00']));
  t.equal(fields.currency.value, 'EUR');
  t.match(noteOf(fields), /IBAN DE89/);
});

t.test('a phone number names its country; a number merely starting 00 does not', async (t) => {
  const kinds = (text: string) => countryEvidence(text).map((e) => [e.kind, e.countries[0]]);
  t.same(kinds('Tel. +49 30 1234567'), [['phone', 'DE']]);
  t.same(kinds('Tel. 0049 30 1234567'), [['phone', 'DE']]);
  t.same(kinds('Tel. 0044-20-7946-0000'), [['phone', 'GB']]);
  t.same(kinds('0010545 020420005007054 7'), [], 'a till number, not +1');
  t.same(kinds('Pfand +1.50 EUR'), [], 'a signed amount, not +1');
});

t.test('labels tell the language; English ones say nothing of the country', async (t) => {
  const languages = (lines: string[]) =>
    languageEvidence(lines.map((line) => matchLabels(line))).map((item) => item.seen);
  t.same(languages(['Summe 5,50', 'MwSt 0,36', 'Rückgeld 4,50']), ['German labels']);
  t.same(languages(['Total 5.50', 'VAT 0.92', 'Change 4.50']), []);
  t.same(languages(['Summe 5,50']), [], 'one label is not a language');
});

t.test('any confusable pair, any currency the country evidence knows', async (t) => {
  const text = ['合計 ₩1,200', '消費税 ₩109', 'Tel +81 3-1234-5678'].join('\n');
  const evidence = [
    ...countryEvidence(text),
    ...languageEvidence(text.split('\n').map((line) => matchLabels(line))),
  ];
  const choose = (confusable: Array<[string, string]>) =>
    chooseCurrency({ text, countries: votesOf(evidence), evidence, ocr: true, confusable });
  t.match(choose([['₩', '¥']]), { code: 'JPY', conflict: /"₩" \(KRW\).*"¥"/ });
  t.match(choose([]), { code: 'KRW' }, 'a symbol in no pair is believed');
});

import t from 'tap';
import { countryVotes, leadingCountry } from '../../../../src/ai/offline/reading/country.js';
import {
  labelledCurrencies,
  markerAfter,
  markerBefore,
  resolveMark,
} from '../../../../src/ai/offline/reading/currencies.js';
import { prepareDocument } from '../../../../src/ai/offline/reading/document.js';

const currencyOf = (text: string) => prepareDocument({ pages: [text] }).currency;

t.test('symbols and codes before or after an amount', async (t) => {
  t.same(markerBefore('EUR 12', 4), { mark: 'EUR', start: 0 });
  t.same(markerBefore('RM12', 2), { mark: 'MYR', start: 0 });
  t.same(markerBefore('Rs. 12', 4), { mark: 'RUPEE', start: 0 });
  t.same(markerAfter('12 zł', 2), { mark: 'PLN', end: 5 });
  t.same(markerAfter('12 Kč', 2), { mark: 'CZK', end: 5 });
  t.same(markerAfter('12 Euro', 2), { mark: 'EUR', end: 7 });
  t.equal(markerBefore('SDN 8', 4), null, 'not an ISO 4217 code');
  t.equal(markerBefore('GST 8', 4), null);
  t.equal(markerBefore('Eur 8', 4), null, 'codes are written in capitals');
  t.equal(markerAfter('12 krank', 2), null, 'a word that starts like a symbol');
  t.equal(markerBefore('FORM 8', 5), null, 'letters run into the code');
});

t.test('a shared symbol resolved by the country of the document', async (t) => {
  const resolve = (mark: string, text: string) => resolveMark(mark, countryVotes(text));
  t.same(resolve('DOLLAR', 'Acme Inc, Austin, TX 78701'), { code: 'USD', certainty: 1 });
  t.same(resolve('DOLLAR', 'Maple Ltd, Toronto, ON M5V 2T6, GST/HST 12345'), {
    code: 'CAD',
    certainty: 1,
  });
  t.same(resolve('DOLLAR', 'ABN 12 345 678 901, Sydney'), { code: 'AUD', certainty: 1 });
  t.same(resolve('DOLLAR', 'Tel +65 6123 4567'), { code: 'SGD', certainty: 1 });
  t.same(resolve('DOLLAR', 'www.shop.co.nz'), { code: 'NZD', certainty: 1 });
  t.same(resolve('DOLLAR', 'no clue at all'), { code: 'USD', certainty: 0.7 });
  t.same(resolve('RUPEE', 'Karachi, Pakistan NTN 1234567'), { code: 'PKR', certainty: 1 });
  t.same(resolve('RUPEE', 'GSTIN 29ABCDE1234F1Z5'), { code: 'INR', certainty: 1 });
  t.same(resolve('YEN', '登録番号 T1234567890123'), { code: 'JPY', certainty: 1 });
  t.same(resolve('YEN', '增值税发票'), { code: 'CNY', certainty: 1 });
  t.same(resolve('KRONE', 'Tlf +45 12 34 56 78'), { code: 'DKK', certainty: 1 });
  t.same(resolve('KRONE', 'Org.nr 123 Oslo, Norge'), { code: 'NOK', certainty: 1 });
  t.same(resolve('EUR', 'anything'), { code: 'EUR', certainty: 1 });
});

t.test('countries from calling codes, VAT numbers, domains and postcodes', async (t) => {
  const lead = (text: string) => leadingCountry(countryVotes(text));
  t.equal(lead('USt-IdNr. DE123456789'), 'DE');
  t.equal(lead('TVA FR12345678901'), 'FR');
  t.equal(lead('London SW1A 1AA'), 'GB');
  t.equal(lead('info@example.fr'), 'FR');
  t.equal(lead('www.example.co.uk'), 'GB');
  t.equal(lead('Tel. +49 30 1234567'), 'DE');
  t.equal(lead('Springfield, IL 62704'), 'US');
  t.equal(lead('z.B. S.A. u.a.'), null, 'abbreviations are not domains');
  t.equal(lead(''), null);
});

t.test('currency labels name a code', async (t) => {
  t.same(labelledCurrencies('Currency: EUR'), ['EUR']);
  t.same(labelledCurrencies('Währung EUR'), ['EUR']);
  t.same(labelledCurrencies('Devise : CHF'), ['CHF']);
  t.same(labelledCurrencies('Currency: XYZ'), [], 'not a real code');
});

t.test("a document's currency by evidence, or none", async (t) => {
  t.same(currencyOf('Total 12,50 €\nMwSt 2,00 €'), { code: 'EUR', certainty: 1, evidence: 2.5 });
  t.equal(currencyOf('Total: 255.00 16.30\nGST 6% SDN 8HD')?.code, undefined, 'nothing printed');
  t.equal(currencyOf('Total RM 271.30')?.code, 'MYR');
  t.equal(currencyOf('合計 ￥5,800-')?.code, 'JPY');
  t.equal(currencyOf('合計 2,380円')?.code, 'JPY');
  t.equal(currencyOf('Summe EUR 12,50\nBar 20,00\nRückgeld 7,50')?.code, 'EUR');
  t.equal(currencyOf('Total CHF 12.50')?.code, 'CHF');
  t.equal(currencyOf('Razem 12,50 zł')?.code, 'PLN');
  t.equal(currencyOf('Total $ 12.50\nAustin, TX 78701')?.code, 'USD');
  t.equal(currencyOf('Total $ 12.50\nVancouver, BC V6B 1A1')?.code, 'CAD');
  t.equal(currencyOf('Total S$ 12.50')?.code, 'SGD');
  t.equal(currencyOf('Amount Rs. 500\nLahore, Pakistan')?.code, 'PKR');
  t.equal(currencyOf('Currency: GBP\nTotal 12.50')?.code, 'GBP', 'a labelled code alone');
  t.equal(
    currencyOf('Total 12.50 EUR\nPaid in 13.80 USD\nTotal 12.50 EUR')?.code,
    'EUR',
    'the most evidence',
  );
});

t.test('a currency named in words says which dollar the "$" is', async (t) => {
  const page = [
    'Tax Invoice',
    'Wombat Digital Pty Ltd',
    'ABN: 12 345 678 901  PO Box 1, Melbourne VIC 3000, Australia',
    'Invoice No. 5512',
    'Invoice Total: $42.00',
    'All prices are in U.S. dollars.',
  ].join('\n');
  t.equal(currencyOf(page)?.code, 'USD', 'stated in words, over the country');
  t.equal(
    currencyOf(page.replace('All prices are in U.S. dollars.', ''))?.code,
    'AUD',
    'without the sentence, the country decides',
  );
  t.equal(currencyOf('Total $12.00\nAmounts in Canadian dollars')?.code, 'CAD');
  t.equal(currencyOf('Total 12.00\nPayable in pounds sterling')?.code, 'GBP');
});

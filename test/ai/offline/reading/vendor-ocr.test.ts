import t from 'tap';
import { extractInvoiceFields } from '../../../../src/ai/offline/invoice-extractor.js';
import { ocrDocument } from './positioned-pdf.js';

const vendor = (lines: string[]) =>
  extractInvoiceFields(ocrDocument(lines), { currency: 'XXX' }).vendor.value;

const body = ['Brot 2,50 A', 'Milch 1,20 A', 'Summe 3,70', 'Bar 5,00', 'Rückgeld 1,30'];

t.test('a logo read as scraps of letters is not the name; the legal name below is', async (t) => {
  t.equal(
    vendor([
      'a LL DT',
      'Lindenweg 4',
      '12345 Musterstadt',
      ...body,
      'Beispiel Markt GmbH & Co. KG',
    ]),
    'Beispiel Markt GmbH & Co. KG',
  );
  t.equal(
    vendor(['KORNKAMMER', 'Lindenweg 4', '12345 Musterstadt', ...body]),
    'KORNKAMMER',
    'a real one-word name heading the address stays',
  );
});

t.test('"GmbH" misread by OCR still marks a legal name', async (t) => {
  t.equal(
    vendor(['J Crs 20 NY As', ...body, 'Vielen Dank', 'Backstube Korn GabH']),
    'Backstube Korn GabH',
  );
});

t.test('a receipt whose name is an unreadable logo is named by its web domain', async (t) => {
  t.equal(
    vendor(['4 LiL FI', 'Lindenweg 4', '12345 Musterstadt', ...body, 'www.moebelhalle.de']),
    'moebelhalle',
  );
  t.equal(
    vendor(['Moebelhalle', 'Lindenweg 4', '12345 Musterstadt', ...body, 'www.moebelhalle.de']),
    'Moebelhalle',
    'a name that carries the domain is kept as printed',
  );
});

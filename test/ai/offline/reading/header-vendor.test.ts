/**
 * The vendor of last resort: a line of the header that reads as a name. A photographed receipt's
 * logo comes out of OCR as marks and scraps; it is skipped for the next line, and a header with no
 * name gives no vendor, rather than garbage.
 */
import t from 'tap';
import { extractInvoiceFields } from '../../../../src/ai/offline/invoice-extractor.js';
import { headerVendor } from '../../../../src/ai/offline/reading/header-vendor.js';
import { looksLikeName } from '../../../../src/ai/offline/reading/name-shape.js';
import { ocrDocument } from './positioned-pdf.js';

const vendorOf = (lines: string[]) =>
  extractInvoiceFields(ocrDocument(lines), { currency: 'XXX' }).vendor;

t.test('a name is made of words, not of marks, digits and scraps', async (t) => {
  for (const name of [
    'Cafe Linde',
    'Studio 54',
    'Fish & Chips Co.',
    "O'Malley's Bar",
    'Bäckerei Sommer GmbH',
    'KORNKAMMER',
    'さくら食堂',
  ])
    t.ok(looksLikeName(name), name);
  for (const garbage of [
    'Wxq ~= || 8S',
    '~=| @@ 8S',
    'a LL DT',
    '4 LiL FT',
    'EEE',
    'Krtzpl Vbnmw',
    'x7Yq 9Bv',
    'Tolx © Brim',
    '#### 1234',
  ])
    t.notOk(looksLikeName(garbage), garbage);
});

t.test('logo garbage at the top is skipped for the name below it', async (t) => {
  const vendor = vendorOf([
    'Wxq ~= || 8S',
    '%% ;; 4',
    '=== ~~~',
    'Il1 |',
    'Cafe Linde',
    'Tee 3,50',
    'Summe 3,50',
  ]);
  t.equal(vendor.value, 'Cafe Linde');
  t.ok(vendor.confidence > 0 && vendor.confidence <= 0.3, 'a guess from the header is low');
});

t.test('a header with no name gives no vendor and no confidence', async (t) => {
  const vendor = vendorOf(['Wxq ~= || 8S', '%% ;; 4', 'Tee 3,50', 'Summe 3,50']);
  t.same([vendor.value, vendor.confidence, vendor.page], [null, 0, null]);
  const marks = vendorOf(['Tolx © Brim', 'Lindenweg 4', '12345 Musterstadt', 'Summe 3,50']);
  t.equal(marks.value, null, 'a symbol among scraps heading an address is no name either');
});

t.test('addresses, contacts and headings are no fallback name', async (t) => {
  const lines = (texts: string[]) => texts.map((text) => ({ text, page: 1 }));
  t.equal(headerVendor(lines(['Invoice', 'Tel 030 1234567', 'Lindenweg 4'])).value, null);
  t.same(headerVendor(lines(['~~ ||', 'Gasthof Adler!'])), {
    value: 'Gasthof Adler',
    confidence: 0.3,
    page: 1,
  });
});

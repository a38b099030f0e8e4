import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { EInvoiceError, readEInvoice } from '../../../../src/ai/offline/einvoice/read.js';
import { extractInvoiceFields } from '../../../../src/ai/offline/invoice-extractor.js';
import { extractInvoiceFacts } from '../../../../src/ai/offline/invoice-facts.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../../../src/pipeline/ingest/archive.js';
import { readDocuments } from '../../../../src/pipeline/ingest/documents.js';
import { createPdfTextReader } from '../../../../src/pipeline/ingest/pdf-text.js';
import { readOneDocument } from '../../../helpers/read-one-document.js';
import { tempDir } from '../../../ingest/ingest-fixtures.js';
import { ciiXml, pdfWithAttachments, SPEC, ublXml, zugferd1Xml } from './einvoice-xml.js';

const pdfReader = createPdfTextReader({ poolSize: 1, timeoutMs: 60_000 });
t.teardown(() => pdfReader.close());

t.test('CII (Factur-X, ZUGFeRD 2, XRechnung) is read exactly', async (t) => {
  const invoice = readEInvoice(ciiXml());
  t.equal(invoice.syntax, 'cii');
  t.equal(invoice.number, 'TST-2031/07');
  t.equal(invoice.issue_date, '2031-03-14', 'format 102 is YYYYMMDD');
  t.equal(invoice.currency, 'EUR');
  t.same(
    invoice.seller,
    { name: SPEC.seller, tax_id: 'DE999999999' },
    'the VAT id before the tax number',
  );
  t.equal(invoice.buyer.name, SPEC.buyer);
  t.equal(invoice.net_minor, 7900);
  t.equal(invoice.tax_minor, 1141, 'the tax in the invoice currency, not the accounting one');
  t.equal(invoice.total_minor, 9041);
  t.equal(invoice.due_minor, 9041);
  t.same(invoice.taxes, [
    { rate_bp: 1900, net_minor: 4900, tax_minor: 931 },
    { rate_bp: 700, net_minor: 3000, tax_minor: 210 },
  ]);
  t.same(invoice.lines[0], {
    description: 'Schraubendreher-Satz',
    quantity: 2,
    unit_price_minor: 2450,
    net_minor: 4900,
    tax_rate_bp: 1900,
  });
  t.same(invoice.billing_period, { start: '2031-02-01', end: '2031-02-28' });
});

t.test('ZUGFeRD 1.0 and its older element names', async (t) => {
  const invoice = readEInvoice(zugferd1Xml());
  t.equal(invoice.number, SPEC.number);
  t.equal(invoice.issue_date, SPEC.date);
  t.equal(invoice.seller.name, SPEC.seller);
  t.equal(invoice.total_minor, 9041);
  t.equal(invoice.tax_minor, 1141);
  t.same(invoice.taxes, [{ rate_bp: 1900, net_minor: 7900, tax_minor: 1141 }]);
  t.match(invoice.profile, /comfort/);
});

t.test('UBL invoices and credit notes', async (t) => {
  const invoice = readEInvoice(ublXml());
  t.equal(invoice.syntax, 'ubl');
  t.equal(invoice.type_code, '380');
  t.equal(invoice.seller.name, SPEC.seller, 'the registration name when no trading name is given');
  t.equal(invoice.seller.tax_id, 'DE999999999');
  t.equal(invoice.total_minor, 9041);
  t.equal(invoice.net_minor, 7900);
  t.equal(invoice.lines.length, 2);
  t.equal(invoice.lines[1]?.quantity, 1);
  const credit = readEInvoice(ublXml(SPEC, 'CreditNote'));
  t.equal(credit.type_code, '381', 'a credit note without a type code is one by its root');
  t.equal(credit.total_minor, 9041, 'credit notes state positive amounts');
  t.equal(credit.lines[0]?.quantity, 2);
});

t.test('amounts keep their sign and the currency its minor digits', async (t) => {
  const corrective = readEInvoice(
    ciiXml({ ...SPEC, net: '-7.39', tax: '-1.40', gross: '-8.79', due: '-8.79', typeCode: '384' }),
  );
  t.equal(corrective.total_minor, -879);
  const yen = readEInvoice(
    ublXml({ ...SPEC, currency: 'JPY', gross: '5800', net: '5273', due: '5800' }),
  );
  t.equal(yen.total_minor, 5800, 'yen have no minor unit');
});

t.test(
  'XML that is no invoice, or not well-formed, or declares entities, is refused',
  async (t) => {
    t.throws(() => readEInvoice('<note><to>x</to></note>'), EInvoiceError);
    t.throws(() => readEInvoice('<Invoice><cbc:ID>1</Invoice>'), EInvoiceError);
    t.throws(
      () =>
        readEInvoice(
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Invoice>&a;</Invoice>',
        ),
      EInvoiceError,
    );
  },
);

t.test('a PDF carrying a Factur-X XML is read from the XML, among other attachments', async (t) => {
  const pdf = await pdfWithAttachments(
    [
      { name: 'time-sheet.xml', data: '<timesheet><hours>4</hours></timesheet>', type: 'text/xml' },
      { name: 'invoice-data.xml', data: ciiXml(), type: 'text/xml' },
    ],
    '90,41',
  );
  const { document, problems } = await readOneDocument(t, pdf, { pdfReader });
  t.same(problems, []);
  t.ok(document?.einvoice, 'the invoice XML is found by what it is, not by its name');
  t.ok(document?.layout?.[0]?.items.length, 'the text positions reach the reader');
  if (!document) return;
  const fields = extractInvoiceFields(document, { currency: 'XXX' });
  t.equal(fields.total_minor.value, 9041);
  t.ok(fields.total_minor.confidence >= 0.95, 'the page agrees with the XML');
  t.equal(fields.vendor.value, SPEC.seller);
  t.equal(fields.invoice_number.value, SPEC.number);
  t.equal(fields.date.value, SPEC.date);
  t.equal(fields.subtotal_minor.value, 7900);
  t.equal(fields.tax_minor.value, 1141);
  t.equal(fields.line_items.length, 2);
  const facts = extractInvoiceFacts(document, { currency: 'XXX' });
  t.equal(facts.extracted_by, 'e_invoice');
  t.equal(facts.seller_tax_id.value, 'DE999999999');
  t.equal(facts.taxes.length, 2);
  t.equal(facts.lines[1]?.tax_rate_bp, 700);
  t.same(facts.billing_period.value, { start: '2031-02-01', end: '2031-02-28' });
  t.equal(facts.document_kind.value, 'invoice');
});

t.test('a page that prints another total than its XML lowers the confidence', async (t) => {
  const pdf = await pdfWithAttachments(
    [{ name: 'factur-x.xml', data: ciiXml(), type: 'text/xml' }],
    '90,42',
  );
  const { document } = await readOneDocument(t, pdf, { pdfReader });
  if (!document) return t.fail('no document');
  const fields = extractInvoiceFields(document, { currency: 'XXX' });
  t.equal(fields.total_minor.value, 9041, 'the XML is the invoice');
  t.ok(fields.total_minor.confidence <= 0.5, 'the disagreement is shown for review');
});

t.test('an XML e-invoice uploaded as a file is a document; other XML is not', async (t) => {
  const dir = await tempDir(t);
  const ubl = join(dir, 'a.xml');
  const other = join(dir, 'b.xml');
  await writeFile(ubl, ublXml());
  await writeFile(other, '<?xml version="1.0"?><catalog><item>1</item></catalog>');
  const { documents, problems } = await readDocuments(
    [
      { path: ubl, file_name: 'peppol.xml', media_type: 'application/xml', field: 'invoice_files' },
      {
        path: other,
        file_name: 'catalog.xml',
        media_type: 'application/xml',
        field: 'invoice_files',
      },
    ],
    {
      workDir: dir,
      archiveLimits: DEFAULT_ARCHIVE_LIMITS,
      pdfReader,
      ocr: null,
      minTextCharsPerPage: 20,
    },
  );
  t.same(
    problems.map((p) => [p.name, p.code]),
    [['catalog.xml', 'unsupported_type']],
  );
  const document = documents[0];
  t.equal(document?.media_type, 'application/xml');
  t.match(document?.pages[0], /90\.41/, 'its text prints the total');
  if (!document) return;
  const fields = extractInvoiceFields(document, { currency: 'XXX' });
  t.equal(fields.total_minor.value, 9041);
  t.equal(fields.currency.value, 'EUR');
  t.equal(fields.vendor.value, SPEC.seller);
});

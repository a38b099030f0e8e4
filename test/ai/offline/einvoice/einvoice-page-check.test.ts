/**
 * A PDF's embedded e-invoice is checked against its page: a total the page prints otherwise is
 * flagged amount_inconsistent with both amounts, the XML's values kept; an agreeing page (or one
 * printing the total in whole units) is not flagged.
 */
import t from 'tap';
import { pageDisagreement } from '../../../../src/ai/offline/einvoice/fields.js';
import { readEInvoice } from '../../../../src/ai/offline/einvoice/read.js';
import { extractInvoiceFields } from '../../../../src/ai/offline/invoice-extractor.js';
import { decideClaimUnderV2 } from '../../../../src/domain/decide-claim-v2.js';
import type { InvoiceFields } from '../../../../src/domain/types.js';
import { createPdfTextReader } from '../../../../src/pipeline/ingest/pdf-text.js';
import { readOneDocument } from '../../../helpers/read-one-document.js';
import { eligible, rulesV2 } from '../../../helpers/rules-v2-builders.js';
import { ciiXml, pdfWithAttachments } from './einvoice-xml.js';

const pdfReader = createPdfTextReader({ poolSize: 1, timeoutMs: 60_000 });
t.teardown(() => pdfReader.close());

/** The fields of a Factur-X PDF whose XML states 90.41 EUR and whose page prints `printed`. */
async function readFacturX(t: Parameters<typeof readOneDocument>[0], printed: string) {
  const pdf = await pdfWithAttachments(
    [{ name: 'factur-x.xml', data: ciiXml(), type: 'text/xml' }],
    printed,
  );
  const { document } = await readOneDocument(t, pdf, { pdfReader });
  if (!document?.einvoice) throw new Error('the e-invoice was not found');
  return extractInvoiceFields(document, { currency: 'EUR' });
}

function decide(fields: InvoiceFields) {
  const [decided] = decideClaimUnderV2({
    rules: rulesV2({ currency: 'EUR', categories: [eligible('other')] }),
    employee_id: 'e-1',
    employee_name: 'Beispiel Person',
    claim_date: '2031-03-20',
    invoices: [
      {
        key: 'k',
        file_name: 'rechnung.pdf',
        file_sha256: 'sha-k',
        fields: { ...fields, category: { value: 'other', confidence: 0.9, page: 1 } },
        ocr: false,
      },
    ],
    prior: [],
    options: { low_confidence_below: 0.6 },
  });
  if (!decided) throw new Error('nothing decided');
  return decided.decision;
}

t.test('a page printing another total than its XML is amount_inconsistent', async (t) => {
  const fields = await readFacturX(t, '95,00');
  t.equal(fields.total_minor.value, 9041, "the XML's total is kept");
  t.equal(fields.subtotal_minor.value, 7900, "and the XML's net");
  t.equal(fields.tax_minor.value, 1141, "and the XML's tax");
  t.ok(fields.total_minor.confidence <= 0.5, 'its confidence is lowered');
  t.match(fields.reading_notes, [
    { flag: 'amount_inconsistent', note: /XML .* €90\.41 but its page prints €95\.00/ },
  ]);
  const decision = decide(fields);
  t.ok(decision.flags.includes('amount_inconsistent'));
  t.match(decision.reason, /€90\.41 but its page prints €95\.00/, 'the reason shows both amounts');
  t.same(decision.claimed, { amount_minor: 9041, currency: 'EUR' }, 'decided on the XML');
});

t.test('a page agreeing with its XML is not flagged', async (t) => {
  const fields = await readFacturX(t, '90,41');
  t.equal(fields.total_minor.value, 9041);
  t.ok(fields.total_minor.confidence >= 0.95);
  t.same(fields.reading_notes ?? [], []);
  const decision = decide(fields);
  t.notOk(decision.flags.includes('amount_inconsistent'));
  t.notOk(decision.flags.includes('currency_inferred'), 'the XML states its currency');
});

t.test('a page printing the total in whole euros rounds it; it does not disagree', async (t) => {
  const fields = await readFacturX(t, '90');
  t.equal(fields.total_minor.value, 9041);
  t.same(fields.reading_notes ?? [], []);
});

t.test('what counts as the page disagreeing', async (t) => {
  const einvoice = readEInvoice(ciiXml());
  const page = (total: number, confidence = 0.9) =>
    ({ total_minor: { value: total, confidence, page: 1 } }) as InvoiceFields;
  t.equal(pageDisagreement(einvoice, page(9041)), null, 'the same total');
  t.equal(pageDisagreement(einvoice, page(-9041)), null, 'a credit printed with a sign');
  t.equal(pageDisagreement(einvoice, page(9000)), null, 'whole euros, rounded');
  t.equal(pageDisagreement(einvoice, page(9500, 0.5)), null, 'a page total read unsurely');
  t.equal(pageDisagreement(einvoice, null), null, 'no page reading');
  t.same(pageDisagreement(einvoice, page(9042)), { page_minor: 9042, xml_minor: 9041 }, 'a cent');
  t.same(pageDisagreement(einvoice, page(9100)), { page_minor: 9100, xml_minor: 9041 });
});

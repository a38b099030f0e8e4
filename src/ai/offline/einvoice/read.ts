/**
 * Reads an e-invoice XML (CII or UBL) into its exact facts, and picks the invoice among a PDF's
 * attachments: by what the XML is (its root element), not by file name or position, since
 * e-invoices also carry other attachments (time sheets as PDF, photos, other XML).
 */
import { readCii } from './cii.js';
import { type EInvoice, EInvoiceError } from './types.js';
import { readUbl } from './ubl.js';
import { parseXml } from './xml.js';

export { type EInvoice, EInvoiceError } from './types.js';

const CII_ROOTS = new Set(['CrossIndustryInvoice', 'CrossIndustryDocument']);
const UBL_ROOTS = new Set(['Invoice', 'CreditNote']);

/** The e-invoice an XML text states; EInvoiceError when it is no CII or UBL invoice. */
export function readEInvoice(xml: string): EInvoice {
  const { root, node } = parseXml(xml.replace(/^\uFEFF/, ''));
  if (CII_ROOTS.has(root)) return readCii(node);
  if (UBL_ROOTS.has(root)) return readUbl(node, root);
  throw new EInvoiceError(`The XML is a ${root}, not a CII or UBL invoice.`);
}

/** Whether text could be XML at all (its first character), before parsing it. */
export function mayBeXml(head: string): boolean {
  return head
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('<');
}

/**
 * The invoice among attachments (name and bytes): the first that parses as CII or UBL with an
 * amount; null when none does.
 */
export function einvoiceFromAttachments(
  attachments: ReadonlyArray<{ name: string; content: Uint8Array }>,
): EInvoice | null {
  const decoder = new TextDecoder('utf-8');
  for (const attachment of attachments) {
    const head = decoder.decode(attachment.content.subarray(0, 4096));
    if (!mayBeXml(head)) continue;
    try {
      const invoice = readEInvoice(decoder.decode(attachment.content));
      if (invoice.total_minor !== null || invoice.due_minor !== null) return invoice;
    } catch (error) {
      if (!(error instanceof EInvoiceError)) throw error;
    }
  }
  return null;
}

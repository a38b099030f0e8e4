/** Test documents for the facts readers: text pages as a PDF's text layer gives them. */
import type { ReadableDocument } from '../../../../src/ai/offline/invoice-extractor.js';
import { extractInvoiceFacts } from '../../../../src/ai/offline/invoice-facts.js';
import type { InvoiceFacts } from '../../../../src/domain/facts.js';

export function textDocument(...pages: ReadonlyArray<readonly string[]>): ReadableDocument {
  return {
    name: 'document.pdf',
    media_type: 'application/pdf',
    sha256: '0'.repeat(64),
    size_bytes: 1,
    page_count: pages.length,
    pages: pages.map((lines) => lines.join('\n')),
    ocr: false,
  };
}

/** The offline facts of a one-page text document; no policy currency to fall back on. */
export function factsOf(...pages: ReadonlyArray<readonly string[]>): InvoiceFacts {
  return extractInvoiceFacts(textDocument(...pages), { currency: 'XXX' });
}

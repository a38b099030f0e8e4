/**
 * Invoice facts v2 from an e-invoice: the v1 fields (fields.ts) plus what the XML states and
 * facts v2 has a place for: lines with their net, rate and unit price, tax totals by rate, the
 * amount still due after prepayments, the seller's tax id, the billing period and the kind of
 * document. Line kinds are not stated by the XML, so each line is "other" unless the page reader
 * knows better; nothing is computed that the XML does not state.
 */
import {
  absent,
  type DocumentKind,
  type Fact,
  type FactLine,
  type InvoiceFacts,
} from '../../../domain/facts.js';
import { factsFromV1 } from '../../../domain/facts-v1.js';
import type { InvoiceFields } from '../../../domain/types.js';
import type { EInvoice } from './types.js';

const XML_CONFIDENCE = 0.99;

function stated<T>(value: T | null): Fact<T> {
  return value === null ? absent() : { value, confidence: XML_CONFIDENCE, page: 1 };
}

/** UNTDID 1001: 381 and 396 credit notes; 380, 384 (corrected) and 389 (self-billed) invoices. */
function kindOf(typeCode: string | null): DocumentKind | null {
  if (typeCode === '381' || typeCode === '396') return 'credit_note';
  return typeCode === null ? null : 'invoice';
}

export function factsFromEInvoice(einvoice: EInvoice, fields: InvoiceFields): InvoiceFacts {
  const lines: FactLine[] = einvoice.lines.map((line) => ({
    description: line.description,
    kind: 'other',
    quantity: line.quantity,
    unit_price_minor: line.unit_price_minor,
    net_minor: line.net_minor,
    tax_minor: null,
    gross_minor: null,
    tax_rate_bp: line.tax_rate_bp,
    date: null,
    confidence: XML_CONFIDENCE,
    page: null,
  }));
  return {
    ...factsFromV1(fields),
    extracted_by: 'e_invoice',
    document_kind: stated(kindOf(einvoice.type_code)),
    seller_tax_id: stated(einvoice.seller.tax_id),
    lines,
    amount_due_minor:
      einvoice.due_minor !== null && einvoice.due_minor !== einvoice.total_minor
        ? stated(einvoice.due_minor)
        : absent(),
    taxes: einvoice.taxes.map((tax) => ({
      rate_bp: tax.rate_bp,
      net_minor: tax.net_minor,
      tax_minor: tax.tax_minor,
      gross_minor: null,
      confidence: XML_CONFIDENCE,
      page: null,
    })),
    billing_period: stated(einvoice.billing_period),
  };
}

/**
 * An e-invoice as its XML states it (EN 16931 through CII, which Factur-X, ZUGFeRD and
 * XRechnung embed or send, or through UBL). Amounts are exact integer minor units of the
 * invoice currency; anything the XML leaves out stays null.
 */

export type EInvoiceSyntax = 'cii' | 'ubl';

export interface EInvoiceLine {
  description: string;
  /** Billed quantity as printed ("2", "1.5"); null when absent. */
  quantity: number | null;
  unit_price_minor: number | null;
  /** Line total before tax (BT-131). */
  net_minor: number | null;
  tax_rate_bp: number | null;
}

export interface EInvoiceTax {
  rate_bp: number | null;
  net_minor: number | null;
  tax_minor: number;
}

export interface EInvoice {
  syntax: EInvoiceSyntax;
  /** Guideline / customization id (profile), as stated. */
  profile: string | null;
  /** UNTDID 1001 document type: 380 invoice, 381 credit note, 384 corrected invoice, 389 self-billed. */
  type_code: string | null;
  number: string | null;
  /** ISO date, YYYY-MM-DD. */
  issue_date: string | null;
  currency: string | null;
  seller: { name: string | null; tax_id: string | null };
  buyer: { name: string | null };
  net_minor: number | null;
  tax_minor: number | null;
  total_minor: number | null;
  prepaid_minor: number | null;
  due_minor: number | null;
  taxes: EInvoiceTax[];
  lines: EInvoiceLine[];
  billing_period: { start: string; end: string } | null;
}

export class EInvoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EInvoiceError';
  }
}

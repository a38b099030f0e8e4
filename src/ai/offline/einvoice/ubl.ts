/**
 * OASIS UBL 2.x Invoice and CreditNote (Peppol BIS, XRechnung UBL). Credit notes state positive
 * amounts, as their pages print them; the type code says what the document is.
 */
import { minorDigits } from '../../../domain/money.js';
import type { EInvoice, EInvoiceLine, EInvoiceTax } from './types.js';
import {
  all,
  at,
  attribute,
  basisPoints,
  decimalMinor,
  isoDate,
  quantity,
  textAt,
  textOf,
  type XmlNode,
} from './xml.js';

function line(item: XmlNode, digits: number): EInvoiceLine {
  return {
    description: textAt(item, 'Item/Name') ?? textAt(item, 'Item/Description') ?? '',
    quantity: quantity(textAt(item, 'InvoicedQuantity|CreditedQuantity')),
    unit_price_minor: decimalMinor(textAt(item, 'Price/PriceAmount'), digits),
    net_minor: decimalMinor(textAt(item, 'LineExtensionAmount'), digits),
    tax_rate_bp: basisPoints(textAt(item, 'Item/ClassifiedTaxCategory/Percent')),
  };
}

export function readUbl(root: XmlNode, rootName: string): EInvoice {
  const currency = textAt(root, 'DocumentCurrencyCode');
  const digits = minorDigits(currency ?? 'XXX');
  const supplier = at(root, 'AccountingSupplierParty/Party');
  const totals = at(root, 'LegalMonetaryTotal');
  const money = (name: string) => decimalMinor(textAt(totals, name), digits);
  // A second TaxTotal may state the tax in the accounting currency, without subtotals.
  const taxTotals = all(root, 'TaxTotal');
  const taxTotal =
    taxTotals.find((total) => attribute(at(total, 'TaxAmount'), 'currencyID') === currency) ??
    taxTotals[0] ??
    null;
  const taxes: EInvoiceTax[] = all(taxTotal, 'TaxSubtotal').flatMap((subtotal) => {
    const amount = decimalMinor(textAt(subtotal, 'TaxAmount'), digits);
    return amount === null
      ? []
      : [
          {
            rate_bp: basisPoints(textAt(subtotal, 'TaxCategory/Percent')),
            net_minor: decimalMinor(textAt(subtotal, 'TaxableAmount'), digits),
            tax_minor: amount,
          },
        ];
  });
  const credit = rootName === 'CreditNote';
  const start = isoDate(textAt(root, 'InvoicePeriod/StartDate'));
  const end = isoDate(textAt(root, 'InvoicePeriod/EndDate'));
  const taxId = all(supplier, 'PartyTaxScheme')
    .map((scheme) => textAt(scheme, 'CompanyID'))
    .find((id) => id !== null);
  return {
    syntax: 'ubl',
    profile: textAt(root, 'CustomizationID'),
    type_code:
      textAt(root, credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode') ?? (credit ? '381' : null),
    number: textAt(root, 'ID'),
    issue_date: isoDate(textAt(root, 'IssueDate')),
    currency,
    seller: {
      name:
        textAt(supplier, 'PartyName/Name') ?? textAt(supplier, 'PartyLegalEntity/RegistrationName'),
      tax_id: taxId ?? null,
    },
    buyer: {
      name:
        textAt(root, 'AccountingCustomerParty/Party/PartyName/Name') ??
        textAt(root, 'AccountingCustomerParty/Party/PartyLegalEntity/RegistrationName'),
    },
    net_minor: money('TaxExclusiveAmount'),
    tax_minor: decimalMinor(textOf(at(taxTotal, 'TaxAmount')), digits),
    total_minor: money('TaxInclusiveAmount'),
    prepaid_minor: money('PrepaidAmount'),
    due_minor: money('PayableAmount'),
    taxes,
    lines: all(root, credit ? 'CreditNoteLine' : 'InvoiceLine').map((item) => line(item, digits)),
    billing_period: start && end ? { start, end } : null,
  };
}

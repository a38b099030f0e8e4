/**
 * UN/CEFACT Cross Industry Invoice, as Factur-X, ZUGFeRD 2.x and XRechnung write it
 * (CrossIndustryInvoice), and ZUGFeRD 1.0's CrossIndustryDocument, whose elements carry older
 * names: each step lists both ("ExchangedDocument|HeaderExchangedDocument").
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

const TRANSACTION = 'SupplyChainTradeTransaction|SpecifiedSupplyChainTradeTransaction';
const AGREEMENT = 'ApplicableHeaderTradeAgreement|ApplicableSupplyChainTradeAgreement';
const SETTLEMENT = 'ApplicableHeaderTradeSettlement|ApplicableSupplyChainTradeSettlement';
const SUMMATION =
  'SpecifiedTradeSettlementHeaderMonetarySummation|SpecifiedTradeSettlementMonetarySummation';
const RATE = 'RateApplicablePercent|ApplicablePercent';

/** The seller's VAT id first (scheme VA), else its tax number (FC), else any registration. */
function taxId(party: XmlNode | null): string | null {
  const ids = all(party, 'SpecifiedTaxRegistration').map((registration) => at(registration, 'ID'));
  const by = (scheme: string) => ids.find((id) => attribute(id, 'schemeID') === scheme);
  return textOf(by('VA') ?? by('FC') ?? ids[0] ?? null);
}

/** An amount in the invoice currency: CII may repeat TaxTotalAmount in the accounting currency. */
function amountIn(
  summation: XmlNode | null,
  name: string,
  currency: string | null,
  digits: number,
) {
  const options = all(summation, name);
  const chosen =
    options.find((node) => currency !== null && attribute(node, 'currencyID') === currency) ??
    options.find((node) => attribute(node, 'currencyID') === null) ??
    options[0] ??
    null;
  return decimalMinor(textOf(chosen), digits);
}

function line(item: XmlNode, digits: number): EInvoiceLine {
  const agreement = at(item, 'SpecifiedLineTradeAgreement|SpecifiedSupplyChainTradeAgreement');
  const delivery = at(item, 'SpecifiedLineTradeDelivery|SpecifiedSupplyChainTradeDelivery');
  const settlement = at(item, 'SpecifiedLineTradeSettlement|SpecifiedSupplyChainTradeSettlement');
  const summation = at(
    settlement,
    'SpecifiedTradeSettlementLineMonetarySummation|SpecifiedTradeSettlementMonetarySummation',
  );
  return {
    description: textAt(item, 'SpecifiedTradeProduct/Name') ?? '',
    quantity: quantity(textAt(delivery, 'BilledQuantity')),
    unit_price_minor: decimalMinor(
      textAt(agreement, 'NetPriceProductTradePrice/ChargeAmount'),
      digits,
    ),
    net_minor: decimalMinor(textAt(summation, 'LineTotalAmount'), digits),
    tax_rate_bp: basisPoints(textAt(settlement, `ApplicableTradeTax/${RATE}`)),
  };
}

export function readCii(root: XmlNode): EInvoice {
  const header = at(root, 'ExchangedDocument|HeaderExchangedDocument');
  const transaction = at(root, TRANSACTION);
  const agreement = at(transaction, AGREEMENT);
  const settlement = at(transaction, SETTLEMENT);
  const summation = at(settlement, SUMMATION);
  const currency = textAt(settlement, 'InvoiceCurrencyCode');
  const digits = minorDigits(currency ?? 'XXX');
  const seller = at(agreement, 'SellerTradeParty');
  const taxes: EInvoiceTax[] = all(settlement, 'ApplicableTradeTax').flatMap((tax) => {
    const amount = decimalMinor(textAt(tax, 'CalculatedAmount'), digits);
    return amount === null
      ? []
      : [
          {
            rate_bp: basisPoints(textAt(tax, RATE)),
            net_minor: decimalMinor(textAt(tax, 'BasisAmount'), digits),
            tax_minor: amount,
          },
        ];
  });
  const period = at(settlement, 'BillingSpecifiedPeriod');
  const start = isoDate(textAt(period, 'StartDateTime/DateTimeString'));
  const end = isoDate(textAt(period, 'EndDateTime/DateTimeString'));
  return {
    syntax: 'cii',
    profile: textAt(
      root,
      'ExchangedDocumentContext|SpecifiedExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID',
    ),
    type_code: textAt(header, 'TypeCode'),
    number: textAt(header, 'ID'),
    issue_date: isoDate(textAt(header, 'IssueDateTime/DateTimeString')),
    currency,
    seller: { name: textAt(seller, 'Name'), tax_id: taxId(seller) },
    buyer: { name: textAt(agreement, 'BuyerTradeParty/Name') },
    net_minor: amountIn(summation, 'TaxBasisTotalAmount', currency, digits),
    tax_minor: amountIn(summation, 'TaxTotalAmount', currency, digits),
    total_minor: amountIn(summation, 'GrandTotalAmount', currency, digits),
    prepaid_minor: amountIn(summation, 'TotalPrepaidAmount', currency, digits),
    due_minor: amountIn(summation, 'DuePayableAmount', currency, digits),
    taxes,
    lines: all(transaction, 'IncludedSupplyChainTradeLineItem').map((item) => line(item, digits)),
    billing_period: start && end ? { start, end } : null,
  };
}

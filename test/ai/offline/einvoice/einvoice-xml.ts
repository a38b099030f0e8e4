/**
 * E-invoice XML written by the tests (an invented seller and buyer), in the syntaxes uploads use:
 * CII as Factur-X / ZUGFeRD 2.x writes it, ZUGFeRD 1.0's older element names, and UBL.
 */
import PDFDocument from 'pdfkit';

export interface InvoiceSpec {
  number: string;
  /** YYYY-MM-DD */
  date: string;
  currency: string;
  seller: string;
  sellerVat: string;
  buyer: string;
  lines: Array<{ name: string; qty: string; price: string; net: string; rate: string }>;
  net: string;
  tax: string;
  gross: string;
  prepaid?: string;
  due: string;
  typeCode?: string;
}

export const SPEC: InvoiceSpec = {
  number: 'TST-2031/07',
  date: '2031-03-14',
  currency: 'EUR',
  seller: 'Nordlicht Werkzeuge GmbH',
  sellerVat: 'DE999999999',
  buyer: 'Beispielkunde KG',
  lines: [
    { name: 'Schraubendreher-Satz', qty: '2', price: '24.50', net: '49.00', rate: '19.00' },
    { name: 'Fachbuch Werkzeugkunde', qty: '1', price: '30.00', net: '30.00', rate: '7.00' },
  ],
  net: '79.00',
  tax: '11.41',
  gross: '90.41',
  due: '90.41',
};

const compact = (date: string) => date.replaceAll('-', '');

export function ciiXml(spec: InvoiceSpec = SPEC): string {
  const lines = spec.lines
    .map(
      (line, index) => `
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>${index + 1}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>${line.name}</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${line.price}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="H87">${line.qty}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>${line.rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${line.net}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>${spec.number}</ram:ID>
    <ram:TypeCode>${spec.typeCode ?? '380'}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">${compact(spec.date)}</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>${lines}
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty>
        <ram:Name>${spec.seller.replaceAll('&', '&amp;')}</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">201/113/40209</ram:ID></ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${spec.sellerVat}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>${spec.buyer}</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>${spec.currency}</ram:InvoiceCurrencyCode>
      <ram:ApplicableTradeTax><ram:CalculatedAmount>9.31</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>49.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19.00</ram:RateApplicablePercent></ram:ApplicableTradeTax>
      <ram:ApplicableTradeTax><ram:CalculatedAmount>2.10</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>30.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>7.00</ram:RateApplicablePercent></ram:ApplicableTradeTax>
      <ram:BillingSpecifiedPeriod>
        <ram:StartDateTime><udt:DateTimeString format="102">20310201</udt:DateTimeString></ram:StartDateTime>
        <ram:EndDateTime><udt:DateTimeString format="102">20310228</udt:DateTimeString></ram:EndDateTime>
      </ram:BillingSpecifiedPeriod>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>${spec.net}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>${spec.net}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="USD">13.02</ram:TaxTotalAmount>
        <ram:TaxTotalAmount currencyID="${spec.currency}">${spec.tax}</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>${spec.gross}</ram:GrandTotalAmount>
        ${spec.prepaid ? `<ram:TotalPrepaidAmount>${spec.prepaid}</ram:TotalPrepaidAmount>` : ''}
        <ram:DuePayableAmount>${spec.due}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;
}

/** ZUGFeRD 1.0: CrossIndustryDocument with the header and settlement elements of its time. */
export function zugferd1Xml(spec: InvoiceSpec = SPEC): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
  <rsm:SpecifiedExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:ferd:CrossIndustryDocument:invoice:1p0:comfort</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:SpecifiedExchangedDocumentContext>
  <rsm:HeaderExchangedDocument>
    <ram:ID>${spec.number}</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">${compact(spec.date)}</udt:DateTimeString></ram:IssueDateTime>
  </rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainTradeTransaction>
    <ram:ApplicableSupplyChainTradeAgreement>
      <ram:SellerTradeParty><ram:Name>${spec.seller}</ram:Name></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>${spec.buyer}</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableSupplyChainTradeAgreement>
    <ram:ApplicableSupplyChainTradeSettlement>
      <ram:InvoiceCurrencyCode>${spec.currency}</ram:InvoiceCurrencyCode>
      <ram:ApplicableTradeTax><ram:CalculatedAmount currencyID="${spec.currency}">${spec.tax}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount currencyID="${spec.currency}">${spec.net}</ram:BasisAmount><ram:ApplicablePercent>19.00</ram:ApplicablePercent></ram:ApplicableTradeTax>
      <ram:SpecifiedTradeSettlementMonetarySummation>
        <ram:TaxBasisTotalAmount currencyID="${spec.currency}">${spec.net}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="${spec.currency}">${spec.tax}</ram:TaxTotalAmount>
        <ram:GrandTotalAmount currencyID="${spec.currency}">${spec.gross}</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementMonetarySummation>
    </ram:ApplicableSupplyChainTradeSettlement>
  </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>`;
}

export function ublXml(
  spec: InvoiceSpec = SPEC,
  root: 'Invoice' | 'CreditNote' = 'Invoice',
): string {
  const lineTag = root === 'Invoice' ? 'InvoiceLine' : 'CreditNoteLine';
  const qtyTag = root === 'Invoice' ? 'InvoicedQuantity' : 'CreditedQuantity';
  const ns =
    root === 'Invoice'
      ? 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'
      : 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
  const lines = spec.lines
    .map(
      (line, index) => `
  <cac:${lineTag}>
    <cbc:ID>${index + 1}</cbc:ID>
    <cbc:${qtyTag} unitCode="C62">${line.qty}</cbc:${qtyTag}>
    <cbc:LineExtensionAmount currencyID="${spec.currency}">${line.net}</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>${line.name}</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${line.rate}</cbc:Percent></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="${spec.currency}">${line.price}</cbc:PriceAmount></cac:Price>
  </cac:${lineTag}>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="${ns}" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>${spec.number}</cbc:ID>
  <cbc:IssueDate>${spec.date}</cbc:IssueDate>
  ${root === 'Invoice' ? '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>' : ''}
  <cbc:DocumentCurrencyCode>${spec.currency}</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyTaxScheme><cbc:CompanyID>${spec.sellerVat}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>${spec.seller}</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>${spec.buyer}</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="${spec.currency}">${spec.tax}</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="${spec.currency}">49.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="${spec.currency}">9.31</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent></cac:TaxCategory></cac:TaxSubtotal>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="${spec.currency}">30.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="${spec.currency}">2.10</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>7</cbc:Percent></cac:TaxCategory></cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="${spec.currency}">${spec.net}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="${spec.currency}">${spec.net}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="${spec.currency}">${spec.gross}</cbc:TaxInclusiveAmount>
    ${spec.prepaid ? `<cbc:PrepaidAmount currencyID="${spec.currency}">${spec.prepaid}</cbc:PrepaidAmount>` : ''}
    <cbc:PayableAmount currencyID="${spec.currency}">${spec.due}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>${lines}
</${root}>`;
}

/**
 * A one-page PDF invoice with files embedded the way Factur-X does it (plus any others, such as a
 * time sheet), printing `printedTotal` as its total.
 */
export function pdfWithAttachments(
  attachments: ReadonlyArray<{ name: string; data: Buffer | string; type: string }>,
  printedTotal: string,
  spec: InvoiceSpec = SPEC,
): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A4', margin: 50 });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) =>
    document.on('end', () => resolve(Buffer.concat(chunks))),
  );
  document.font('Helvetica-Bold').fontSize(16).text(spec.seller);
  document.font('Helvetica').fontSize(10).text('Musterweg 4, 12345 Musterstadt');
  document.moveDown().text(`An: ${spec.buyer}`);
  document.moveDown().text(`Rechnungsnummer: ${spec.number}`);
  document.text(`Rechnungsdatum: ${spec.date.split('-').reverse().join('.')}`);
  document.moveDown();
  for (const line of spec.lines) document.text(`${line.qty} x ${line.name}   ${line.net} EUR`);
  document.moveDown().text(`Gesamtbetrag: ${printedTotal} EUR`);
  for (const attachment of attachments) {
    document.file(Buffer.from(attachment.data), {
      name: attachment.name,
      type: attachment.type,
      description: attachment.name,
    });
  }
  document.end();
  return done;
}

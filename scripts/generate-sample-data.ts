/**
 * `npm run sample-data`: writes the project's own sample claim to samples/ (committed), for the
 * README, `npm run demo` and the curl examples. Everything is fictional: the company "Northwind
 * Labs", its policy and the claim of its employee Priya Nair in October 2026, in INR.
 *
 *   samples/policy.pdf, policy.md   the reimbursement policy (2 pages; the same text as Markdown)
 *   samples/claim-priya.zip         9 invoice PDFs in folders, in 8 different layouts
 *   samples/receipt-photo.png       a receipt image, read through OCR (a loose file, not in the ZIP)
 *   samples/expected.json           the hand-derived decision for every invoice: the one source of
 *                                   truth, checked by test/samples/samples.test.ts
 *   samples/README.md               what each file is and the expected decisions, rendered from it
 *
 * Deterministic: fixed PDF dates and IDs, the standard Helvetica and Courier fonts (not embedded),
 * uncompressed PDF streams and fixed ZIP timestamps, so the PDFs, the Markdown, the JSON and every
 * ZIP entry are the same bytes on every machine. Only the deflated ZIP container and the PNG pass
 * through zlib and a rasteriser, whose output may differ between builds of Node.
 *
 * The standard PDF fonts have no rupee sign, so amounts print "Rs." and "INR", as many Indian
 * bills do; the reader treats "Rs. 500", "INR 500" and "₹500" alike.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import PDFDocument from 'pdfkit';
import yazl from 'yazl';

export const SAMPLES_DIR = path.resolve(import.meta.dirname, '..', 'samples');
export const CLAIM_ZIP = 'claim-priya.zip';
export const RECEIPT_PHOTO = 'receipt-photo.png';

/** Fixed "now" of every generated file: PDF creation dates and ZIP entry times. */
const GENERATED_AT = new Date('2026-11-01T09:00:00Z');

export type SampleStatus = 'fully_reimbursed' | 'partially_reimbursed' | 'declined';
export type SampleFlag =
  | 'possible_duplicate'
  | 'alcohol'
  | 'late_submission'
  | 'name_mismatch'
  | 'amount_inconsistent'
  | 'currency_inferred'
  | 'low_confidence'
  | 'ocr';

/** What a reader of samples/ should see for one invoice; written to samples/expected.json. */
export interface ExpectedInvoice {
  /** The upload the invoice arrives in: the ZIP, or the loose photo itself. */
  source: string;
  /** Name of the document as the API reports it: the path inside the ZIP, or the file name. */
  file: string;
  description: string;
  vendor: string;
  category: 'meal' | 'travel' | 'cab' | 'accommodation';
  invoice_number: string;
  invoice_date: string;
  claimed_minor: number;
  expected_status: SampleStatus;
  expected_reimbursable_minor: number;
  expected_flags: SampleFlag[];
  /** Why, in the words of the policy: derived by hand, not copied from the engine. */
  why: string;
}

export interface ExpectedPolicyRule {
  category: 'meal' | 'travel' | 'cab' | 'accommodation';
  amount_minor: number;
  per: 'meal' | 'trip' | 'day' | 'night';
  includes_tax: boolean;
}

export interface ExpectedSamples {
  company: string;
  employee_name: string;
  /** Submit the claim with this date: every invoice is then inside the 30-day window. */
  claim_date: string;
  currency: string;
  policy: {
    caps: ExpectedPolicyRule[];
    exclusions: Array<'alcohol' | 'terms'>;
    excluded_terms: string[];
    submission_window_days: number;
  };
  invoices: ExpectedInvoice[];
}

// ---------------------------------------------------------------------------------------------
// The policy
// ---------------------------------------------------------------------------------------------

interface PolicySection {
  heading: string;
  paragraphs?: string[];
  bullets?: string[];
}

const POLICY_META = {
  company: 'Northwind Labs',
  title: 'Travel and Expense Reimbursement Policy',
  version: '2.1',
  effective: '1 April 2026',
  owner: 'Finance',
};

/**
 * Two pages of sections. The offline parser reads limits from sentences such as "up to Rs. 500 per
 * meal" and "Rs. 400 per day", so no other sentence carries an amount.
 */
const POLICY_PAGES: PolicySection[][] = [
  [
    {
      heading: '1. Purpose',
      paragraphs: [
        'This policy explains which business expenses Northwind Labs pays back to its employees, the limits that apply, and how to claim them.',
        'It applies to every employee, intern and contractor who spends their own money on company business.',
      ],
    },
    {
      heading: '2. General Rules',
      bullets: [
        'Claims must be submitted within 30 days of the expense.',
        'Every expense needs an itemised invoice or receipt that shows the vendor, the date and the amount paid.',
        'Expenses without an invoice or receipt will not be reimbursed.',
        'Limits are in Indian rupees and include taxes unless a limit says otherwise.',
        'A limit stated per day is shared by all invoices of that day.',
      ],
    },
    {
      heading: '3. Food and Beverages',
      paragraphs: [
        'Business meals are reimbursed up to Rs. 500 per meal, including taxes.',
        'This covers meals with clients and meals while working away from the office.',
        'One bill counts as one meal, however many people it covers.',
        'Restrictions: Alcoholic beverages are not reimbursable.',
        'When a bill includes alcohol, the alcohol lines and their share of the taxes are removed before the limit is applied.',
      ],
    },
  ],
  [
    {
      heading: '4. Travel Expenses',
      paragraphs: [
        'Business travel by bus, train or air is reimbursed up to Rs. 5,000 per trip, including taxes and fees.',
        'Tickets should be booked in economy class, as early as the plan allows.',
      ],
    },
    {
      heading: '5. Daily Office Cabs',
      paragraphs: [
        'The allowance for daily office cabs is Rs. 400 per day.',
        'All cab rides taken on the same day share this allowance.',
      ],
    },
    {
      heading: '6. Accommodation',
      paragraphs: [
        'Hotel stays are reimbursed up to Rs. 3,000 per night, excluding taxes.',
        'The taxes on the reimbursed part of the room are paid as well.',
        'Minibar, laundry and room service charges are not reimbursable.',
      ],
    },
    {
      heading: '7. Review and Payment',
      paragraphs: [
        'Finance reviews every claim and may ask for the original invoices.',
        'Invoices that look duplicated, that name another person or that were read with doubt are flagged for a reviewer.',
        'Approved amounts are paid with the next salary.',
      ],
    },
  ],
];

// ---------------------------------------------------------------------------------------------
// PDF helpers
// ---------------------------------------------------------------------------------------------

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'right' | 'center';

function pdf(
  title: string,
  options: PDFKit.PDFDocumentOptions,
  draw: (doc: Doc) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    ...options,
    compress: false,
    info: {
      Title: title,
      Author: 'Northwind Labs (fictional sample data)',
      Creator: 'scripts/generate-sample-data.ts',
      Producer: 'PDFKit',
      CreationDate: GENERATED_AT,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

interface Cell {
  text: string;
  x: number;
  width: number;
  align?: Align;
}

/** One row of cells at the same height; returns the y of the next row. */
function row(doc: Doc, y: number, cells: Cell[], lineHeight: number): number {
  for (const cell of cells)
    doc.text(cell.text, cell.x, y, {
      width: cell.width,
      align: cell.align ?? 'left',
      lineBreak: false,
    });
  return y + lineHeight;
}

function rule(doc: Doc, y: number, x1: number, x2: number): void {
  doc.save().lineWidth(0.6).moveTo(x1, y).lineTo(x2, y).stroke().restore();
}

/** "1,386.00" from 138600, Indian digit grouping ("1,00,000.00"). */
function rupees(minor: number): string {
  const whole = Math.floor(minor / 100).toString();
  const paise = String(minor % 100).padStart(2, '0');
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return `${rest ? `${rest},` : ''}${last3}.${paise}`;
}

/** The policy as a PDF: A4, two pages, headings in bold, a footer per page. */
function policyPdf(): Promise<Buffer> {
  const { company, title, version, effective, owner } = POLICY_META;
  return pdf(
    `${company} ${title}`,
    { size: 'A4', margins: { top: 64, bottom: 64, left: 64, right: 64 }, autoFirstPage: false },
    (doc) => {
      const width = 595.28 - 128;
      POLICY_PAGES.forEach((sections, index) => {
        doc.addPage();
        if (index === 0) {
          doc.font('Helvetica-Bold').fontSize(20).fillColor('#1f3a5f').text(company);
          doc.font('Helvetica').fontSize(14).fillColor('#000000').text(title).moveDown(0.6);
          doc.fontSize(9.5).fillColor('#444444');
          doc.text(`Company: ${company}`);
          doc.text(`Policy Title: ${title}`);
          doc.text(`Version: ${version}`);
          doc.text(`Effective from: ${effective}.`);
          doc.text(`Owner: ${owner}.`);
          doc.fillColor('#000000').moveDown(0.8);
          rule(doc, doc.y, 64, 64 + width);
          doc.moveDown(0.8);
        }
        for (const section of sections) {
          doc
            .font('Helvetica-Bold')
            .fontSize(12.5)
            .fillColor('#1f3a5f')
            .text(section.heading, 64, doc.y, { width })
            .moveDown(0.3);
          doc.font('Helvetica').fontSize(10.5).fillColor('#000000');
          for (const paragraph of section.paragraphs ?? [])
            doc.text(paragraph, 64, doc.y, { width, lineGap: 2 }).moveDown(0.45);
          for (const bullet of section.bullets ?? [])
            doc.text(`•  ${bullet}`, 76, doc.y, { width: width - 12, lineGap: 2 }).moveDown(0.3);
          doc.moveDown(0.6);
        }
        // The footer sits in the bottom margin: without this, pdfkit would start a new page for it.
        doc.page.margins.bottom = 0;
        doc.font('Helvetica').fontSize(8).fillColor('#666666');
        doc.text(
          `${company} - ${title} v${version} - Page ${index + 1} of ${POLICY_PAGES.length}`,
          64,
          841.89 - 48,
          { width, align: 'center', lineBreak: false },
        );
        doc.fillColor('#000000');
      });
    },
  );
}

/** The same policy in Markdown. */
function policyMarkdown(): string {
  const { company, title, version, effective, owner } = POLICY_META;
  const lines = [
    `# ${company}`,
    '',
    `## ${title}`,
    '',
    `Company: ${company}  `,
    `Policy Title: ${title}  `,
    `Version: ${version}  `,
    `Effective from: ${effective}.  `,
    `Owner: ${owner}.`,
    '',
  ];
  POLICY_PAGES.forEach((sections, index) => {
    if (index > 0) lines.push('---', '');
    for (const section of sections) {
      lines.push(`### ${section.heading}`, '');
      for (const paragraph of section.paragraphs ?? []) lines.push(paragraph, '');
      if (section.bullets) lines.push(...section.bullets.map((bullet) => `- ${bullet}`), '');
    }
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// Invoice layouts
// ---------------------------------------------------------------------------------------------

interface Item {
  name: string;
  qty: number;
  rate_minor: number;
}

const itemTotal = (item: Item) => item.qty * item.rate_minor;
const sumItems = (items: readonly Item[]) => items.reduce((sum, item) => sum + itemTotal(item), 0);
/** GST at a rate in tenths of a percent, rounded to the paisa: gst(74000, 25) is 2.5% of ₹740. */
const gst = (baseMinor: number, tenthsOfPercent: number) =>
  Math.round((baseMinor * tenthsOfPercent) / 1000);

interface RestaurantBill {
  vendor: string;
  tagline: string;
  address: string;
  gstin: string;
  billNo: string;
  date: string;
  time: string;
  table: string;
  covers: number;
  server: string;
  items: Item[];
  /** CGST and SGST each, in tenths of a percent. */
  halfGstTenths: number;
}

/** A5 tax invoice of a sit-down restaurant: a ruled table of items, totals on the right. */
function restaurantTaxInvoice(bill: RestaurantBill): Promise<Buffer> {
  return pdf(`${bill.vendor} ${bill.billNo}`, { size: 'A5', margin: 36 }, (doc) => {
    const left = 36;
    const right = 420 - 36;
    const width = right - left;
    doc.font('Helvetica-Bold').fontSize(17).text(bill.vendor, left, 40, { width, align: 'center' });
    doc.font('Helvetica-Oblique').fontSize(9).text(bill.tagline, { width, align: 'center' });
    doc.font('Helvetica').fontSize(8.5).text(bill.address, { width, align: 'center' });
    doc.text(`GSTIN: ${bill.gstin}`, { width, align: 'center' });
    doc
      .moveDown(0.6)
      .font('Helvetica-Bold')
      .fontSize(10)
      .text('TAX INVOICE', { width, align: 'center' });
    let y = doc.y + 10;
    doc.font('Helvetica').fontSize(9);
    y = row(
      doc,
      y,
      [
        { text: `Bill No: ${bill.billNo}`, x: left, width: 180 },
        { text: `Date: ${bill.date}`, x: right - 150, width: 150, align: 'right' },
      ],
      14,
    );
    y = row(
      doc,
      y,
      [
        { text: `Table No: ${bill.table}`, x: left, width: 180 },
        { text: `Time: ${bill.time}`, x: right - 150, width: 150, align: 'right' },
      ],
      14,
    );
    y = row(
      doc,
      y,
      [
        { text: `Covers: ${bill.covers}`, x: left, width: 180 },
        { text: `Steward: ${bill.server}`, x: right - 150, width: 150, align: 'right' },
      ],
      16,
    );
    rule(doc, y, left, right);
    y += 6;
    const columns = (name: string, qty: string, rate: string, amount: string): Cell[] => [
      { text: name, x: left, width: 170 },
      { text: qty, x: left + 175, width: 30, align: 'right' },
      { text: rate, x: left + 210, width: 60, align: 'right' },
      { text: amount, x: right - 70, width: 70, align: 'right' },
    ];
    doc.font('Helvetica-Bold');
    y = row(doc, y, columns('Item', 'Qty', 'Rate', 'Amount'), 14);
    rule(doc, y - 2, left, right);
    y += 4;
    doc.font('Helvetica');
    for (const item of bill.items)
      y = row(
        doc,
        y,
        columns(item.name, String(item.qty), rupees(item.rate_minor), rupees(itemTotal(item))),
        14,
      );
    rule(doc, y, left, right);
    y += 6;
    const subtotal = sumItems(bill.items);
    const half = gst(subtotal, bill.halfGstTenths);
    const rate = `${bill.halfGstTenths / 10}%`;
    const totals: Array<[string, string]> = [
      ['Sub Total', rupees(subtotal)],
      [`CGST ${rate}`, rupees(half)],
      [`SGST ${rate}`, rupees(half)],
    ];
    for (const [label, amount] of totals)
      y = row(
        doc,
        y,
        [
          { text: label, x: right - 200, width: 120 },
          { text: amount, x: right - 80, width: 80, align: 'right' },
        ],
        14,
      );
    doc.font('Helvetica-Bold').fontSize(11);
    y = row(
      doc,
      y + 2,
      [
        { text: 'Grand Total', x: right - 200, width: 100 },
        { text: `Rs. ${rupees(subtotal + 2 * half)}`, x: right - 110, width: 110, align: 'right' },
      ],
      22,
    );
    doc
      .font('Helvetica-Oblique')
      .fontSize(8.5)
      .text('Thank you for dining with us. Please visit again!', left, y + 10, {
        width,
        align: 'center',
      });
  });
}

interface ThermalReceipt {
  banner?: string;
  vendor: string;
  address: string[];
  gstin: string;
  billNo: string;
  date: string;
  cashier: string;
  items: Item[];
  halfGstTenths: number;
  footer: string[];
}

/** An 80 mm thermal-printer receipt: Courier, dashed rules, everything in one narrow column. */
function thermalReceipt(receipt: ThermalReceipt): Promise<Buffer> {
  const width = 226;
  const lineHeight = 11;
  // Header, rules, bill details and totals take 16 lines besides the items, the address and the footer.
  const lines =
    (receipt.banner ? 1 : 0) +
    receipt.address.length +
    receipt.items.length +
    receipt.footer.length +
    16;
  return pdf(
    `${receipt.vendor} ${receipt.billNo}`,
    { size: [width, 36 + lines * lineHeight], margin: 14 },
    (doc) => {
      const left = 14;
      const inner = width - 28;
      const dashes = '-'.repeat(32);
      doc.font('Courier').fontSize(8.5);
      const center = (text: string) =>
        doc.text(text, left, doc.y, { width: inner, align: 'center' });
      const line = (text: string) => doc.text(text, left, doc.y, { width: inner });
      const pair = (label: string, amount: string) => {
        const y = doc.y;
        row(
          doc,
          y,
          [
            { text: label, x: left, width: inner - 70 },
            { text: amount, x: left + inner - 70, width: 70, align: 'right' },
          ],
          lineHeight,
        );
        doc.y = y + lineHeight;
      };
      if (receipt.banner) center(receipt.banner);
      doc.font('Courier-Bold').fontSize(11);
      center(receipt.vendor);
      doc.font('Courier').fontSize(8.5);
      for (const part of receipt.address) center(part);
      center(`GSTIN ${receipt.gstin}`);
      line(dashes);
      line(`Bill No : ${receipt.billNo}`);
      line(`Date    : ${receipt.date}`);
      line(`Cashier : ${receipt.cashier}`);
      line(dashes);
      line('Qty Item            Rate    Amt');
      for (const item of receipt.items) {
        line(
          `${String(item.qty).padEnd(3)} ${item.name.padEnd(14)} ${rupees(item.rate_minor).padStart(6)} ${rupees(itemTotal(item)).padStart(7)}`,
        );
      }
      line(dashes);
      const subtotal = sumItems(receipt.items);
      const half = gst(subtotal, receipt.halfGstTenths);
      pair('Sub Total', rupees(subtotal));
      pair(`CGST @${receipt.halfGstTenths / 10}%`, rupees(half));
      pair(`SGST @${receipt.halfGstTenths / 10}%`, rupees(half));
      doc.font('Courier-Bold').fontSize(9.5);
      pair('TOTAL', rupees(subtotal + 2 * half));
      doc.font('Courier').fontSize(8.5);
      line(dashes);
      for (const part of receipt.footer) center(part);
    },
  );
}

interface BandedRestaurantBill {
  vendor: string;
  address: string;
  phone: string;
  invoiceNo: string;
  date: string;
  customer: string;
  items: Item[];
  halfGstTenths: number;
}

/** A4-width bill with a coloured header band, a boxed item table with "Rs." amounts and a customer name. */
function bandedRestaurantBill(bill: BandedRestaurantBill): Promise<Buffer> {
  return pdf(`${bill.vendor} ${bill.invoiceNo}`, { size: [500, 470], margin: 40 }, (doc) => {
    const left = 40;
    const right = 460;
    doc.rect(0, 0, 500, 86).fill('#0b6e4f');
    doc
      .fillColor('#ffffff')
      .font('Helvetica-Bold')
      .fontSize(20)
      .text(bill.vendor, left, 24, { width: 420 });
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(`${bill.address}  |  Ph: ${bill.phone}`, left, 52, { width: 420 });
    doc.fillColor('#000000');
    let y = 104;
    doc.font('Helvetica').fontSize(10);
    y = row(doc, y, [{ text: `Invoice No: ${bill.invoiceNo}`, x: left, width: 220 }], 15);
    y = row(doc, y, [{ text: `Invoice Date: ${bill.date}`, x: left, width: 220 }], 15);
    y = row(doc, y, [{ text: `Customer Name: ${bill.customer}`, x: left, width: 260 }], 22);
    const columns = (name: string, qty: string, price: string, amount: string): Cell[] => [
      { text: name, x: left + 8, width: 190 },
      { text: qty, x: left + 205, width: 40, align: 'right' },
      { text: price, x: left + 255, width: 75, align: 'right' },
      { text: amount, x: right - 88, width: 80, align: 'right' },
    ];
    doc.rect(left, y - 4, right - left, 18).fill('#e8f3ee');
    doc.fillColor('#000000').font('Helvetica-Bold');
    y = row(doc, y, columns('Description', 'Qty', 'Price', 'Amount'), 20);
    doc.font('Helvetica');
    for (const item of bill.items)
      y = row(
        doc,
        y,
        columns(
          item.name,
          String(item.qty),
          `Rs. ${rupees(item.rate_minor)}`,
          `Rs. ${rupees(itemTotal(item))}`,
        ),
        16,
      );
    doc
      .rect(left, 104 + 52 - 4, right - left, y - (104 + 52 - 4) + 2)
      .lineWidth(0.6)
      .stroke();
    y += 10;
    const subtotal = sumItems(bill.items);
    const half = gst(subtotal, bill.halfGstTenths);
    const rate = `${bill.halfGstTenths / 10}%`;
    const totals: Array<[string, number]> = [
      ['Sub Total', subtotal],
      [`CGST ${rate}`, half],
      [`SGST ${rate}`, half],
    ];
    for (const [label, amount] of totals)
      y = row(
        doc,
        y,
        [
          { text: label, x: right - 220, width: 120 },
          { text: `Rs. ${rupees(amount)}`, x: right - 108, width: 100, align: 'right' },
        ],
        15,
      );
    doc.font('Helvetica-Bold').fontSize(12);
    y = row(
      doc,
      y + 4,
      [
        { text: 'Total Amount', x: right - 220, width: 120 },
        { text: `Rs. ${rupees(subtotal + 2 * half)}`, x: right - 128, width: 120, align: 'right' },
      ],
      24,
    );
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor('#555555')
      .text('Prices include service. This is a computer generated invoice.', left, y + 16, {
        width: 420,
        align: 'center',
      });
  });
}

interface AppRideReceipt {
  brand: string;
  date: string;
  tripId: string;
  customer: string;
  pickup: string;
  drop: string;
  distance: string;
  duration: string;
  vehicle: string;
  driver: string;
  fare_minor: number;
  bookingFee_minor: number;
  /** GST in tenths of a percent on fare plus fee. */
  gstTenths: number;
  payment: string;
}

/** A ride-hailing app's e-mailed receipt: big total on top, then the fare breakdown and the route. */
function appRideReceipt(ride: AppRideReceipt): Promise<Buffer> {
  const beforeTax = ride.fare_minor + ride.bookingFee_minor;
  const tax = gst(beforeTax, ride.gstTenths);
  const total = beforeTax + tax;
  return pdf(`${ride.brand} receipt ${ride.tripId}`, { size: [360, 430], margin: 28 }, (doc) => {
    const left = 28;
    const width = 304;
    doc.rect(0, 0, 360, 64).fill('#111111');
    doc
      .fillColor('#ffd500')
      .font('Helvetica-Bold')
      .fontSize(22)
      .text(ride.brand, left, 20, { width });
    doc
      .fillColor('#000000')
      .font('Helvetica')
      .fontSize(10)
      .text(`Ride Date: ${ride.date}`, left, 80, { width });
    doc.text(`Booking ID: ${ride.tripId}`, { width });
    doc.text(`Customer: ${ride.customer}`, { width });
    doc
      .moveDown(0.5)
      .font('Helvetica-Bold')
      .fontSize(16)
      .text(`Total Rs. ${rupees(total)}`, { width });
    doc.moveDown(0.6);
    let y = doc.y;
    doc.font('Helvetica').fontSize(10);
    const pair = (label: string, amount: number) => {
      y = row(
        doc,
        y,
        [
          { text: label, x: left, width: 200 },
          { text: `Rs. ${rupees(amount)}`, x: left + width - 100, width: 100, align: 'right' },
        ],
        15,
      );
    };
    pair('Trip fare', ride.fare_minor);
    pair('Booking fee', ride.bookingFee_minor);
    pair(`GST ${ride.gstTenths / 10}%`, tax);
    rule(doc, y + 1, left, left + width);
    y += 6;
    doc.font('Helvetica-Bold');
    pair('Amount Paid', total);
    doc.font('Helvetica').fontSize(9.5);
    y += 10;
    for (const line of [
      `Pickup: ${ride.pickup}`,
      `Drop location: ${ride.drop}`,
      `Distance: ${ride.distance}   Duration: ${ride.duration}`,
      `Vehicle: ${ride.vehicle}`,
      `Driver: ${ride.driver}`,
      `Paid by ${ride.payment}`,
    ]) {
      y = row(doc, y, [{ text: line, x: left, width }], 14);
    }
    doc
      .fontSize(8)
      .fillColor('#666666')
      .text('Fares include all applicable taxes. Thank you for riding with us.', left, y + 16, {
        width,
      });
  });
}

interface TaxiInvoice {
  operator: string;
  address: string;
  invoiceNo: string;
  date: string;
  billedTo: string;
  from: string;
  to: string;
  vehicle: string;
  driver: string;
  charges: Array<[string, number]>;
}

/** A local taxi operator's printed invoice: bordered page, label-value pairs, amount payable. */
function taxiInvoice(taxi: TaxiInvoice): Promise<Buffer> {
  const total = taxi.charges.reduce((sum, [, amount]) => sum + amount, 0);
  return pdf(`${taxi.operator} ${taxi.invoiceNo}`, { size: 'A6', margin: 22 }, (doc) => {
    const left = 22;
    const width = 297.64 - 44;
    doc
      .rect(12, 12, 297.64 - 24, 419.53 - 24)
      .lineWidth(1)
      .stroke();
    doc.font('Times-Bold').fontSize(14).text(taxi.operator, left, 24, { width, align: 'center' });
    doc.font('Times-Roman').fontSize(8).text(taxi.address, { width, align: 'center' });
    doc
      .moveDown(0.5)
      .font('Times-Bold')
      .fontSize(10)
      .text('TAXI INVOICE', { width, align: 'center' })
      .moveDown(0.6);
    doc.font('Times-Roman').fontSize(9.5);
    for (const line of [
      `Invoice No: ${taxi.invoiceNo}`,
      `Invoice Date: ${taxi.date}`,
      `Billed to: ${taxi.billedTo}`,
      `From: ${taxi.from}`,
      `To: ${taxi.to}`,
      `Vehicle No: ${taxi.vehicle}`,
      `Driver: ${taxi.driver}`,
    ]) {
      doc.text(line, left, doc.y, { width });
    }
    doc.moveDown(0.6);
    let y = doc.y;
    doc.font('Times-Bold');
    y = row(doc, y, [{ text: 'Fare details', x: left, width: 150 }], 14);
    doc.font('Times-Roman');
    for (const [label, amount] of taxi.charges)
      y = row(
        doc,
        y,
        [
          { text: label, x: left, width: 150 },
          { text: `Rs. ${rupees(amount)}`, x: left + width - 90, width: 90, align: 'right' },
        ],
        13,
      );
    rule(doc, y + 1, left, left + width);
    doc.font('Times-Bold');
    y = row(
      doc,
      y + 5,
      [
        { text: 'Amount Payable', x: left, width: 150 },
        { text: `Rs. ${rupees(total)}`, x: left + width - 90, width: 90, align: 'right' },
      ],
      18,
    );
    doc
      .font('Times-Italic')
      .fontSize(8)
      .text('Received with thanks. Subject to Bengaluru jurisdiction.', left, y + 12, {
        width,
        align: 'center',
      });
  });
}

interface HotelFolio {
  hotel: string;
  address: string;
  gstin: string;
  folioNo: string;
  billDate: string;
  guest: string;
  company: string;
  checkIn: string;
  checkOut: string;
  roomNo: string;
  items: Item[];
  /** CGST and SGST each, in tenths of a percent. */
  halfGstTenths: number;
}

/** A hotel's guest folio (tax invoice) on A4: guest block, stay block, item table and totals. */
function hotelFolio(folio: HotelFolio): Promise<Buffer> {
  return pdf(`${folio.hotel} folio ${folio.folioNo}`, { size: 'A4', margin: 50 }, (doc) => {
    const left = 50;
    const right = 545;
    doc.font('Helvetica-Bold').fontSize(22).fillColor('#5a3e1b').text(folio.hotel, left, 50);
    doc.font('Helvetica').fontSize(9).fillColor('#000000').text(folio.address);
    doc.text(`GSTIN: ${folio.gstin}`);
    doc
      .font('Helvetica-Bold')
      .fontSize(12)
      .text('GUEST FOLIO / TAX INVOICE', left, 50, { width: right - left, align: 'right' });
    let y = 130;
    rule(doc, y, left, right);
    y += 10;
    doc.font('Helvetica').fontSize(10);
    const pairs: Array<[string, string]> = [
      [`Folio No: ${folio.folioNo}`, `Bill Date: ${folio.billDate}`],
      [`Guest Name: ${folio.guest}`, ''],
      [`Company: ${folio.company}`, `Room No: ${folio.roomNo}`],
      [`Check-in: ${folio.checkIn}`, `Check-out: ${folio.checkOut}`],
      [`Nights: ${folio.items[0]?.qty ?? 1}`, ''],
    ];
    for (const [a, b] of pairs)
      y = row(
        doc,
        y,
        [
          { text: a, x: left, width: 260 },
          { text: b, x: 330, width: 215 },
        ],
        16,
      );
    y += 10;
    const columns = (name: string, qty: string, rate: string, amount: string): Cell[] => [
      { text: name, x: left + 6, width: 250 },
      { text: qty, x: 310, width: 40, align: 'right' },
      { text: rate, x: 360, width: 80, align: 'right' },
      { text: amount, x: right - 96, width: 90, align: 'right' },
    ];
    doc.rect(left, y - 5, right - left, 20).fill('#f1e9dc');
    doc.fillColor('#000000').font('Helvetica-Bold');
    y = row(doc, y, columns('Description', 'Qty', 'Rate', 'Amount'), 22);
    doc.font('Helvetica');
    for (const item of folio.items)
      y = row(
        doc,
        y,
        columns(item.name, String(item.qty), rupees(item.rate_minor), rupees(itemTotal(item))),
        17,
      );
    rule(doc, y + 2, left, right);
    y += 12;
    const subtotal = sumItems(folio.items);
    const half = gst(subtotal, folio.halfGstTenths);
    const rate = `${folio.halfGstTenths / 10}%`;
    const totals: Array<[string, string]> = [
      ['Sub Total', rupees(subtotal)],
      [`CGST ${rate}`, rupees(half)],
      [`SGST ${rate}`, rupees(half)],
    ];
    for (const [label, amount] of totals)
      y = row(
        doc,
        y,
        [
          { text: label, x: 340, width: 110 },
          { text: amount, x: right - 96, width: 90, align: 'right' },
        ],
        16,
      );
    doc.font('Helvetica-Bold').fontSize(12);
    y = row(
      doc,
      y + 4,
      [
        { text: 'Grand Total', x: 340, width: 110 },
        { text: `Rs. ${rupees(subtotal + 2 * half)}`, x: right - 126, width: 120, align: 'right' },
      ],
      26,
    );
    doc.font('Helvetica').fontSize(9);
    doc.text('Settled by credit card. Guest signature on file.', left, y + 20);
    doc.text('We hope you enjoyed your stay. Check-out time is 12 noon.', left, doc.y + 4);
  });
}

interface BusTicket {
  operator: string;
  ticketNo: string;
  pnr: string;
  journeyDate: string;
  from: string;
  to: string;
  departure: string;
  arrival: string;
  boarding: string;
  dropping: string;
  coach: string;
  seat: string;
  passenger: string;
  age: number;
  gender: string;
  baseFare_minor: number;
  gstTenths: number;
}

/** A bus operator's e-ticket: booking block, journey block, passenger table and fare box. */
function busTicket(ticket: BusTicket): Promise<Buffer> {
  const tax = gst(ticket.baseFare_minor, ticket.gstTenths);
  return pdf(
    `${ticket.operator} e-ticket ${ticket.ticketNo}`,
    { size: 'A4', margin: 48 },
    (doc) => {
      const left = 48;
      const width = 595.28 - 96;
      doc.rect(0, 0, 595.28, 70).fill('#c0392b');
      doc
        .fillColor('#ffffff')
        .font('Helvetica-Bold')
        .fontSize(11)
        .text('eTicket', left, 18, { width });
      doc.fontSize(20).text(ticket.operator, left, 34, { width });
      doc.fillColor('#000000').font('Helvetica').fontSize(10.5);
      let y = 90;
      y = row(
        doc,
        y,
        [
          { text: `Ticket No: ${ticket.ticketNo}`, x: left, width: 240 },
          { text: `PNR No: ${ticket.pnr}`, x: 320, width: 227 },
        ],
        16,
      );
      y = row(
        doc,
        y,
        [
          { text: `Journey Date: ${ticket.journeyDate}`, x: left, width: 240 },
          { text: `Seat No: ${ticket.seat}`, x: 320, width: 227 },
        ],
        24,
      );
      doc.font('Helvetica-Bold').fontSize(14);
      y = row(doc, y, [{ text: `${ticket.from}  to  ${ticket.to}`, x: left, width }], 24);
      doc.font('Helvetica').fontSize(10.5);
      y = row(
        doc,
        y,
        [
          { text: `Departure: ${ticket.departure}`, x: left, width: 240 },
          { text: `Arrival: ${ticket.arrival}`, x: 320, width: 227 },
        ],
        16,
      );
      y = row(doc, y, [{ text: `Boarding Point: ${ticket.boarding}`, x: left, width }], 16);
      y = row(doc, y, [{ text: `Dropping Point: ${ticket.dropping}`, x: left, width }], 16);
      y = row(doc, y, [{ text: `Coach: ${ticket.coach}`, x: left, width }], 26);
      doc.font('Helvetica-Bold');
      y = row(doc, y, [{ text: 'Passenger Details (Age, Gender)', x: left, width }], 16);
      doc.font('Helvetica');
      y = row(
        doc,
        y,
        [{ text: `${ticket.passenger}, ${ticket.age}, ${ticket.gender}`, x: left, width }],
        28,
      );
      doc
        .rect(left, y - 6, width, 62)
        .lineWidth(0.8)
        .stroke();
      const pair = (label: string, amount: number) => {
        y = row(
          doc,
          y,
          [
            { text: label, x: left + 10, width: 200 },
            { text: `Rs. ${rupees(amount)}`, x: left + width - 130, width: 120, align: 'right' },
          ],
          18,
        );
      };
      pair('Base Fare', ticket.baseFare_minor);
      pair(`GST (${ticket.gstTenths / 10}%)`, tax);
      doc.font('Helvetica-Bold');
      pair('Total Fare', ticket.baseFare_minor + tax);
      doc.font('Helvetica').fontSize(8.5).fillColor('#555555');
      doc.text(
        'Carry a photo ID while travelling. Reach the boarding point 15 minutes before departure. Cancellation charges apply as per the operator policy.',
        left,
        y + 24,
        { width },
      );
      doc.fillColor('#000000');
    },
  );
}

interface FlightTicket {
  airline: string;
  pnr: string;
  ticketNumber: string;
  issued: string;
  passenger: string;
  flight: string;
  from: string;
  to: string;
  travelDate: string;
  departs: string;
  arrives: string;
  cabin: string;
  baggage: string;
  fare: Array<[string, number]>;
}

/** An airline e-ticket / itinerary receipt in landscape, with a fare summary box. */
function flightTicket(ticket: FlightTicket): Promise<Buffer> {
  const total = ticket.fare.reduce((sum, [, amount]) => sum + amount, 0);
  return pdf(
    `${ticket.airline} e-ticket ${ticket.pnr}`,
    { size: 'A5', layout: 'landscape', margin: 36 },
    (doc) => {
      const left = 36;
      const width = 595.28 - 72;
      doc
        .font('Helvetica-Bold')
        .fontSize(18)
        .fillColor('#00509e')
        .text(ticket.airline, left, 32, { width: 260 });
      doc
        .font('Helvetica')
        .fontSize(10)
        .fillColor('#000000')
        .text('E-Ticket / Itinerary Receipt', left, doc.y + 2, { width: 260 });
      rule(doc, 70, left, left + width);
      doc.fontSize(10);
      let y = 80;
      y = row(
        doc,
        y,
        [
          { text: `PNR: ${ticket.pnr}`, x: left, width: 250 },
          { text: `Issued on ${ticket.issued}`, x: 300, width: 260 },
        ],
        15,
      );
      y = row(doc, y, [{ text: `Ticket Number: ${ticket.ticketNumber}`, x: left, width: 250 }], 15);
      y = row(doc, y, [{ text: `Passenger Name: ${ticket.passenger}`, x: left, width: 250 }], 24);
      doc.font('Helvetica-Bold');
      y = row(
        doc,
        y,
        [
          { text: `Flight ${ticket.flight}`, x: left, width: 120 },
          { text: `${ticket.from}  to  ${ticket.to}`, x: 160, width: 360 },
        ],
        16,
      );
      doc.font('Helvetica');
      y = row(
        doc,
        y,
        [
          { text: `Travel Date: ${ticket.travelDate}`, x: left, width: 250 },
          { text: `Departs ${ticket.departs}   Lands ${ticket.arrives}`, x: 300, width: 260 },
        ],
        15,
      );
      y = row(
        doc,
        y,
        [
          { text: `Cabin: ${ticket.cabin}`, x: left, width: 250 },
          { text: `Check-in baggage: ${ticket.baggage}`, x: 300, width: 260 },
        ],
        26,
      );
      doc
        .rect(left, y - 6, width, 18 + (ticket.fare.length + 1) * 15)
        .lineWidth(0.8)
        .stroke();
      doc.font('Helvetica-Bold');
      y = row(doc, y, [{ text: 'Fare Summary (INR)', x: left + 10, width: 200 }], 16);
      doc.font('Helvetica');
      for (const [label, amount] of ticket.fare)
        y = row(
          doc,
          y,
          [
            { text: label, x: left + 10, width: 250 },
            { text: `INR ${rupees(amount)}`, x: left + width - 140, width: 130, align: 'right' },
          ],
          15,
        );
      doc.font('Helvetica-Bold');
      y = row(
        doc,
        y,
        [
          { text: 'Total Fare', x: left + 10, width: 250 },
          { text: `INR ${rupees(total)}`, x: left + width - 140, width: 130, align: 'right' },
        ],
        15,
      );
      doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor('#555555')
        .text(
          'Web check-in opens 48 hours before departure. Carry a government photo ID.',
          left,
          y + 18,
          { width },
        );
      doc.fillColor('#000000');
    },
  );
}

// ---------------------------------------------------------------------------------------------
// The claim
// ---------------------------------------------------------------------------------------------

interface SampleInvoice {
  expected: Omit<ExpectedInvoice, 'source'>;
  render: () => Promise<Buffer>;
}

const EMPLOYEE = 'Priya Nair';
const CLAIM_DATE = '2026-10-31';

const cafeMochaLunch: ThermalReceipt = {
  vendor: 'CAFE MOCHA',
  address: ['12 80 Feet Road, Koramangala', 'Bengaluru 560034'],
  gstin: '29AAFCM5678K1Z2',
  billNo: 'CM/2026/04417',
  date: '07-10-2026 13:42',
  cashier: 'Ravi',
  items: [
    { name: 'Masala Dosa', qty: 1, rate_minor: 12000 },
    { name: 'Filter Coffee', qty: 2, rate_minor: 4500 },
    { name: 'Veg Sandwich', qty: 1, rate_minor: 6200 },
  ],
  halfGstTenths: 25,
  footer: ['Thank you, visit again!'],
};

const INVOICES: SampleInvoice[] = [
  {
    expected: {
      file: 'meals/2026-10-03-saffron-table-dinner.pdf',
      description: 'Restaurant tax invoice (A5, ruled item table) with a beer on the bill',
      vendor: 'The Saffron Table',
      category: 'meal',
      invoice_number: 'STB-10458',
      invoice_date: '2026-10-03',
      claimed_minor: 77700,
      expected_status: 'partially_reimbursed',
      expected_reimbursable_minor: 46200,
      expected_flags: ['alcohol'],
      why: 'The beer (Rs. 300.00) and its 5% GST (Rs. 15.00) are removed; the food, Rs. 440.00 plus Rs. 22.00 GST, is Rs. 462.00, within the Rs. 500 per meal limit.',
    },
    render: () =>
      restaurantTaxInvoice({
        vendor: 'The Saffron Table',
        tagline: 'Fine Indian Dining',
        address: '14 Residency Road, Bengaluru 560025',
        gstin: '29ABCDE1234F1Z5',
        billNo: 'STB-10458',
        date: '03/10/2026',
        time: '20:47',
        table: '12',
        covers: 1,
        server: 'Arjun',
        items: [
          { name: 'Veg Thali', qty: 1, rate_minor: 28000 },
          { name: 'Masala Papad', qty: 1, rate_minor: 8000 },
          { name: 'Fresh Lime Soda', qty: 1, rate_minor: 8000 },
          { name: 'Kingfisher Beer 650ml', qty: 1, rate_minor: 30000 },
        ],
        halfGstTenths: 25,
      }),
  },
  {
    expected: {
      file: 'meals/2026-10-07-cafe-mocha-lunch.pdf',
      description: 'Thermal-printer receipt (80 mm, Courier) for a working lunch',
      vendor: 'CAFE MOCHA',
      category: 'meal',
      invoice_number: 'CM/2026/04417',
      invoice_date: '2026-10-07',
      claimed_minor: 28560,
      expected_status: 'fully_reimbursed',
      expected_reimbursable_minor: 28560,
      expected_flags: ['possible_duplicate', 'currency_inferred'],
      why: 'Rs. 285.60 is within the Rs. 500 per meal limit. Flagged: the reprint below has the same vendor and bill number; a reviewer decides which one to pay. The receipt prints no currency: INR is inferred from its GSTIN and flagged currency_inferred.',
    },
    render: () => thermalReceipt(cafeMochaLunch),
  },
  {
    expected: {
      file: 'meals/reprints/2026-10-07-cafe-mocha-lunch-duplicate.pdf',
      description: 'A "DUPLICATE COPY" reprint of the Cafe Mocha bill, printed two days later',
      vendor: 'CAFE MOCHA',
      category: 'meal',
      invoice_number: 'CM/2026/04417',
      invoice_date: '2026-10-07',
      claimed_minor: 28560,
      expected_status: 'fully_reimbursed',
      expected_reimbursable_minor: 28560,
      expected_flags: ['possible_duplicate', 'currency_inferred'],
      why: 'Within the meal limit on its own, but the same vendor and bill number as the original: flagged possible_duplicate. Flags never change an amount; they ask a person to look.',
    },
    render: () =>
      thermalReceipt({
        ...cafeMochaLunch,
        banner: 'DUPLICATE COPY',
        footer: ['Thank you, visit again!', 'Reprinted on 09-10-2026 18:20'],
      }),
  },
  {
    expected: {
      file: 'cabs/2026-10-09-1-to-office.pdf',
      description: 'Ride-hailing app receipt, morning ride to the office',
      vendor: 'ZipRide',
      category: 'cab',
      invoice_number: 'ZR-7Q41-88213',
      invoice_date: '2026-10-09',
      claimed_minor: 26000,
      expected_status: 'fully_reimbursed',
      expected_reimbursable_minor: 26000,
      expected_flags: [],
      why: 'First cab of 9 October: Rs. 260.00 of the Rs. 400 daily cab allowance.',
    },
    render: () =>
      appRideReceipt({
        brand: 'ZipRide',
        date: '09 Oct 2026, 08:52',
        tripId: 'ZR-7Q41-88213',
        customer: EMPLOYEE,
        pickup: 'HSR Layout Sector 2, Bengaluru',
        drop: 'Northwind Labs, ITPL Main Road, Whitefield',
        distance: '18.4 km',
        duration: '41 min',
        vehicle: 'KA 03 MN 7781 (Sedan)',
        driver: 'Manjunath K',
        fare_minor: 23762,
        bookingFee_minor: 1000,
        gstTenths: 50,
        payment: 'UPI',
      }),
  },
  {
    expected: {
      file: 'cabs/2026-10-09-2-back-home.pdf',
      description: "Local taxi operator's printed invoice, ride home the same evening",
      vendor: 'Metro Taxi Services',
      category: 'cab',
      invoice_number: 'MTS-2026-55871',
      invoice_date: '2026-10-09',
      claimed_minor: 31000,
      expected_status: 'partially_reimbursed',
      expected_reimbursable_minor: 14000,
      expected_flags: [],
      why: 'Same day as the morning ride, which used Rs. 260.00 of the Rs. 400 daily cab allowance: only Rs. 140.00 is left.',
    },
    render: () =>
      taxiInvoice({
        operator: 'Metro Taxi Services',
        address: '44 Old Airport Road, Bengaluru 560017',
        invoiceNo: 'MTS-2026-55871',
        date: '09/10/2026',
        billedTo: EMPLOYEE,
        from: 'Northwind Labs, Whitefield',
        to: 'HSR Layout, Bengaluru',
        vehicle: 'KA 01 AB 4421',
        driver: 'Suresh',
        charges: [
          ['Base fare', 28000],
          ['Waiting charges', 2000],
          ['Toll', 1000],
        ],
      }),
  },
  {
    expected: {
      file: 'meals/2026-10-14-coastal-kitchen-team-dinner.pdf',
      description: 'Restaurant bill with a coloured header, "Rs." amounts and the customer named',
      vendor: 'Coastal Kitchen',
      category: 'meal',
      invoice_number: 'CK-26-3390',
      invoice_date: '2026-10-14',
      claimed_minor: 149100,
      expected_status: 'partially_reimbursed',
      expected_reimbursable_minor: 50000,
      expected_flags: [],
      why: 'A team dinner of Rs. 1,491.00 is one bill, so one meal: capped at Rs. 500.',
    },
    render: () =>
      bandedRestaurantBill({
        vendor: 'Coastal Kitchen',
        address: '5 Church Street, Bengaluru 560001',
        phone: '080 4120 7788',
        invoiceNo: 'CK-26-3390',
        date: '14/10/2026',
        customer: EMPLOYEE,
        items: [
          { name: 'Fish Curry Meal', qty: 2, rate_minor: 38000 },
          { name: 'Prawn Ghee Roast', qty: 1, rate_minor: 42000 },
          { name: 'Neer Dosa', qty: 4, rate_minor: 3000 },
          { name: 'Tender Coconut', qty: 2, rate_minor: 6000 },
        ],
        halfGstTenths: 25,
      }),
  },
  {
    expected: {
      file: 'travel/2026-10-20-flight-blr-pnq.pdf',
      description: 'Airline e-ticket (landscape) Bengaluru to Pune, issued to a colleague',
      vendor: 'SkyHop Airlines',
      category: 'travel',
      invoice_number: '775-2104558831',
      invoice_date: '2026-10-02',
      claimed_minor: 695400,
      expected_status: 'partially_reimbursed',
      expected_reimbursable_minor: 500000,
      expected_flags: ['name_mismatch'],
      why: 'Rs. 6,954.00 is above the Rs. 5,000 per trip travel limit: capped. Flagged: the passenger is Rahul Menon, not Priya Nair.',
    },
    render: () =>
      flightTicket({
        airline: 'SkyHop Airlines',
        pnr: 'X7TQ2M',
        ticketNumber: '775-2104558831',
        issued: '02 Oct 2026',
        passenger: 'Rahul Menon',
        flight: 'SH 217',
        from: 'Bengaluru (BLR)',
        to: 'Pune (PNQ)',
        travelDate: '20 Oct 2026',
        departs: '07:15',
        arrives: '08:50',
        cabin: 'Economy (Saver)',
        baggage: '15 kg',
        fare: [
          ['Base Fare', 582000],
          ['Airport and user development fees', 84300],
          ['GST on fare', 29100],
        ],
      }),
  },
  {
    expected: {
      file: 'hotel/2026-10-22-lakeview-residency-folio.pdf',
      description: 'Hotel guest folio (A4): two room nights, a minibar charge, 12% GST',
      vendor: 'Lakeview Residency',
      category: 'accommodation',
      invoice_number: 'LVR-F-20931',
      invoice_date: '2026-10-22',
      claimed_minor: 812000,
      expected_status: 'partially_reimbursed',
      expected_reimbursable_minor: 672000,
      expected_flags: [],
      why: 'The minibar (Rs. 450.00 plus Rs. 54.00 GST) is not reimbursable. The room, Rs. 6,800.00 for 2 nights before tax, is capped at Rs. 3,000 x 2 = Rs. 6,000.00, plus its 12% GST: Rs. 6,720.00.',
    },
    render: () =>
      hotelFolio({
        hotel: 'Lakeview Residency',
        address: 'Plot 7, Hinjewadi Phase 1, Pune 411057',
        gstin: '27AAGCL9021Q1ZP',
        folioNo: 'LVR-F-20931',
        billDate: '22/10/2026',
        guest: EMPLOYEE,
        company: 'Northwind Labs',
        checkIn: '20/10/2026 14:10',
        checkOut: '22/10/2026 11:30',
        roomNo: '412 Deluxe King',
        items: [
          { name: 'Room Tariff - Deluxe King', qty: 2, rate_minor: 340000 },
          { name: 'Minibar', qty: 1, rate_minor: 45000 },
        ],
        halfGstTenths: 60,
      }),
  },
  {
    expected: {
      file: 'travel/2026-10-22-bus-pune-bengaluru.pdf',
      description: 'Overnight sleeper bus e-ticket with a ticket number and "Total Fare"',
      vendor: 'Konkan Sleeper Travels',
      category: 'travel',
      invoice_number: 'KST8Q4M27X',
      invoice_date: '2026-10-22',
      claimed_minor: 144900,
      expected_status: 'fully_reimbursed',
      expected_reimbursable_minor: 144900,
      expected_flags: [],
      why: 'Rs. 1,449.00 is within the Rs. 5,000 per trip travel limit.',
    },
    render: () =>
      busTicket({
        operator: 'Konkan Sleeper Travels',
        ticketNo: 'KST8Q4M27X',
        pnr: '51873902',
        journeyDate: '22 Oct 2026',
        from: 'Pune (Swargate)',
        to: 'Bengaluru (Majestic)',
        departure: '21:30',
        arrival: '11:45 next day',
        boarding: 'Swargate Bus Stand, Pune',
        dropping: 'Majestic Bus Station, Bengaluru',
        coach: 'A/C Sleeper (2+1)',
        seat: 'L7',
        passenger: EMPLOYEE,
        age: 31,
        gender: 'Female',
        baseFare_minor: 138000,
        gstTenths: 50,
      }),
  },
];

/** The receipt photo: a loose image, read through OCR. Short lines, so the 420-point-wide render keeps them whole. */
const PHOTO_LINES = [
  'CHAI POINT CAFE',
  'Whitefield, Bengaluru',
  'Bill No: CP-7781',
  'Date: 16/10/2026',
  'Qty Item Rate Amount',
  '2 Masala Tea 40.00 80.00',
  '1 Samosa 35.00 35.00',
  'Total Rs. 115.00',
];

const PHOTO_EXPECTED: ExpectedInvoice = {
  source: RECEIPT_PHOTO,
  file: RECEIPT_PHOTO,
  description: 'A receipt image with no text layer: read through OCR (tesseract offline)',
  vendor: 'CHAI POINT CAFE',
  category: 'meal',
  invoice_number: 'CP-7781',
  invoice_date: '2026-10-16',
  claimed_minor: 11500,
  expected_status: 'fully_reimbursed',
  expected_reimbursable_minor: 11500,
  expected_flags: ['ocr'],
  why: 'Rs. 115.00 is within the Rs. 500 per meal limit; flagged ocr because it was read from an image.',
};

export const EXPECTED: ExpectedSamples = {
  company: POLICY_META.company,
  employee_name: EMPLOYEE,
  claim_date: CLAIM_DATE,
  currency: 'INR',
  policy: {
    caps: [
      { category: 'meal', amount_minor: 50000, per: 'meal', includes_tax: true },
      { category: 'travel', amount_minor: 500000, per: 'trip', includes_tax: true },
      { category: 'cab', amount_minor: 40000, per: 'day', includes_tax: true },
      { category: 'accommodation', amount_minor: 300000, per: 'night', includes_tax: false },
    ],
    exclusions: ['alcohol', 'terms'],
    excluded_terms: ['minibar', 'laundry', 'room service charges'],
    submission_window_days: 30,
  },
  invoices: [
    ...INVOICES.map((invoice) => ({ source: CLAIM_ZIP, ...invoice.expected })),
    PHOTO_EXPECTED,
  ],
};

// ---------------------------------------------------------------------------------------------
// README and ZIP
// ---------------------------------------------------------------------------------------------

const STATUS_WORDS: Record<SampleStatus, string> = {
  fully_reimbursed: 'fully reimbursed',
  partially_reimbursed: 'partially reimbursed',
  declined: 'declined',
};
const PER_WORDS: Record<ExpectedPolicyRule['per'], string> = {
  meal: 'per meal (one bill)',
  trip: 'per trip (one ticket)',
  day: 'per day, shared by all cabs of the day',
  night: 'per night',
};
const CATEGORY_WORDS: Record<ExpectedPolicyRule['category'], string> = {
  meal: 'Meals',
  travel: 'Travel (bus, train, air)',
  cab: 'Daily office cabs',
  accommodation: 'Accommodation',
};

function sumOf(
  invoices: readonly ExpectedInvoice[],
  pick: (invoice: ExpectedInvoice) => number,
): number {
  return invoices.reduce((sum, invoice) => sum + pick(invoice), 0);
}

export function renderReadme(expected: ExpectedSamples): string {
  const rs = (minor: number) => `Rs. ${rupees(minor)}`;
  const zipped = expected.invoices.filter((invoice) => invoice.source === CLAIM_ZIP);
  const terms = expected.policy.excluded_terms.join(', ').replace(/, ([^,]*)$/, ' and $1');
  const table = (invoices: readonly ExpectedInvoice[]) => [
    '| file | category | claimed | expected status | reimbursable | flags | why |',
    '| --- | --- | ---: | --- | ---: | --- | --- |',
    ...invoices.map(
      (i) =>
        `| \`${i.file}\` | ${i.category} | ${rs(i.claimed_minor)} | ${STATUS_WORDS[i.expected_status]} | ${rs(i.expected_reimbursable_minor)} | ${i.expected_flags.map((f) => `\`${f}\``).join(', ') || '-'} | ${i.why} |`,
    ),
  ];
  const lines = [
    '# Sample claim: Northwind Labs',
    '',
    '<!-- Generated by `npm run sample-data` (scripts/generate-sample-data.ts) from samples/expected.json. Do not edit by hand. -->',
    '',
    `Fictional data made by this project, for the README, \`npm run demo\` and the curl examples: the reimbursement policy of ${expected.company} and one month of expenses of its employee **${expected.employee_name}**, in ${expected.currency}. test/samples/samples.test.ts runs the offline reader and the decision engine over these files and checks every result below.`,
    '',
    '## Files',
    '',
    '| file | what it is |',
    '| --- | --- |',
    '| `policy.pdf` | The reimbursement policy, 2 pages. Upload it as `policy_file`. |',
    '| `policy.md` | The same policy as Markdown; it compiles to the same limits. |',
    `| \`${CLAIM_ZIP}\` | ${zipped.length} invoice PDFs in folders (\`meals/\`, \`cabs/\`, \`hotel/\`, \`travel/\`), in 8 layouts. Upload it as \`invoices_zip\`. |`,
    `| \`${RECEIPT_PHOTO}\` | A receipt image without a text layer, read through OCR. Upload it as \`invoice_files\`. |`,
    '| `expected.json` | The expected decision of every invoice, derived by hand; this README is generated from it. |',
    '',
    '## The policy',
    '',
    '| category | limit | counted | taxes |',
    '| --- | ---: | --- | --- |',
    ...expected.policy.caps.map(
      (cap) =>
        `| ${CATEGORY_WORDS[cap.category]} | ${rs(cap.amount_minor)} | ${PER_WORDS[cap.per]} | ${cap.includes_tax ? 'included in the limit' : 'excluded: the limit applies before tax, the tax on the allowed part is paid'} |`,
    ),
    '',
    `Alcohol is not reimbursable, nor are ${terms}: those lines leave the bill with their share of the tax. Claims must be submitted within ${expected.policy.submission_window_days} days of the expense.`,
    '',
    '## Running the claim',
    '',
    `Submit it for employee \`${expected.employee_name}\` with claim date \`${expected.claim_date}\`: every invoice is then inside the ${expected.policy.submission_window_days}-day window. Without a claim date the API uses today, and invoices older than ${expected.policy.submission_window_days} days also carry \`late_submission\` (a review flag; amounts do not change).`,
    '',
    '```sh',
    '# the command line, no server needed',
    `npx reimburse analyze --policy samples/policy.pdf --employee "${expected.employee_name}" --claim-date ${expected.claim_date} samples/${CLAIM_ZIP} samples/${RECEIPT_PHOTO}`,
    '',
    '# the API (AUTH_MODE=none, the default)',
    `curl -F employee_name="${expected.employee_name}" -F claim_date=${expected.claim_date} -F policy_file=@samples/policy.pdf \\`,
    `  -F invoices_zip=@samples/${CLAIM_ZIP} -F invoice_files=@samples/${RECEIPT_PHOTO} http://localhost:8000/api/v1/analyze-invoices`,
    '```',
    '',
    '## Expected decisions',
    '',
    `### \`${CLAIM_ZIP}\``,
    '',
    ...table(zipped),
    '',
    `### \`${RECEIPT_PHOTO}\``,
    '',
    ...table(expected.invoices.filter((invoice) => invoice.source !== CLAIM_ZIP)),
    '',
    `In all: ${expected.invoices.length} invoices, ${rs(sumOf(expected.invoices, (i) => i.claimed_minor))} claimed, ${rs(sumOf(expected.invoices, (i) => i.expected_reimbursable_minor))} reimbursable` +
      ` (${expected.invoices.filter((i) => i.expected_status === 'fully_reimbursed').length} fully, ${expected.invoices.filter((i) => i.expected_status === 'partially_reimbursed').length} partially reimbursed, ${expected.invoices.filter((i) => i.expected_status === 'declined').length} declined).`,
    '',
    'Shared allowances are used in date order, then by file name: that is why the morning cab (`1-to-office`) is paid in full and the evening one gets what is left.',
    '',
  ];
  return lines.join('\n');
}

/** The claim ZIP: folders first, then the files, with fixed timestamps. */
async function claimZip(entries: ReadonlyArray<{ name: string; data: Buffer }>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const folders = [
    ...new Set(
      entries.flatMap((entry) => {
        const parts = entry.name.split('/').slice(0, -1);
        return parts.map((_, index) => `${parts.slice(0, index + 1).join('/')}/`);
      }),
    ),
  ].sort();
  for (const folder of folders) zip.addEmptyDirectory(folder, { mtime: GENERATED_AT });
  for (const entry of entries)
    zip.addBuffer(entry.data, entry.name, { mtime: GENERATED_AT, compress: true });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface GeneratedSamples {
  /** Files of samples/ by name, except the ZIP and the photo. */
  files: Map<string, Buffer>;
  /** The entries of the claim ZIP, in order. */
  zipEntries: Array<{ name: string; data: Buffer }>;
}

/** Everything whose bytes are portable: the policy, the invoices, expected.json and the README. */
export async function generateSamples(): Promise<GeneratedSamples> {
  const files = new Map<string, Buffer>();
  files.set('policy.pdf', await policyPdf());
  files.set('policy.md', Buffer.from(policyMarkdown()));
  files.set('expected.json', Buffer.from(`${JSON.stringify(EXPECTED, null, 2)}\n`));
  files.set('README.md', Buffer.from(renderReadme(EXPECTED)));
  const zipEntries: Array<{ name: string; data: Buffer }> = [];
  for (const invoice of INVOICES)
    zipEntries.push({ name: invoice.expected.file, data: await invoice.render() });
  return { files, zipEntries };
}

async function main(): Promise<void> {
  const { files, zipEntries } = await generateSamples();
  files.set(CLAIM_ZIP, await claimZip(zipEntries));
  // The ingestion tests' text-to-image helper: a pdfkit page rendered by pdf.js on the installed canvas.
  const { renderTextPng } = await import('../test/ingest/ingest-fixtures.js');
  files.set(RECEIPT_PHOTO, await renderTextPng(PHOTO_LINES));
  await mkdir(SAMPLES_DIR, { recursive: true });
  for (const [name, data] of files) {
    await writeFile(path.join(SAMPLES_DIR, name), data);
    console.log(`wrote samples/${name} (${data.length} bytes)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}

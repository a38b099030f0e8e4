/**
 * Generated claims for the benchmarks: invoice PDFs in the layouts the offline reader knows
 * (restaurant bill with GST, cab receipt, bus e-ticket, hotel folio), a policy in plain words,
 * ZIPs written with yazl, and incompressible padding so a ZIP of 1,000 PDFs really weighs 200 MB.
 * Everything is deterministic: the same index always gives the same invoice.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { crc32, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import yazl from 'yazl';
import type { Category } from '../../src/domain/types.js';

export const EMPLOYEE = 'Rani Sharma';
export const CLAIM_DATE = '2024-12-31';

export interface BenchInvoice {
  name: string;
  category: Exclude<Category, 'other'>;
  vendor: string;
  number: string;
  /** ISO date printed on the invoice. */
  date: string;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  lines: string[];
}

/** A policy in the phrasings of real policies, readable by the offline parser (one page). */
export const POLICY_TEXT = [
  'Bench Labs Employee Reimbursement Policy',
  '',
  'Food and Beverages: We have set food allowances for food reimbursements of ₹200 per meal. Alcoholic beverages are not reimbursable.',
  'Travel Expenses: We have set allowances for travel reimbursements of ₹2,000 per trip.',
  'The allowance for daily office cabs is ₹150.',
  'Accommodation: Up to ₹50 per night, excluding taxes and fees.',
  'All receipts must be submitted within 30 days of the expense incurred.',
].join('\n');

const MEAL_VENDORS = ['Spice Garden Restaurant', 'Cafe Aroma', 'Paradise Biryani', 'Udupi Kitchen'];
const DISHES: ReadonlyArray<readonly [string, number]> = [
  ['Masala Dosa', 9000],
  ['Filter Coffee', 4000],
  ['Paneer Tikka', 18000],
  ['Veg Thali', 15000],
  ['Chicken Biryani', 22000],
  ['Butter Naan', 5000],
];
const CAB_VENDORS = ['Uber', 'Ola', 'Rapido'];
const BUS_VENDORS = ['Sharma Travels', 'VRL Travels', 'Orange Tours'];
const HOTELS = ['Lemon Tree Hotel', 'Ginger Hotel', 'Treebo Residency'];
const PLACES = ['Koramangala', 'Whitefield', 'Indiranagar', 'Hebbal', 'Jayanagar'];

/** "1,450.00" from 145000. */
export function printed(minor: number): string {
  return (minor / 100).toLocaleString('en-IN', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
}

/** "1450.00": the plain form a model copies into a JSON answer. */
export function plain(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

function ddmmyyyy(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

/** Invoice number `index`: categories rotate, dates fall in December 2024 (within the window). */
export function benchInvoice(index: number): BenchInvoice {
  const kinds = ['meal', 'cab', 'travel', 'accommodation'] as const;
  const category = kinds[index % kinds.length] as BenchInvoice['category'];
  const date = `2024-12-${String(1 + (index % 28)).padStart(2, '0')}`;
  const seq = String(index + 1).padStart(5, '0');
  const name = `${category}/${category}-${seq}.pdf`;
  switch (category) {
    case 'meal': {
      const vendor = MEAL_VENDORS[index % MEAL_VENDORS.length] as string;
      const items = [0, 1, 2].map(
        (offset) => DISHES[(index + offset * 2) % DISHES.length] as readonly [string, number],
      );
      const quantities = [1 + (index % 2), 1, 1 + (index % 3)];
      const itemLines = items.map(
        ([dish, price], i) =>
          `${quantities[i]} ${dish} ${printed(price)} ${printed(price * (quantities[i] as number))}`,
      );
      // Every fifth restaurant bill has a beer on it, for the alcohol exclusion.
      if (index % 5 === 0) itemLines.push(`1 Kingfisher Beer ${printed(25000)} ${printed(25000)}`);
      const subtotal =
        items.reduce((sum, [, price], i) => sum + price * (quantities[i] as number), 0) +
        (index % 5 === 0 ? 25000 : 0);
      const half = Math.round(subtotal * 0.025);
      const total = subtotal + 2 * half;
      return {
        name,
        category,
        vendor,
        number: `M-${seq}`,
        date,
        subtotal_minor: subtotal,
        tax_minor: 2 * half,
        total_minor: total,
        lines: [
          vendor,
          `Bill No: M-${seq}`,
          `Date: ${ddmmyyyy(date)}`,
          `Customer Name: ${EMPLOYEE}`,
          'Table No: 4',
          'Qty Item Price Amount',
          ...itemLines,
          `Sub Total: ${printed(subtotal)}`,
          `CGST 2.5%: ${printed(half)}`,
          `SGST 2.5%: ${printed(half)}`,
          `Total: ${printed(total)}`,
          'Thank you, visit again',
        ],
      };
    }
    case 'cab': {
      const vendor = CAB_VENDORS[index % CAB_VENDORS.length] as string;
      const total = 9000 + (index % 13) * 1100;
      return {
        name,
        category,
        vendor,
        number: `C-${seq}`,
        date,
        subtotal_minor: total,
        tax_minor: 0,
        total_minor: total,
        lines: [
          vendor,
          'Trip receipt',
          `Invoice No: C-${seq}`,
          `Date: ${ddmmyyyy(date)}`,
          `Customer Name: ${EMPLOYEE}`,
          `Pickup: ${PLACES[index % PLACES.length]}`,
          `Drop location: ${PLACES[(index + 2) % PLACES.length]}`,
          `Driver: Ramesh K, ${8 + (index % 20)} km`,
          `Total: Rs. ${printed(total)}`,
        ],
      };
    }
    case 'travel': {
      const vendor = BUS_VENDORS[index % BUS_VENDORS.length] as string;
      const total = 90000 + (index % 17) * 10000;
      return {
        name,
        category,
        vendor,
        number: `TK${seq}BLR`,
        date,
        subtotal_minor: total,
        tax_minor: 0,
        total_minor: total,
        lines: [
          'E-Ticket',
          `Ticket No: TK${seq}BLR`,
          `PNR: PN${seq}`,
          vendor,
          `Date of Journey: ${ddmmyyyy(date)}`,
          'Boarding point: Bangalore',
          'Dropping point: Chennai',
          'Passenger Details (Age, Gender)',
          `${EMPLOYEE}, 30, Female`,
          `Total Fare: Rs. ${printed(total)}`,
        ],
      };
    }
    case 'accommodation': {
      const vendor = HOTELS[index % HOTELS.length] as string;
      const subtotal = 200000 + (index % 7) * 25000;
      const half = Math.round(subtotal * 0.06);
      const total = subtotal + 2 * half;
      return {
        name,
        category,
        vendor,
        number: `H-${seq}`,
        date,
        subtotal_minor: subtotal,
        tax_minor: 2 * half,
        total_minor: total,
        lines: [
          vendor,
          `Folio No: H-${seq}`,
          `Guest Name: ${EMPLOYEE}`,
          `Check-in Date: ${ddmmyyyy(date)}`,
          'Nights: 1',
          `Room Tariff: ${printed(subtotal)}`,
          `Sub Total: ${printed(subtotal)}`,
          `CGST 6%: ${printed(half)}`,
          `SGST 6%: ${printed(half)}`,
          `Total Amount: Rs. ${printed(total)}`,
        ],
      };
    }
  }
}

/** The invoice as a one-page text PDF; `padding` (a PNG) is drawn below the text. */
export function invoicePdf(invoice: BenchInvoice, padding?: Buffer): Promise<Buffer> {
  const document = new PDFDocument({
    size: 'A5',
    info: { CreationDate: new Date(Date.UTC(2024, 11, 31)) },
  });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  document.fontSize(11);
  for (const line of invoice.lines) document.text(line);
  if (padding) document.image(padding, { width: 120 });
  document.end();
  return done;
}

/**
 * A PNG of random pixels of about `bytes` bytes (stored, not deflated, so it cannot shrink):
 * pdfkit embeds a PNG's image data as it is, so every PDF carrying it grows by that much.
 */
export function noisePng(bytes: number): Buffer {
  const width = 320;
  const height = Math.max(1, Math.round(bytes / (width * 3 + 1)));
  const raw = randomBytes((width * 3 + 1) * height);
  for (let row = 0; row < height; row += 1) raw[row * (width * 3 + 1)] = 0; // filter type "none"
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Writes a ZIP of `count` entries made by `entry(i)` to `path`, deflated as phones and desktops
 * make them. (Not stored: a stored ZIP whose first entry is a PDF shows "%PDF-" in its first
 * kilobyte, and src/pipeline/ingest/sniff.ts then takes the whole ZIP for one PDF.) Entries are
 * handed to yazl a few at a time. Returns the ZIP's size in bytes.
 */
export async function writeZip(
  path: string,
  count: number,
  entry: (index: number) => Promise<{ name: string; data: Buffer }>,
): Promise<number> {
  const zip = new yazl.ZipFile();
  const written = pipeline(zip.outputStream, createWriteStream(path));
  for (let index = 0; index < count; index += 1) {
    const { name, data } = await entry(index);
    zip.addBuffer(data, name, { compress: true, mtime: new Date(Date.UTC(2024, 11, 31)) });
    // Let yazl write what it holds before making more: keeps the generator's memory flat.
    if (index % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
  }
  zip.end();
  await written;
  return statSync(path).size;
}

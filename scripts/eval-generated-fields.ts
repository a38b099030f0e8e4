/**
 * npx tsx scripts/eval-generated-fields.ts DIR [DIR…]
 * How the offline reader reads the documents of claim folders (invoices.zip with a labels.csv:
 * file, invoice_ref, invoice_date, total, currency, category): total, date, currency and number
 * per document, one line per miss, then the share read right per field and for all three of
 * total, date and currency together. A row labelled not_an_invoice is right when the document is
 * refused as one. The ZIP is uploaded under a neutral name; entries keep the names employees gave
 * them, as in a real claim.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { minorDigits } from '../src/domain/money.js';
import { type FieldsRead, readFieldsOf } from './eval-fields.js';

interface Label {
  file: string;
  category: string;
  invoice_ref: string;
  invoice_date: string;
  total: string;
  currency: string;
}

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((cells) => cells.some((cell) => cell !== ''));
}

function loadLabels(dir: string): Label[] {
  const [header = [], ...rows] = parseCsv(readFileSync(join(dir, 'labels.csv'), 'utf8'));
  return rows.map(
    (cells) =>
      Object.fromEntries(
        header.map((name, index) => [name, cells[index] ?? '']),
      ) as unknown as Label,
  );
}

function minorOf(amount: string, currency: string): number {
  const digits = minorDigits(currency);
  const [units = '0', fraction = ''] = amount.replace('-', '').split('.');
  const minor =
    Number(units) * 10 ** digits + Number(fraction.padEnd(digits, '0').slice(0, digits));
  return amount.startsWith('-') ? -minor : minor;
}

const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

type Field = 'total' | 'date' | 'currency' | 'number';

function judge(label: Label, read: FieldsRead | undefined): Record<Field, boolean> {
  if (label.category === 'not_an_invoice') {
    const refused = read?.error === 'not_an_invoice';
    return { total: refused, date: refused, currency: refused, number: refused };
  }
  const fields = read?.fields ?? null;
  return {
    total: fields?.total_minor.value === minorOf(label.total, label.currency),
    date: fields?.date.value === label.invoice_date,
    currency: fields?.currency.value === label.currency,
    number:
      label.invoice_ref === ''
        ? true
        : squash(fields?.invoice_number.value ?? '') === squash(label.invoice_ref),
  };
}

const claims = process.argv
  .slice(2)
  .filter((arg) => arg !== '--')
  .flatMap((arg) => {
    const dir = resolve(arg);
    const found = readdirSync(dir).includes('labels.csv')
      ? [dir]
      : readdirSync(dir)
          .map((name) => join(dir, name))
          .filter(
            (path) => statSync(path).isDirectory() && readdirSync(path).includes('labels.csv'),
          );
    return found.sort();
  });
if (claims.length === 0) {
  console.error(
    'Usage: npx tsx scripts/eval-generated-fields.ts DIR [DIR…] (folders with labels.csv and invoices.zip)',
  );
  process.exit(64);
}

const tally: Record<Field | 'all', number> = { total: 0, date: 0, currency: 0, number: 0, all: 0 };
let count = 0;
for (const claim of claims) {
  const labels = loadLabels(claim);
  const read = await readFieldsOf([{ path: join(claim, 'invoices.zip'), file_name: 'claim.zip' }]);
  for (const label of labels) {
    const outcome = read.get(label.file);
    const verdict = judge(label, outcome);
    count += 1;
    for (const field of ['total', 'date', 'currency', 'number'] as const)
      if (verdict[field]) tally[field] += 1;
    if (verdict.total && verdict.date && verdict.currency) tally.all += 1;
    const misses = (['total', 'date', 'currency', 'number'] as const).filter((f) => !verdict[f]);
    if (misses.length === 0) continue;
    const fields = outcome?.fields;
    const got: Record<Field, string> = {
      total: String(fields?.total_minor.value ?? '-'),
      date: String(fields?.date.value ?? '-'),
      currency: String(fields?.currency.value ?? '-'),
      number: String(fields?.invoice_number.value ?? '-'),
    };
    const want: Record<Field, string> = {
      total: String(minorOf(label.total || '0', label.currency)),
      date: label.invoice_date,
      currency: label.currency,
      number: label.invoice_ref,
    };
    const status = outcome?.error ? `FAILED ${outcome.error}` : 'MISS';
    console.log(
      `${status.padEnd(22)} ${claim.split('/').pop()}/${label.file}: ${misses.map((f) => `${f} ${want[f]} got ${got[f]}`).join('; ')}`,
    );
  }
}
const share = (right: number) => `${right}/${count} ${((100 * right) / count).toFixed(1)}%`;
console.log(`documents: ${count} in ${claims.length} claims`);
for (const field of ['total', 'date', 'currency', 'number'] as const)
  console.log(`${field.padEnd(15)} ${share(tally[field])}`);
console.log(`${'total+date+cur'.padEnd(15)} ${share(tally.all)}`);

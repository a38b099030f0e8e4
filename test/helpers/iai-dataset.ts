/**
 * Loads the shared IAI 2024 dataset for tests, straight from the shared folder beside the repo
 * (never copied into the project): ZIP entries with their folder names, PDF text per page, labels.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Category, DocumentText, Flag, Status } from '../../src/domain/types.js';
import { datasetDir } from './datasets.js';
import { pdfDocument, pdfPages, sha256, unzipFiles } from './documents.js';

export { pdfDocument, pdfPages, sha256, unzipFiles, type ZipFile } from './documents.js';

export const IAI_DATASET_DIR = datasetDir('iai-2024');

export interface IaiLabel {
  file: string;
  category: Category;
  invoice_ref: string;
  invoice_date: string;
  total_minor: number;
  expected_status: Status;
  expected_reimbursable_minor: number;
  expected_flags: Flag[];
  notes: string;
}

let invoicesRead: Promise<DocumentText[]> | null = null;

/** All 18 invoices of the dataset (8 meal bills, then the 10 travel tickets), read once per test process. */
export function loadIaiInvoices(): Promise<DocumentText[]> {
  invoicesRead ??= (async () => {
    const documents: DocumentText[] = [];
    for (const zipName of ['meal-invoices.zip', 'travel-bills.zip']) {
      const files = await unzipFiles(path.join(IAI_DATASET_DIR, zipName));
      for (const file of files) documents.push(await pdfDocument(file.name, file.data));
    }
    return documents;
  })();
  return invoicesRead;
}

export async function loadIaiPolicyPdf(): Promise<{
  file_name: string;
  sha256: string;
  pages: string[];
}> {
  const data = await readFile(path.join(IAI_DATASET_DIR, 'policy.pdf'));
  return { file_name: 'policy.pdf', sha256: sha256(data), pages: await pdfPages(data) };
}

function minorFromDecimal(text: string): number {
  const [units = '0', fraction = ''] = text.split('.');
  return Number(units) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

export function loadIaiLabels(): Promise<IaiLabel[]> {
  return loadLabels(IAI_DATASET_DIR);
}

/** labels.csv of a dataset folder (the IAI columns); it has no quoted commas, so a plain split is exact. */
export async function loadLabels(datasetDir: string): Promise<IaiLabel[]> {
  const csv = await readFile(path.join(datasetDir, 'labels.csv'), 'utf8');
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  const columns = (header ?? '').split(',');
  return rows.map((row) => {
    const cells = row.split(',');
    const cell = (name: string) => cells[columns.indexOf(name)] ?? '';
    const notes = cells.slice(columns.indexOf('notes')).join(',');
    return {
      file: cell('file'),
      category: cell('category') as Category,
      invoice_ref: cell('invoice_ref'),
      invoice_date: cell('invoice_date'),
      total_minor: minorFromDecimal(cell('total_inr')),
      expected_status: cell('expected_status') as Status,
      expected_reimbursable_minor: minorFromDecimal(cell('expected_reimbursable_inr')),
      expected_flags: cell('expected_flags').split(';').filter(Boolean) as Flag[],
      notes,
    };
  });
}

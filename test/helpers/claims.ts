import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  CLAIM_ZIP,
  type ExpectedInvoice,
  type ExpectedSamples,
  RECEIPT_PHOTO,
  SAMPLES_DIR,
} from '../../scripts/generate-sample-data.js';
import { makeZip } from '../ingest/ingest-fixtures.js';
import { datasetDir } from './datasets.js';
import { unzipFiles, type ZipFile } from './documents.js';

export const IAI_DIR = datasetDir('iai-2024');

export interface ClaimFile {
  field: 'policy_file' | 'invoices_zip' | 'invoice_files';
  /** A path to read, or bytes with a name. */
  path?: string;
  bytes?: Buffer;
  name?: string;
  type?: string;
}

/** A multipart claim as the Flutter app sends it, for app.inject or fetch. */
export function claimForm(fields: Record<string, string>, files: ClaimFile[]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) {
    const bytes = file.bytes ?? readFileSync(file.path as string);
    form.append(
      file.field,
      new Blob([bytes], { type: file.type ?? 'application/octet-stream' }),
      file.name ?? basename(file.path as string),
    );
  }
  return form;
}

/** The IAI claim: policy PDF and both ZIPs. */
export function iaiClaim(fields: Record<string, string> = {}): FormData {
  return claimForm({ employee_name: 'Rani Sharma', claim_date: '2024-12-31', ...fields }, [
    { field: 'policy_file', path: resolve(IAI_DIR, 'policy.pdf'), type: 'application/pdf' },
    { field: 'invoices_zip', path: resolve(IAI_DIR, 'meal-invoices.zip'), type: 'application/zip' },
    { field: 'invoices_zip', path: resolve(IAI_DIR, 'travel-bills.zip'), type: 'application/zip' },
  ]);
}

export type { ExpectedInvoice, ExpectedSamples };
export { CLAIM_ZIP as SAMPLE_ZIP, RECEIPT_PHOTO as SAMPLE_PHOTO, SAMPLES_DIR };

let expectedRead: ExpectedSamples | null = null;

/**
 * samples/expected.json, read once: the expected decision of every sample invoice, derived by
 * hand. Tests on the sample claim take every number they expect from here.
 */
export function sampleExpected(): ExpectedSamples {
  expectedRead ??= JSON.parse(
    readFileSync(resolve(SAMPLES_DIR, 'expected.json'), 'utf8'),
  ) as ExpectedSamples;
  return expectedRead;
}

/** The invoices of the sample ZIP (the photo is a loose file), in expected.json's order. */
export function sampleZipInvoices(): ExpectedInvoice[] {
  return sampleExpected().invoices.filter((invoice) => invoice.source === CLAIM_ZIP);
}

/** The files of the sample ZIP, with their folders, as the ZIP holds them. */
export function sampleZipEntries(): Promise<ZipFile[]> {
  return unzipFiles(resolve(SAMPLES_DIR, CLAIM_ZIP));
}

/**
 * The repository's sample claim (samples/): the policy PDF and the ZIP of invoice PDFs, filed by
 * the employee on the claim date of expected.json, so every invoice is inside the policy's window.
 * The receipt photo goes through OCR, which costs seconds: it is added only when asked.
 */
export function sampleClaim(
  fields: Record<string, string> = {},
  options: { photo?: boolean } = {},
): FormData {
  return samplePolicyClaim(
    [
      { field: 'invoices_zip', path: resolve(SAMPLES_DIR, CLAIM_ZIP), type: 'application/zip' },
      ...(options.photo
        ? [
            {
              field: 'invoice_files' as const,
              path: resolve(SAMPLES_DIR, RECEIPT_PHOTO),
              type: 'image/png',
            },
          ]
        : []),
    ],
    fields,
  );
}

/**
 * A claim of the sample policy with the test's own invoice `files`, filed by the sample employee
 * on the sample claim date unless `fields` say otherwise: for tests about what happens to their
 * invoices, which need a policy to decide them by but not any policy in particular.
 */
export function samplePolicyClaim(
  files: ClaimFile[],
  fields: Record<string, string> = {},
): FormData {
  const { employee_name, claim_date } = sampleExpected();
  return claimForm({ employee_name, claim_date, ...fields }, [
    { field: 'policy_file', path: resolve(SAMPLES_DIR, 'policy.pdf'), type: 'application/pdf' },
    ...files,
  ]);
}

/** One result of an analysed claim as tests read it; `Fields`: the fields they check. */
export interface ClaimResult<Fields = Record<string, unknown>> {
  name: string;
  outcome: string;
  invoice_id: string;
  reason: string;
  flags: string[];
  fields: Fields;
}

/** Part of the sample ZIP's invoices, and a claim of just those (policy PDF and a ZIP of them). */
export interface SampleClaimPart {
  invoices: ExpectedInvoice[];
  form(fields?: Record<string, string>): Promise<FormData>;
}

/**
 * The sample ZIP split in two claims, for tests with two employees: the invoices `keep` chooses
 * and the rest, each ZIP keeping the entries' folders and names.
 */
export function splitSampleClaim(keep: (invoice: ExpectedInvoice) => boolean): {
  matching: SampleClaimPart;
  rest: SampleClaimPart;
} {
  const part = (name: string, invoices: ExpectedInvoice[]): SampleClaimPart => {
    let zip: Promise<Buffer> | null = null;
    const files = new Set(invoices.map((invoice) => invoice.file));
    return {
      invoices,
      async form(fields = {}) {
        zip ??= sampleZipEntries().then((entries) =>
          makeZip(entries.filter((entry) => files.has(entry.name))),
        );
        return samplePolicyClaim(
          [{ field: 'invoices_zip', bytes: await zip, name, type: 'application/zip' }],
          fields,
        );
      },
    };
  };
  const invoices = sampleZipInvoices();
  return {
    matching: part('part-1.zip', invoices.filter(keep)),
    rest: part(
      'part-2.zip',
      invoices.filter((invoice) => !keep(invoice)),
    ),
  };
}

/** Parses an SSE body into events. */
/**
 * The events of an SSE body. Pings are dropped unless asked for: they carry no id and come
 * whenever a stream is idle for SSE_PING_MS, which a slow machine can reach mid-analysis.
 */
export function parseSse(
  body: string,
  { withPings = false } = {},
): Array<{ id?: string; event?: string; data: any }> {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event: { id?: string; event?: string; data: any } = { data: null };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) event.id = line.slice(4);
        else if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      event.data = data.length > 0 ? JSON.parse(data.join('\n')) : null;
      return event;
    })
    .filter((event) => withPings || event.event !== 'ping');
}

import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { datasetDir } from './datasets.js';

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

/** Parses an SSE body into events. */
export function parseSse(body: string): Array<{ id?: string; event?: string; data: any }> {
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
    });
}

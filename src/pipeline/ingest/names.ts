/**
 * Names of uploaded files and documents. A name the client sends is shown back to people and used
 * as the document name, never as a path on disk: files live under generated names.
 */
import { extname } from 'node:path';

const MAX_NAME_LENGTH = 255;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * The last segment of a client-sent file name, without control characters: browsers on Windows
 * may send "C:\\fakepath\\bill.pdf", and a crafted request may send "../../etc/passwd".
 */
export function displayFileName(raw: string | undefined, fallback: string): string {
  const lastSegment = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = lastSegment.replace(CONTROL_CHARACTERS, '').trim().slice(0, MAX_NAME_LENGTH);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? fallback : cleaned;
}

/** A short lower-case extension safe to use in a generated file name on disk ("" when none fits). */
export function safeExtension(name: string): string {
  const extension = extname(name).toLowerCase();
  return /^\.[a-z0-9]{1,8}$/.test(extension) ? extension : '';
}

/**
 * Gives every document a distinct name, deterministically for the same upload order:
 * the first holder of a name keeps it; a later one is prefixed with its source (the upload ZIP's
 * name), and if that is taken too it gets " (2)", " (3)"… before its extension.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();

  claim(name: string, sourcePrefix: string | null): string {
    const candidates = [name];
    if (sourcePrefix) candidates.push(`${sourcePrefix}/${name}`);
    for (const candidate of candidates) {
      if (!this.taken.has(candidate.toLowerCase())) return this.keep(candidate);
    }
    const base = candidates[candidates.length - 1] ?? name;
    const extension = extname(base);
    const stem = base.slice(0, base.length - extension.length);
    for (let counter = 2; ; counter += 1) {
      const candidate = `${stem} (${counter})${extension}`;
      if (!this.taken.has(candidate.toLowerCase())) return this.keep(candidate);
    }
  }

  private keep(name: string): string {
    // Case-insensitive: "Bill.pdf" and "bill.pdf" would be one file on Windows and macOS clients.
    this.taken.add(name.toLowerCase());
    return name;
  }
}

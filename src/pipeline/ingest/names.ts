/**
 * Names of uploaded files and documents. A name the client sends is shown back to people and used
 * as the document name, never as a path on disk: files live under generated names.
 */
import { extname } from 'node:path';

const MAX_NAME_LENGTH = 255;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;
/**
 * Bidirectional formatting characters: a name "bill\u202Egnp.pdf" shows as "billfdp.png", so a
 * reviewer sees another file type than the one stored. Marks and isolates alike are dropped.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Longest name of a ZIP entry kept, folders included (a ZIP allows 65,535 bytes). */
export const MAX_ENTRY_NAME_LENGTH = 255;

/** True when `text` holds a control or bidirectional formatting character (for values refused whole). */
export function hasControlCharacters(text: string): boolean {
  // Fresh expressions: a /g expression's lastIndex would make repeated test() calls alternate.
  return (
    new RegExp(CONTROL_CHARACTERS.source).test(text) || new RegExp(BIDI_CONTROLS.source).test(text)
  );
}

/** `text` without control and bidirectional formatting characters. */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '').replace(BIDI_CONTROLS, '');
}

/**
 * The label of a ZIP entry as shown to people: no control or bidirectional formatting
 * characters, and at most `max` characters, cut before the extension so the type stays visible.
 * The ZIP's own name is only a label: files on disk have generated names.
 */
export function entryLabel(name: string, max = MAX_ENTRY_NAME_LENGTH): string {
  const cleaned = withoutControlCharacters(name);
  const chars = Array.from(cleaned);
  if (chars.length <= max) return cleaned;
  const extension = Array.from(safeExtension(cleaned));
  return `${chars.slice(0, max - 1 - extension.length).join('')}…${extension.join('')}`;
}

/**
 * The last segment of a client-sent file name, without control characters: browsers on Windows
 * may send "C:\\fakepath\\bill.pdf", and a crafted request may send "../../etc/passwd".
 */
export function displayFileName(raw: string | undefined, fallback: string): string {
  const lastSegment = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = withoutControlCharacters(lastSegment).trim().slice(0, MAX_NAME_LENGTH);
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

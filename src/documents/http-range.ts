/**
 * The HTTP parts of serving an original, as pure functions: Range (RFC 9110 §14), conditional
 * requests (If-None-Match, If-Range) and Content-Disposition (RFC 6266 with RFC 5987 encoding).
 */
import type { ByteRange } from './document-store.js';

export type RangeAnswer =
  | { kind: 'full' }
  | { kind: 'partial'; range: ByteRange }
  | { kind: 'unsatisfiable' };

/**
 * What to send for a Range header. Only single byte ranges are served partially; a header this
 * server does not understand, or several ranges, is answered with the whole document, as the RFC
 * allows (a PDF viewer asks for one range at a time).
 */
export function answerRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'full' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - length), end: size - 1 } };
  }
  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: 'full' };
  return { kind: 'partial', range: { start, end } };
}

/** The strong ETag of a document: its content hash (the same bytes always give the same tag). */
export const documentEtag = (sha256: string): string => `"${sha256}"`;

/** If-None-Match: true when the client's copy is current (answer 304). Weak comparison. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

/**
 * If-Range: a Range is honoured only when the client's validator still names these bytes: a
 * strong ETag equal to ours, or exactly our Last-Modified date. Anything else gets the whole
 * document (the client's partial copy is of something else).
 */
export function rangeStillValid(
  header: string | undefined,
  etag: string,
  lastModified: string,
): boolean {
  if (!header) return true;
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag;
  return value === lastModified;
}

/**
 * Content-Disposition for a name from an upload (folders dropped): an ASCII fallback in
 * `filename`, the real name percent-encoded as UTF-8 in `filename*` (RFC 6266 §4.3, RFC 5987).
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() || 'document';
  const fallback = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(base).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The XML files embedded in a PDF (Factur-X / ZUGFeRD / XRechnung carry their invoice this way),
 * through pdf.js's attachment support. This runs only in the PDF child process (pdf-text-worker.ts),
 * in the same pass as the text and under the same time limit, memory cap and inflation check: an
 * embedded file is decoded by pdf.js like any other stream, so a hostile one must cost a killed
 * child, never the server. Only PDFs whose bytes name an embedded file are asked for attachments,
 * so the text PDFs most uploads are cost one byte search.
 */

export interface PdfAttachment {
  name: string;
  content: Uint8Array;
}

/** An embedded file that was not passed on, and why: shown, never dropped silently. */
export interface RefusedAttachment {
  name: string;
  /** A reading note as a reviewer reads it: which file was not read, and why. */
  reason: string;
}

export interface AttachmentLimits {
  /** Largest embedded XML passed on. */
  maxAttachmentBytes: number;
  /** Most embedded files looked at. */
  maxAttachments: number;
}

export const ATTACHMENT_DEFAULTS: AttachmentLimits = {
  // An e-invoice XML is tens of kilobytes; a megabyte-sized "XML" is not one to parse.
  maxAttachmentBytes: 5 * 1024 * 1024,
  // Factur-X carries one XML, sometimes beside a few supporting files; hundreds are no invoice.
  maxAttachments: 16,
};

/** Embedded file streams are typed /EmbeddedFile; the catalog names them under /EmbeddedFiles. */
const MARKER = Buffer.from('EmbeddedFile', 'latin1');

/** The part of pdf.js's document proxy this module uses. */
export interface AttachmentSource {
  getAttachments(): Promise<Record<
    string,
    { filename?: string; rawFilename?: string; content?: Uint8Array }
  > | null>;
}

/** Whether the PDF's bytes mention an embedded file at all. */
export function mayHaveAttachments(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(MARKER);
}

/**
 * Whether a file starts like XML (after a byte-order mark and whitespace). Anything else (a
 * time sheet as PDF, a photo) is no e-invoice and is not sent back to the server at all.
 */
function looksLikeXml(content: Uint8Array): boolean {
  let index = 0;
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) index = 3;
  while (index < content.length && index < 1024) {
    const byte = content[index] as number;
    if (byte === 0x3c) return true;
    // Tab, line feed, carriage return, space.
    if (byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x20) return false;
    index += 1;
  }
  return false;
}

/** A name as the PDF gives it, which its author chose: no control characters, not endless. */
function shown(name: string): string {
  const clean = name.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim();
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 79)}…` : clean);
}

/** E-invoice profiles name their XML "….xml"; any other file is no e-invoice to miss. */
const NAMED_XML = /\.xml$/i;

function size(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;
}

/**
 * The XML files a PDF embeds, up to the limits, and those refused with the reason. A PDF whose
 * attachments pdf.js cannot list has none: its page text is still the document.
 */
export async function embeddedXml(
  document: AttachmentSource,
  limits: AttachmentLimits,
): Promise<{ attachments: PdfAttachment[]; refused: RefusedAttachment[] }> {
  let listed: Awaited<ReturnType<AttachmentSource['getAttachments']>>;
  try {
    listed = await document.getAttachments();
  } catch {
    return { attachments: [], refused: [] };
  }
  const attachments: PdfAttachment[] = [];
  const refused: RefusedAttachment[] = [];
  const entries = Object.entries(listed ?? {});
  if (entries.length > limits.maxAttachments) {
    const rest = entries.length - limits.maxAttachments;
    refused.push({
      name: `${rest} more embedded files`,
      reason: `${rest} more embedded files were not read for an e-invoice: the PDF embeds ${entries.length} files, and only the first ${limits.maxAttachments} are looked at`,
    });
  }
  for (const [key, file] of entries.slice(0, limits.maxAttachments)) {
    const name = file.filename || file.rawFilename || key;
    const content = file.content;
    if (!content || !looksLikeXml(content)) {
      // A photo or a time sheet is no e-invoice; a file named as the XML but holding none may be.
      if (NAMED_XML.test(name))
        refused.push({
          name,
          reason: `embedded e-invoice file ${shown(name)} was not read: ${content ? 'its content is not XML' : 'its content could not be decoded'}`,
        });
      continue;
    }
    if (content.byteLength > limits.maxAttachmentBytes) {
      refused.push({
        name,
        reason: `embedded e-invoice file ${shown(name)} was not read: it is ${size(content.byteLength)}, larger than the ${size(limits.maxAttachmentBytes)} an e-invoice XML is read up to`,
      });
      continue;
    }
    // A copy: pdf.js may keep the decoded stream's buffer, and only these bytes cross to the server.
    attachments.push({ name, content: content.slice() });
  }
  return { attachments, refused };
}

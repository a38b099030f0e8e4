/**
 * The XML layer of e-invoice reading: a maintained parser (fast-xml-parser) with namespace
 * prefixes dropped (CII writes "ram:", UBL "cbc:"/"cac:", and producers pick their own), values
 * kept as the exact strings written, and small accessors that tolerate an element being single
 * or repeated. Documents with a DOCTYPE are refused: no e-invoice syntax uses one, and entity
 * declarations are how XML bombs are built.
 */
import { XMLParser } from 'fast-xml-parser';
import { EInvoiceError } from './types.js';

export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** The root element's name and node. */
export function parseXml(xml: string): { root: string; node: XmlNode } {
  if (/<!DOCTYPE/i.test(xml.slice(0, 4096)))
    throw new EInvoiceError('The XML declares a DOCTYPE, which no e-invoice syntax uses.');
  let parsed: unknown;
  try {
    parsed = parser.parse(xml, true);
  } catch (error) {
    throw new EInvoiceError(`The XML is not well-formed: ${(error as Error).message}`);
  }
  const entries = Object.entries((parsed ?? {}) as XmlNode).filter(([key]) => !key.startsWith('?'));
  const [root, node] = entries[0] ?? [];
  if (!root || typeof node !== 'object' || node === null)
    throw new EInvoiceError('The XML has no root element.');
  return { root, node: node as XmlNode };
}

/** Every child called `name` (an element may be written once or repeated). */
export function all(node: unknown, name: string): XmlNode[] {
  if (typeof node !== 'object' || node === null) return [];
  const value = (node as XmlNode)[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (typeof item === 'object' && item !== null ? item : { '#text': item }));
}

/** The first element down a path of names; each step may name alternatives ("A|B"). */
export function at(node: unknown, path: string): XmlNode | null {
  let current: XmlNode | null =
    typeof node === 'object' && node !== null ? (node as XmlNode) : null;
  for (const step of path.split('/')) {
    if (!current) return null;
    let next: XmlNode | null = null;
    for (const name of step.split('|')) {
      next = all(current, name)[0] ?? null;
      if (next) break;
    }
    current = next;
  }
  return current;
}

/** The text of an element, trimmed; null when absent or empty. */
export function textOf(node: XmlNode | null): string | null {
  if (!node) return null;
  const value = node['#text'];
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  return text === '' ? null : text;
}

export function textAt(node: unknown, path: string): string | null {
  return textOf(at(node, path));
}

export function attribute(node: XmlNode | null, name: string): string | null {
  const value = node?.[`@${name}`];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * An XML decimal ("18310.63", "-8.79", "5") as integer minor units, exactly; more fraction
 * digits than the currency has are rounded half away from zero (unit prices may carry four).
 */
export function decimalMinor(text: string | null, digits: number): number | null {
  if (text === null) return null;
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const [, sign, units = '0', fraction = ''] = match;
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  let minor = Number(units) * 10 ** digits + Number(kept || '0');
  if (fraction.length > digits && Number(fraction[digits]) >= 5) minor += 1;
  return sign === '-' && minor !== 0 ? -minor : minor;
}

/** A percentage ("19", "19.00", "5.5") in basis points. */
export function basisPoints(text: string | null): number | null {
  const minor = decimalMinor(text, 2);
  return minor === null ? null : minor;
}

/** CII dates: format 102 is YYYYMMDD; UBL and some CII producers write YYYY-MM-DD. */
export function isoDate(text: string | null): string | null {
  if (!text) return null;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  const dashed = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  const parts = compact ?? dashed;
  if (!parts) return null;
  const [, y, m, d] = parts;
  const probe = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return probe.getUTCDate() === Number(d) ? `${y}-${m}-${d}` : null;
}

export function quantity(text: string | null): number | null {
  if (text === null) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

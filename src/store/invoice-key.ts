/**
 * Invoice ids: a UUIDv5 (RFC 4122, SHA-1 name-based) of the invoice key, so the same file uploaded
 * by the same person always lands on the same record, in SQLite and in Qdrant (whose point ids must
 * be unsigned integers or UUIDs).
 */
import { createHash } from 'node:crypto';

/** Namespace of this product's invoice keys; changing it would re-key every stored invoice. */
export const INVOICE_NAMESPACE = '6f0b6c1e-3a52-4d8e-9c55-1f3e2a7b9d40';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

function uuidBytes(uuid: string): Buffer {
  if (!isUuid(uuid)) throw new TypeError(`Not a UUID: ${uuid}`);
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** RFC 4122 section 4.3: SHA-1 of namespace bytes + name, with version 5 and the RFC variant set. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return formatUuid(bytes);
}

/**
 * The key of an invoice: who uploaded it and the file's SHA-256. JSON keeps the two parts apart
 * whatever characters the subject contains.
 */
export function invoiceKey(ownerSub: string, fileSha256: string): string {
  return JSON.stringify([ownerSub, fileSha256.toLowerCase()]);
}

export function invoiceId(ownerSub: string, fileSha256: string): string {
  return uuidV5(invoiceKey(ownerSub, fileSha256), INVOICE_NAMESPACE);
}

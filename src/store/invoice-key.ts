/**
 * Invoice ids: a UUIDv5 (RFC 4122, SHA-1 name-based) of the invoice key, so a retried or resumed
 * claim lands every file on the record it wrote before, in SQLite and in Qdrant (whose point ids
 * must be unsigned integers or UUIDs).
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
 * The key of an invoice: the claim (job) it was filed in and the file's SHA-256. Not the uploader:
 * keyed by uploader, a finance user filing the same files for a second employee landed on the
 * first employee's records. The same bytes in another claim are another invoice of that claim,
 * decided for it and flagged as a possible duplicate of the earlier one. JSON keeps the two parts
 * apart whatever characters they contain.
 */
export function invoiceKey(jobId: string, fileSha256: string): string {
  return JSON.stringify([jobId, fileSha256.toLowerCase()]);
}

export function invoiceId(jobId: string, fileSha256: string): string {
  return uuidV5(invoiceKey(jobId, fileSha256), INVOICE_NAMESPACE);
}

/**
 * Backup and restore of originals: every document of one store copied into another (the
 * backup's is a disk store beside the database copy). Content-addressed, so a document already
 * there is the same bytes and is skipped: a second backup into the same folder copies only what
 * is new, and a restore never overwrites.
 */
import type { Readable } from 'node:stream';
import type { DocumentStore } from './document-store.js';

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function copyDocuments(
  from: DocumentStore,
  to: DocumentStore,
): Promise<{ copied: number; skipped: number; bytes: number }> {
  let copied = 0;
  let skipped = 0;
  let bytes = 0;
  for await (const document of from.list()) {
    if (await to.head(document.sha256)) {
      skipped += 1;
      continue;
    }
    const stored = await from.get(document.sha256);
    if (!stored) continue; // deleted while copying
    const data = await readAll(stored.body);
    await to.put(document.sha256, { bytes: data }, document.content_type);
    copied += 1;
    bytes += data.length;
  }
  return { copied, skipped, bytes };
}

/** Where a backup keeps the originals: a folder beside the database copy. */
export const backupDocumentsDir = (backupFile: string): string => `${backupFile}.documents`;

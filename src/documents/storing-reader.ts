/**
 * Keeps every original a job reads: a DocumentReader that hands each document read (from a ZIP or
 * loose) and the policy file to the DocumentStore before the job goes on, while the upload is
 * still in the job's work directory. Stored by hash, so a resumed job or a re-upload stores
 * nothing twice.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { JobInput } from '../domain/jobs.js';
import { mapWithConcurrency } from '../pipeline/concurrency.js';
import type { DocumentReader } from '../pipeline/types.js';
import type { DocumentStore } from './document-store.js';

const STORE_CONCURRENCY = 4;

export function storingDocuments(reader: DocumentReader, store: DocumentStore): DocumentReader {
  return {
    async readPolicy(file, signal) {
      const policy = await reader.readPolicy(file, signal);
      await storePolicyFile(store, file);
      return policy;
    },
    async readDocuments(files, workDir, signal) {
      const read = await reader.readDocuments(files, workDir, signal);
      await mapWithConcurrency(read.documents, STORE_CONCURRENCY, async (document) => {
        signal?.throwIfAborted();
        await store.put(document.sha256, { path: document.path }, document.media_type);
      });
      return read;
    },
  };
}

async function storePolicyFile(
  store: DocumentStore,
  file: NonNullable<JobInput['policy_file']>,
): Promise<void> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file.path)) hash.update(chunk as Buffer);
  await store.put(hash.digest('hex'), { path: file.path }, file.media_type);
}

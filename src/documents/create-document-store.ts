/** Builds the configured DocumentStore: disk under DATA_DIR by default, S3 when DOCUMENT_STORE=s3. */
import type { Config } from '../config.js';
import { DiskDocumentStore, documentsDir } from '../store/disk/document-store.js';
import { S3DocumentStore } from '../store/s3/document-store.js';
import type { DocumentStore } from './document-store.js';

export function createDocumentStore(config: Config): DocumentStore & { close?: () => void } {
  if (config.documentStore !== 's3') return new DiskDocumentStore(documentsDir(config.dataDir));
  if (!config.s3Bucket)
    throw new Error('DOCUMENT_STORE=s3 needs S3_BUCKET (and S3_ENDPOINT unless it is AWS S3).');
  return new S3DocumentStore({
    bucket: config.s3Bucket,
    region: config.s3Region,
    forcePathStyle: config.s3ForcePathStyle,
    prefix: config.s3Prefix,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint } : {}),
    ...(config.awsAccessKeyId && config.awsSecretAccessKey
      ? {
          credentials: {
            accessKeyId: config.awsAccessKeyId,
            secretAccessKey: config.awsSecretAccessKey,
          },
        }
      : {}),
  });
}

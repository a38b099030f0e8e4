/** Original documents: where they are kept (disk or S3-compatible storage) and for how long. */

import { setting } from './setting.js';

export const DOCUMENT_SETTINGS = {
  documentStore: setting({
    env: 'DOCUMENT_STORE',
    kind: 'enum',
    values: ['disk', 's3'],
    default: 'disk',
    description:
      'Where uploaded originals are kept, once per content hash: `disk` (under DATA_DIR/documents) or `s3` (S3_BUCKET).',
  }),
  s3Endpoint: setting({
    env: 'S3_ENDPOINT',
    kind: 'url',
    description:
      'S3-compatible endpoint (MinIO, Ceph RGW, …); unset for AWS S3 itself. Setting it turns on the S3 contract tests.',
  }),
  s3Bucket: setting({
    env: 'S3_BUCKET',
    kind: 'string',
    default: '',
    description: 'Bucket holding the originals when DOCUMENT_STORE=s3 (it must exist).',
  }),
  s3Region: setting({
    env: 'S3_REGION',
    kind: 'string',
    default: 'us-east-1',
    description: 'Region of the bucket.',
  }),
  s3ForcePathStyle: setting({
    env: 'S3_FORCE_PATH_STYLE',
    kind: 'boolean',
    default: 'false',
    description:
      'Addresses the bucket in the path (`endpoint/bucket/key`), as MinIO and most self-hosted servers need.',
  }),
  s3Prefix: setting({
    env: 'S3_PREFIX',
    kind: 'string',
    default: 'documents/',
    description: 'Key prefix of the originals inside the bucket.',
  }),
  awsAccessKeyId: setting({
    env: 'AWS_ACCESS_KEY_ID',
    kind: 'string',
    secret: true,
    description:
      'S3 access key; unset, the AWS SDK looks further (shared config, instance or pod role).',
  }),
  awsSecretAccessKey: setting({
    env: 'AWS_SECRET_ACCESS_KEY',
    kind: 'string',
    secret: true,
    description: 'S3 secret key, with AWS_ACCESS_KEY_ID.',
  }),
  documentRetentionDays: setting({
    env: 'DOCUMENT_RETENTION_DAYS',
    kind: 'integer',
    min: 0,
    default: '0',
    description:
      'Originals older than this many days are deleted (checked hourly: with the embedded database by the one process, in server mode by one worker an hour, whichever takes the Redis lease for that hour); their invoices say when. 0 keeps them forever.',
  }),
} as const;

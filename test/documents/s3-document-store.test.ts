/**
 * The S3 adapter against a real S3-compatible server: .ci/run starts one (moto's server) and sets
 * S3_ENDPOINT; a developer can point S3_ENDPOINT at MinIO, Ceph RGW or AWS itself (S3_BUCKET is
 * created when missing; each test writes under a prefix of its own).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import t from 'tap';
import { S3DocumentStore } from '../../src/store/s3/document-store.js';
import { documentStoreContract } from './document-store-contract.js';

const endpoint = process.env.S3_ENDPOINT;
if (!endpoint) {
  // A skipped test, not t.plan(0): in a suite the root test is shared with the files after this one.
  t.test(
    'the S3 adapter passes the document store contract',
    {
      skip: 'S3_ENDPOINT is not set: .ci/run starts an S3-compatible server and sets it',
    },
    async () => {},
  );
} else {
  const bucket = process.env.S3_BUCKET || 'reimbursement-contract';
  const region = process.env.S3_REGION || 'us-east-1';
  const credentials = {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID || 'test',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || 'test',
  };
  const admin = new S3Client({ endpoint, region, forcePathStyle: true, credentials });
  await admin.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: Error) => {
    if (!/BucketAlreadyOwnedByYou|BucketAlreadyExists/.test(error.name)) throw error;
  });
  admin.destroy();

  documentStoreContract(t, async (t) => {
    const scratch = await mkdtemp(join(tmpdir(), 'documents-s3-'));
    const store = new S3DocumentStore({
      endpoint,
      bucket,
      region,
      forcePathStyle: true,
      prefix: `contract/${randomUUID()}/`,
      credentials,
    });
    t.teardown(async () => {
      store.close();
      await rm(scratch, { recursive: true, force: true });
    });
    return { store, scratch };
  });
}

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import {
  type ClaimUpload,
  receiveClaimUpload,
  type UploadLimits,
} from '../../src/pipeline/ingest/upload.js';
import errorHandler from '../../src/plugins/error-handler.js';
import { SAMPLE_ZIP, SAMPLES_DIR } from '../helpers/claims.js';
import { makePdf, tempDir } from './ingest-fixtures.js';

interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

const BOUNDARY = '----ingest-test-boundary';

function multipartBody(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    const type =
      part.filename !== undefined
        ? `\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}`
        : '';
    chunks.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`),
      Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const limits: UploadLimits = { maxFileBytes: 8 * 1024 * 1024, maxFiles: 5 };

async function uploadApp(t: Test, uploadLimits: UploadLimits = limits) {
  const workDir = await tempDir(t);
  const app = Fastify({ logger: false });
  await app.register(errorHandler);
  await app.register(multipart, { throwFileSizeLimit: true });
  app.post('/upload', async (request) =>
    receiveClaimUpload(request, { workDir, limits: uploadLimits }),
  );
  t.teardown(() => app.close());
  const post = (parts: Part[]) =>
    app.inject({
      method: 'POST',
      url: '/upload',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipartBody(parts),
    });
  return { post, workDir };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

t.test(
  'a complete claim is streamed to a fresh directory with names, types and hashes',
  async (t) => {
    const { post, workDir } = await uploadApp(t);
    const policy = await readFile(join(SAMPLES_DIR, 'policy.pdf'));
    const zip = await readFile(join(SAMPLES_DIR, SAMPLE_ZIP));
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const response = await post([
      {
        name: 'policy_file',
        value: policy,
        filename: 'policy.pdf',
        contentType: 'application/pdf',
      },
      {
        name: 'invoices_zip',
        value: zip,
        filename: SAMPLE_ZIP,
        contentType: 'application/zip',
      },
      {
        name: 'invoice_files',
        value: photo,
        filename: 'C:\\fakepath\\receipt.jpg',
        contentType: 'image/jpeg',
      },
      { name: 'employee_name', value: '  Priya   Nair ' },
      { name: 'claim_date', value: '2026-10-30' },
      { name: 'force', value: 'true' },
    ]);
    t.equal(response.statusCode, 200, response.body);
    const upload = response.json<ClaimUpload>();
    t.equal(upload.employee_name, 'Priya Nair', 'spaces collapsed and trimmed');
    t.equal(upload.claim_date, '2026-10-30');
    t.equal(upload.force, true);
    t.same((await readdir(workDir)).length, 1, 'one fresh subdirectory of workDir');
    t.equal(join(upload.work_dir, '..'), workDir);
    t.match(upload.policy_file, {
      file_name: 'policy.pdf',
      media_type: 'application/pdf',
      sha256: sha256(policy),
      size_bytes: policy.length,
    });
    t.same(
      upload.files.map((f) => [f.field, f.file_name, f.media_type, f.sha256]),
      [
        ['invoices_zip', SAMPLE_ZIP, 'application/zip', sha256(zip)],
        ['invoice_files', 'receipt.jpg', 'image/jpeg', sha256(photo)],
      ],
    );
    t.same(await readFile(upload.files[0]!.path), zip, 'the bytes on disk are the uploaded bytes');
    t.ok(upload.files.every((f) => f.path.startsWith(upload.work_dir)));
  },
);

t.test('claim_date and force are optional', async (t) => {
  const { post } = await uploadApp(t);
  const response = await post([
    { name: 'employee_name', value: 'Priya' },
    { name: 'policy_file', value: '# Policy\nMeals: 200 INR', filename: 'policy.md' },
    { name: 'invoice_files', value: await makePdf([['Bill']]), filename: 'bill.pdf' },
  ]);
  t.equal(response.statusCode, 200, response.body);
  t.match(response.json(), {
    claim_date: null,
    force: false,
    policy_file: { media_type: 'text/markdown' },
  });
});

t.test('a missing employee_name is a 400 naming it, and the directory is removed', async (t) => {
  const { post, workDir } = await uploadApp(t);
  const response = await post([
    { name: 'policy_file', value: 'Meals: 200 INR per meal', filename: 'policy.txt' },
    { name: 'invoice_files', value: await makePdf([['Bill']]), filename: 'bill.pdf' },
  ]);
  t.equal(response.statusCode, 400);
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.match(response.json(), {
    code: 'invalid_upload',
    errors: [{ pointer: 'employee_name', message: /employee_name/ }],
  });
  t.same(await readdir(workDir), [], 'nothing is left behind');
});

t.test('every missing or invalid field is named', async (t) => {
  const { post, workDir } = await uploadApp(t);
  const response = await post([
    { name: 'employee_name', value: '   ' },
    { name: 'claim_date', value: '2024-02-30' },
    { name: 'force', value: 'maybe' },
  ]);
  t.equal(response.statusCode, 400);
  t.same(
    response.json<{ errors: Array<{ pointer: string }> }>().errors.map((e) => e.pointer),
    ['employee_name', 'claim_date', 'force', 'invoices_zip'],
    'no policy_file is not a problem: the claim may use a managed policy',
  );
  t.same(await readdir(workDir), []);
});

t.test('a claim names a managed policy instead of sending a policy file', async (t) => {
  const { post, workDir } = await uploadApp(t);
  const bill = { name: 'invoice_files', value: await makePdf([['Bill']]), filename: 'bill.pdf' };
  const named = await post([
    { name: 'employee_name', value: 'Priya' },
    { name: 'policy_id', value: '6f0e2c1a-4b7d-4e3a-9c58-2d1f0a9b7e64' },
    { name: 'policy_version', value: '3' },
    bill,
  ]);
  t.equal(named.statusCode, 200, named.body);
  t.match(named.json(), {
    policy_file: null,
    policy: { policy_id: '6f0e2c1a-4b7d-4e3a-9c58-2d1f0a9b7e64', version: 3 },
  });
  const nothing = await post([{ name: 'employee_name', value: 'Priya' }, bill]);
  t.match(nothing.json(), { policy_file: null, policy: { policy_id: null, version: null } });
  const accepted = await readdir(workDir);

  const refused: Array<{ parts: Part[]; pointer: string }> = [
    {
      parts: [
        { name: 'policy_id', value: 'abc' },
        { name: 'policy_file', value: 'Meals 200', filename: 'p.txt' },
      ],
      pointer: 'policy_id',
    },
    { parts: [{ name: 'policy_version', value: '2' }], pointer: 'policy_version' },
    {
      parts: [
        { name: 'policy_id', value: 'abc' },
        { name: 'policy_version', value: 'latest' },
      ],
      pointer: 'policy_version',
    },
    { parts: [{ name: 'policy_id', value: 'not an id!' }], pointer: 'policy_id' },
  ];
  for (const { parts, pointer } of refused) {
    const response = await post([{ name: 'employee_name', value: 'Priya' }, bill, ...parts]);
    t.equal(response.statusCode, 400, pointer);
    t.match(response.json(), { code: 'invalid_upload', errors: [{ pointer }] });
  }
  t.same(await readdir(workDir), accepted, 'refused uploads leave nothing behind');
});

t.test(
  'empty, unknown, duplicated and wrongly typed parts are 400s naming the field',
  async (t) => {
    const { post, workDir } = await uploadApp(t);
    const base: Part[] = [
      { name: 'employee_name', value: 'Priya' },
      { name: 'policy_file', value: 'Meals 200', filename: 'p.txt' },
    ];
    const pdf = await makePdf([['Bill']]);
    const cases: Array<[string, Part[], string, string]> = [
      [
        'empty file',
        [...base, { name: 'invoices_zip', value: '', filename: 'empty.zip' }],
        'empty_file',
        'invoices_zip',
      ],
      [
        'unknown file field',
        [...base, { name: 'avatar', value: pdf, filename: 'me.pdf' }],
        'unknown_field',
        'avatar',
      ],
      ['unknown text field', [{ name: 'role', value: 'admin' }, ...base], 'unknown_field', 'role'],
      [
        'repeated field',
        [{ name: 'employee_name', value: 'Other' }, ...base],
        'duplicate_field',
        'employee_name',
      ],
      [
        'file field sent as text',
        [...base, { name: 'invoices_zip', value: 'not a file' }],
        'file_expected',
        'invoices_zip',
      ],
      [
        'two policies',
        [
          ...base,
          { name: 'policy_file', value: 'again', filename: 'q.txt' },
          { name: 'invoice_files', value: pdf, filename: 'b.pdf' },
        ],
        'invalid_upload',
        'policy_file',
      ],
      [
        'policy of a wrong type',
        [
          { name: 'employee_name', value: 'R' },
          {
            name: 'policy_file',
            value: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]),
            filename: 'p.png',
          },
          { name: 'invoice_files', value: pdf, filename: 'b.pdf' },
        ],
        'invalid_upload',
        'policy_file',
      ],
    ];
    for (const [label, parts, code, pointer] of cases) {
      const response = await post(parts);
      t.equal(response.statusCode, 400, label);
      t.match(response.json(), { code, errors: [{ pointer }] }, label);
    }
    t.same(await readdir(workDir), [], 'every rejected upload was cleaned up');
  },
);

t.test('an over-size file is a 413 and the directory is removed', async (t) => {
  const { post, workDir } = await uploadApp(t, { maxFileBytes: 1024, maxFiles: 5 });
  const response = await post([
    { name: 'employee_name', value: 'Priya' },
    { name: 'policy_file', value: 'Meals 200', filename: 'p.txt' },
    { name: 'invoices_zip', value: Buffer.alloc(4096, 1), filename: 'big.zip' },
    { name: 'invoice_files', value: await makePdf([['Bill']]), filename: 'after.pdf' },
  ]);
  t.equal(response.statusCode, 413);
  t.match(response.json(), { code: 'payload_too_large', limit_bytes: 1024 });
  t.same(await readdir(workDir), []);
});

t.test('more files than allowed is a 413', async (t) => {
  const { post, workDir } = await uploadApp(t, { maxFileBytes: 4096, maxFiles: 2 });
  const response = await post([
    { name: 'employee_name', value: 'Priya' },
    { name: 'policy_file', value: 'Meals 200', filename: 'p.txt' },
    ...[1, 2, 3].map((n) => ({
      name: 'invoice_files',
      value: `%PDF-1.4 ${n}`,
      filename: `${n}.pdf`,
    })),
  ]);
  t.equal(response.statusCode, 413);
  t.match(response.json(), { code: 'too_many_files' });
  t.same(await readdir(workDir), []);
});

t.test('a request that is not multipart is a 415', async (t) => {
  const { workDir } = await uploadApp(t);
  const app = Fastify({ logger: false });
  await app.register(errorHandler);
  await app.register(multipart);
  app.post('/upload', async (request) => receiveClaimUpload(request, { workDir, limits }));
  t.teardown(() => app.close());
  const response = await app.inject({
    method: 'POST',
    url: '/upload',
    payload: { employee_name: 'Priya' },
  });
  t.equal(response.statusCode, 415);
  t.match(response.json(), { code: 'not_multipart' });
});

/**
 * What every DocumentStore adapter promises, run against each one: disk always, S3 against a real
 * S3-compatible server (test/documents/s3-document-store.test.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Test } from 'tap';
import {
  DocumentHashMismatchError,
  type DocumentStore,
} from '../../src/documents/document-store.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function documentStoreContract(
  t: Test,
  makeStore: (t: Test) => Promise<{ store: DocumentStore; scratch: string }>,
): void {
  t.test('put then head and get give back the same bytes and content type', async (t) => {
    const { store } = await makeStore(t);
    const bytes = randomBytes(70_000);
    const hash = sha(bytes);
    t.equal(await store.head(hash), null, 'nothing before put');
    t.equal(await store.get(hash), null);
    const stored = await store.put(hash, { bytes }, 'application/pdf');
    t.match(stored, { sha256: hash, content_type: 'application/pdf', size_bytes: bytes.length });
    t.ok(Date.parse(stored.stored_at) > Date.now() - 60_000, 'stored_at is now');
    t.same(await store.head(hash), stored);
    const got = await store.get(hash);
    t.ok(got);
    t.ok((await readAll(got?.body as Readable)).equals(bytes));
  });

  t.test('a file on disk is stored by streaming it', async (t) => {
    const { store, scratch } = await makeStore(t);
    const bytes = randomBytes(300_000);
    const path = join(scratch, 'upload.jpg');
    await writeFile(path, bytes);
    const stored = await store.put(sha(bytes), { path }, 'image/jpeg');
    t.equal(stored.size_bytes, bytes.length);
    const got = await store.get(sha(bytes));
    t.ok((await readAll(got?.body as Readable)).equals(bytes));
  });

  t.test('a byte range gives exactly those bytes', async (t) => {
    const { store } = await makeStore(t);
    const bytes = randomBytes(10_000);
    await store.put(sha(bytes), { bytes }, 'image/png');
    const middle = await store.get(sha(bytes), { start: 100, end: 199 });
    t.ok((await readAll(middle?.body as Readable)).equals(bytes.subarray(100, 200)));
    t.equal(middle?.meta.size_bytes, bytes.length, 'meta gives the whole size');
    const last = await store.get(sha(bytes), { start: 9_999, end: 9_999 });
    t.same([...(await readAll(last?.body as Readable))], [bytes[9_999]]);
  });

  t.test('storing the same bytes twice keeps one document and its first date', async (t) => {
    const { store } = await makeStore(t);
    const bytes = randomBytes(1000);
    const first = await store.put(sha(bytes), { bytes }, 'application/pdf');
    const second = await store.put(sha(bytes), { bytes }, 'image/png');
    t.same(second, first);
    const listed = [];
    for await (const doc of store.list()) if (doc.sha256 === sha(bytes)) listed.push(doc);
    t.equal(listed.length, 1);
  });

  t.test('bytes that do not match the hash are refused and nothing is stored', async (t) => {
    const { store } = await makeStore(t);
    const bytes = randomBytes(1000);
    const wrong = sha(Buffer.from('something else'));
    await t.rejects(store.put(wrong, { bytes }, 'application/pdf'), DocumentHashMismatchError);
    t.equal(await store.head(wrong), null);
  });

  t.test('a name that is not a hash never reaches the storage', async (t) => {
    const { store } = await makeStore(t);
    await t.rejects(store.head('../../etc/passwd'), /Not a sha256/);
    await t.rejects(store.put('ab', { bytes: Buffer.from('x') }, 'text/plain'), /Not a sha256/);
  });

  t.test('delete removes the document; deleting again says nothing was there', async (t) => {
    const { store } = await makeStore(t);
    const keep = randomBytes(500);
    const drop = randomBytes(500);
    await store.put(sha(keep), { bytes: keep }, 'image/jpeg');
    await store.put(sha(drop), { bytes: drop }, 'image/jpeg');
    t.equal(await store.delete(sha(drop)), true);
    t.equal(await store.delete(sha(drop)), false);
    t.equal(await store.head(sha(drop)), null);
    t.equal(await store.get(sha(drop)), null);
    const listed = [];
    for await (const doc of store.list()) listed.push(doc.sha256);
    t.ok(listed.includes(sha(keep)));
    t.notOk(listed.includes(sha(drop)));
  });

  t.test('list gives every document with its metadata', async (t) => {
    const { store } = await makeStore(t);
    const all = [randomBytes(10), randomBytes(20), randomBytes(30)];
    for (const bytes of all) await store.put(sha(bytes), { bytes }, 'text/plain');
    const listed = new Map<string, number>();
    for await (const doc of store.list()) listed.set(doc.sha256, doc.size_bytes);
    for (const bytes of all) t.equal(listed.get(sha(bytes)), bytes.length);
  });

  t.test('ping answers when the storage can be used', async (t) => {
    const { store } = await makeStore(t);
    await t.resolves(store.ping());
  });
}

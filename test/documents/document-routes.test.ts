import { createHash } from 'node:crypto';
import t, { type Test } from 'tap';
import { purgeExpiredDocuments } from '../../src/documents/retention.js';
import { buildTestApp } from '../helpers/app.js';
import { sampleZipInvoices, splitSampleClaim } from '../helpers/claims.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';

/**
 * Asha files the meal invoices of the sample claim; Ravi files the very same files (same bytes,
 * so one stored original serves two invoices). Subtests run in order; the last ones delete.
 */
// Two invoices are enough (the machine is shared): the first two meals of the sample claim.
const meals = sampleZipInvoices()
  .filter((invoice) => invoice.category === 'meal')
  .slice(0, 2)
  .map((invoice) => invoice.file);
const claims = splitSampleClaim((invoice) => meals.includes(invoice.file));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function seed(t: Test) {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const auth = {
    asha: bearer(await tokenFor(USERS.asha)),
    ravi: bearer(await tokenFor(USERS.ravi)),
    fiona: bearer(await tokenFor(USERS.fiona)),
  };
  for (const [who, headers] of [
    [USERS.asha, auth.asha],
    [USERS.ravi, auth.ravi],
  ] as const) {
    const answer = await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      headers,
      payload: await claims.matching.form({ employee_name: who.name }),
    });
    t.equal(answer.statusCode, 200);
  }
  const list = async (headers: Record<string, string>) =>
    (await app.inject({ method: 'GET', url: '/api/v1/invoices?limit=100', headers })).json()
      .items as Array<{ id: string; file_sha256: string; file_name: string }>;
  const ashas = await list(auth.asha);
  const ravis = await list(auth.ravi);
  const invoice = ashas[0] as (typeof ashas)[number];
  const twin = ravis.find((r) => r.file_sha256 === invoice.file_sha256) as typeof invoice;
  return { app, auth, invoice, twin };
}

const seeded = (() => {
  let once: ReturnType<typeof seed> | null = null;
  return () => (once ??= seed(t));
})();

t.test('the original comes back byte for byte with its type, hash ETag and name', async (t) => {
  const { app, auth, invoice } = await seeded();
  const answer = await app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${invoice.id}/document`,
    headers: auth.asha,
  });
  t.equal(answer.statusCode, 200);
  t.equal(answer.headers['content-type'], 'application/pdf');
  t.equal(answer.headers.etag, `"${invoice.file_sha256}"`);
  t.equal(answer.headers['accept-ranges'], 'bytes');
  t.equal(sha(answer.rawPayload), invoice.file_sha256);
  t.equal(Number(answer.headers['content-length']), answer.rawPayload.length);
  const base = invoice.file_name.split('/').pop() as string;
  t.match(
    answer.headers['content-disposition'],
    `inline; filename="${base.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(base)}`,
  );
});

t.test('access is that of the invoice: another employee gets 404, finance reads it', async (t) => {
  const { app, auth, invoice } = await seeded();
  const get = (headers: Record<string, string>, id = invoice.id) =>
    app.inject({ method: 'GET', url: `/api/v1/invoices/${id}/document`, headers });
  const other = await get(auth.ravi);
  t.equal(other.statusCode, 404);
  const missing = await get(auth.ravi, '00000000-0000-5000-8000-000000000000');
  t.same(
    { code: other.json().code, status: other.statusCode },
    { code: missing.json().code, status: missing.statusCode },
    '"not yours" looks exactly like "not there"',
  );
  t.equal((await get(auth.fiona)).statusCode, 200);
  const anonymous = await app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${invoice.id}/document`,
  });
  t.equal(anonymous.statusCode, 401);
  const page = await app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${invoice.id}/pages/1.png`,
    headers: auth.ravi,
  });
  t.equal(page.statusCode, 404, 'pages are scoped the same way');
});

t.test('ranges: one range is 206, a suffix works, past the end is 416', async (t) => {
  const { app, auth, invoice } = await seeded();
  const url = `/api/v1/invoices/${invoice.id}/document`;
  const whole = (await app.inject({ method: 'GET', url, headers: auth.asha })).rawPayload;
  const size = whole.length;
  const get = (headers: Record<string, string>) =>
    app.inject({ method: 'GET', url, headers: { ...auth.asha, ...headers } });

  const first = await get({ range: 'bytes=0-99' });
  t.equal(first.statusCode, 206);
  t.equal(first.headers['content-range'], `bytes 0-99/${size}`);
  t.ok(first.rawPayload.equals(whole.subarray(0, 100)));

  const open = await get({ range: `bytes=${size - 5}-` });
  t.equal(open.statusCode, 206);
  t.ok(open.rawPayload.equals(whole.subarray(size - 5)));

  const suffix = await get({ range: 'bytes=-10' });
  t.equal(suffix.headers['content-range'], `bytes ${size - 10}-${size - 1}/${size}`);
  t.ok(suffix.rawPayload.equals(whole.subarray(size - 10)));

  const clipped = await get({ range: `bytes=10-${size + 1000}` });
  t.equal(clipped.headers['content-range'], `bytes 10-${size - 1}/${size}`);

  const past = await get({ range: `bytes=${size}-` });
  t.equal(past.statusCode, 416);
  t.equal(past.headers['content-range'], `bytes */${size}`);
  t.equal(past.json().code, 'range_not_satisfiable');

  const several = await get({ range: 'bytes=0-1,5-6' });
  t.equal(several.statusCode, 200, 'several ranges get the whole document');
  t.equal(several.rawPayload.length, size);
});

t.test(
  'conditional requests: If-None-Match is 304, a stale If-Range gets everything',
  async (t) => {
    const { app, auth, invoice } = await seeded();
    const url = `/api/v1/invoices/${invoice.id}/document`;
    const etag = `"${invoice.file_sha256}"`;
    const get = (headers: Record<string, string>) =>
      app.inject({ method: 'GET', url, headers: { ...auth.asha, ...headers } });
    const notModified = await get({ 'if-none-match': `"other", ${etag}` });
    t.equal(notModified.statusCode, 304);
    t.equal(notModified.rawPayload.length, 0);
    t.equal((await get({ 'if-none-match': '"other"' })).statusCode, 200);
    const current = await get({ range: 'bytes=0-9', 'if-range': etag });
    t.equal(current.statusCode, 206);
    const stale = await get({ range: 'bytes=0-9', 'if-range': '"0000"' });
    t.equal(stale.statusCode, 200);
    t.equal(sha(stale.rawPayload), invoice.file_sha256);
    const lastModified = current.headers['last-modified'] as string;
    t.equal((await get({ range: 'bytes=0-9', 'if-range': lastModified })).statusCode, 206);
  },
);

t.test('a PDF page comes as a PNG of the width asked, cached', async (t) => {
  const { app, auth, invoice } = await seeded();
  const url = `/api/v1/invoices/${invoice.id}/pages/1.png?width=320`;
  const page = await app.inject({ method: 'GET', url, headers: auth.asha });
  t.equal(page.statusCode, 200);
  t.equal(page.headers['content-type'], 'image/png');
  t.same([...page.rawPayload.subarray(1, 4)], [...Buffer.from('PNG')]);
  t.equal(page.rawPayload.readUInt32BE(16), 320, 'IHDR width');
  t.ok(page.rawPayload.readUInt32BE(20) > 0, 'IHDR height follows the page');
  const again = await app.inject({ method: 'GET', url, headers: auth.asha });
  t.ok(again.rawPayload.equals(page.rawPayload));
  const cached = await app.inject({
    method: 'GET',
    url,
    headers: { ...auth.asha, 'if-none-match': page.headers.etag as string },
  });
  t.equal(cached.statusCode, 304);
  const beyond = await app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${invoice.id}/pages/99.png`,
    headers: auth.asha,
  });
  t.equal(beyond.statusCode, 404);
  const tooWide = await app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${invoice.id}/pages/1.png?width=99999`,
    headers: auth.asha,
  });
  t.equal(tooWide.statusCode, 400);
});

t.test('deleting an invoice keeps an original another invoice uses, then deletes it', async (t) => {
  const { app, auth, invoice, twin } = await seeded();
  t.ok(twin, 'Ravi filed the same bytes');
  t.not(twin.id, invoice.id);
  const del = (id: string) =>
    app.inject({ method: 'DELETE', url: `/api/v1/invoices/${id}`, headers: auth.fiona });
  t.equal((await del(invoice.id)).statusCode, 204);
  t.ok(await app.services.documents.head(invoice.file_sha256), 'still used by the twin');
  const twins = await app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${twin.id}/document`,
    headers: auth.ravi,
  });
  t.equal(twins.statusCode, 200);
  t.equal((await del(twin.id)).statusCode, 204);
  t.equal(await app.services.documents.head(invoice.file_sha256), null, 'the last user is gone');
});

t.test('retention purges old originals and the invoice says so', async (t) => {
  const { app, auth } = await seeded();
  const ashas = (
    await app.inject({ method: 'GET', url: '/api/v1/invoices?limit=100', headers: auth.asha })
  ).json().items as Array<{ id: string; file_sha256: string }>;
  const target = ashas[0] as (typeof ashas)[number];
  const original = (
    await app.inject({
      method: 'GET',
      url: `/api/v1/invoices/${target.id}/document`,
      headers: auth.asha,
    })
  ).rawPayload;
  const kept = await purgeExpiredDocuments({
    documents: app.services.documents,
    invoices: app.services.invoices,
    retentionDays: 30,
  });
  t.equal(kept, 0, 'nothing is 30 days old yet');
  const later = new Date(Date.now() + 31 * 86_400_000);
  const purged = await purgeExpiredDocuments({
    documents: app.services.documents,
    invoices: app.services.invoices,
    retentionDays: 30,
    now: later,
  });
  t.ok(purged > 0);
  t.equal(await app.services.documents.head(target.file_sha256), null);
  const read = await app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${target.id}`,
    headers: auth.asha,
  });
  t.equal(read.json().document.purged_at, later.toISOString());
  const gone = await app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${target.id}/document`,
    headers: auth.asha,
  });
  t.equal(gone.statusCode, 410);
  t.match(gone.json(), { code: 'document_purged', purged_at: later.toISOString() });

  // The same bytes uploaded again (by any claim) are stored again: the original is back.
  await app.services.documents.put(target.file_sha256, { bytes: original }, 'application/pdf');
  const back = await app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${target.id}/document`,
    headers: auth.asha,
  });
  t.equal(back.statusCode, 200);
  t.equal(sha(back.rawPayload), target.file_sha256);
});

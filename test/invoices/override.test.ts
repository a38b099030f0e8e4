/**
 * Overriding a decision: ETag on read, If-Match on write, so two reviewers cannot silently
 * overwrite each other. Runs on the repository's sample claim (samples/README.md).
 */
import { join, resolve } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { claimForm } from '../helpers/claims.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';

const SAMPLES = resolve(import.meta.dirname, '..', '..', 'samples');

t.test('an override guarded by If-Match: a stale ETag is 412, the current one wins', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const asha = bearer(await tokenFor(USERS.asha));
  const fiona = bearer(await tokenFor(USERS.fiona));
  const claim = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers: asha,
    payload: claimForm({ employee_name: USERS.asha.name, claim_date: '2026-10-31' }, [
      { field: 'policy_file', path: join(SAMPLES, 'policy.pdf') },
      { field: 'invoices_zip', path: join(SAMPLES, 'claim-priya.zip') },
    ]),
  });
  t.equal(claim.statusCode, 200, claim.body);
  const partial = claim
    .json()
    .results.find((r: { status?: string }) => r.status === 'partially_reimbursed');
  const url = `/api/v1/invoices/${partial.invoice_id}`;

  const read = await app.inject({ method: 'GET', url, headers: fiona });
  const etag = read.headers.etag as string;
  t.match(etag, /^"[0-9a-f]{32}"$/, 'a strong ETag');
  const again = await app.inject({ method: 'GET', url, headers: asha });
  t.equal(again.headers.etag, etag, 'the same version has the same ETag for every reader');

  const body = (reason: string) => ({
    status: 'fully_reimbursed',
    reimbursable_minor: partial.claimed.amount_minor,
    reason,
  });
  const first = await app.inject({
    method: 'PATCH',
    url: `${url}/decision`,
    headers: { ...fiona, 'if-match': etag },
    payload: body('Approved in advance by the manager.'),
  });
  t.equal(first.statusCode, 200, first.body);
  const newEtag = first.headers.etag as string;
  t.not(newEtag, etag, 'the override is a new version');

  // A second reviewer who read the invoice before the first override.
  const stale = await app.inject({
    method: 'PATCH',
    url: `${url}/decision`,
    headers: { ...fiona, 'if-match': etag },
    payload: { status: 'declined', reimbursable_minor: 0, reason: 'Not a business expense.' },
  });
  t.equal(stale.statusCode, 412, stale.body);
  t.match(stale.headers['content-type'], /^application\/problem\+json/);
  t.match(stale.json(), { code: 'stale_invoice', status: 412 });
  t.equal(stale.headers.etag, newEtag, 'the problem carries the current ETag');
  const kept = await app.inject({ method: 'GET', url, headers: fiona });
  t.equal(kept.json().override.reason, 'Approved in advance by the manager.', 'nothing lost');

  const list = await app.inject({
    method: 'PATCH',
    url: `${url}/decision`,
    headers: { ...fiona, 'if-match': `"other", ${newEtag}` },
    payload: body('Confirmed again after a second look.'),
  });
  t.equal(list.statusCode, 200, 'any tag of an If-Match list may match');
  const weak = await app.inject({
    method: 'PATCH',
    url: `${url}/decision`,
    headers: { ...fiona, 'if-match': `W/${list.headers.etag}` },
    payload: body('A weak tag never matches a write.'),
  });
  t.equal(weak.statusCode, 412);
});

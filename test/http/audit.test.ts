import type { FastifyInstance, FastifyRequest } from 'fastify';
import t from 'tap';
import { type AuditAction, AuditRecorder } from '../../src/access/audit-recorder.js';
import type { AuditLog } from '../../src/store/ports.js';
import { buildTestApp } from '../helpers/app.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';

interface Entry {
  id: string;
  at: string;
  actor_sub: string;
  action: string;
  target_id: string | null;
  [field: string]: unknown;
}

/** A stand-in for the invoice, job and chat routes: records what the body says happened. */
function changeRoute(app: FastifyInstance): void {
  app.post<{
    Params: { id: string };
    Body: { action: AuditAction; details?: Record<string, unknown> };
  }>('/api/v1/test/change/:id', async (request) => {
    await app.audit.record(
      request,
      request.body.action,
      { type: 'invoice', id: request.params.id },
      request.body.details,
    );
    return { ok: true };
  });
  app.post('/api/v1/test/unaudited', { config: { auth: false } }, async (request) => {
    await app.audit.record(request, 'invoice.delete', { type: 'invoice', id: 'x' });
    return { ok: true };
  });
}

async function change(
  app: FastifyInstance,
  user: (typeof USERS)[keyof typeof USERS],
  id: string,
  action: AuditAction,
  details?: Record<string, unknown>,
) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/test/change/${id}`,
    headers: bearer(await tokenFor(user)),
    payload: { action, details },
  });
  if (res.statusCode !== 200) throw new Error(`change failed: ${res.body}`);
  return res;
}

async function list(app: FastifyInstance, query: Record<string, string | number> = {}) {
  const qs = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return app.inject({
    method: 'GET',
    url: `/api/v1/audit${qs ? `?${qs}` : ''}`,
    headers: bearer(await tokenFor(USERS.adam)),
  });
}

/** Seven changes by three users; returns the app and the request id of the override. */
async function seeded(t: Parameters<typeof buildTestApp>[0]) {
  const app = await buildTestApp(t, { env: jwtEnv(), extend: changeRoute });
  await change(app, USERS.asha, 'inv-1', 'job.create');
  await change(app, USERS.asha, 'inv-2', 'job.create');
  await change(app, USERS.ravi, 'inv-3', 'job.create');
  const override = await change(app, USERS.fiona, 'inv-1', 'invoice.override', {
    from: 'declined',
    to: 'fully_reimbursed',
    reason: 'Receipt confirmed',
  });
  await change(app, USERS.fiona, 'inv-3', 'invoice.override', { reason: 'Cap waived' });
  await change(app, USERS.adam, 'inv-2', 'invoice.delete');
  await change(app, USERS.ravi, 'inv-9', 'chat_history.delete');
  return { app, overrideRequestId: String(override.headers['x-request-id']) };
}

t.test(
  'a recorded change carries actor, action, target, request id, client address and time',
  async (t) => {
    const { app, overrideRequestId } = await seeded(t);
    const res = await list(app, { action: 'invoice.override', target_id: 'inv-1' });
    t.equal(res.statusCode, 200);
    const [entry, ...rest] = res.json().items as Entry[];
    t.equal(rest.length, 0);
    t.match(entry, {
      actor_sub: 'u-fiona',
      actor_name: 'Fiona Finance',
      actor_role: 'finance',
      action: 'invoice.override',
      target_type: 'invoice',
      target_id: 'inv-1',
      request_id: overrideRequestId,
      client_ip: '127.0.0.1',
      details: { from: 'declined', to: 'fully_reimbursed', reason: 'Receipt confirmed' },
    });
    t.ok(
      Math.abs(Date.parse(entry?.at ?? '') - Date.now()) < 60_000,
      'stamped with the current time',
    );
  },
);

t.test('filters combine: actor, action, target id', async (t) => {
  const { app } = await seeded(t);
  const byActor = (await list(app, { actor_sub: 'u-asha' })).json().items as Entry[];
  t.same(
    byActor.map((e) => e.target_id),
    ['inv-2', 'inv-1'],
    'newest first',
  );
  const byAction = (await list(app, { action: 'invoice.override' })).json().items as Entry[];
  t.same(
    byAction.map((e) => e.target_id),
    ['inv-3', 'inv-1'],
  );
  const byTarget = (await list(app, { target_id: 'inv-2' })).json().items as Entry[];
  t.same(
    byTarget.map((e) => e.action),
    ['invoice.delete', 'job.create'],
  );
  const combined = (await list(app, { actor_sub: 'u-ravi', action: 'chat_history.delete' })).json()
    .items as Entry[];
  t.same(
    combined.map((e) => e.target_id),
    ['inv-9'],
  );
  t.same((await list(app, { actor_sub: 'u-nobody' })).json(), { items: [], next_cursor: null });
});

t.test(
  'from is inclusive, to exclusive, and bounds with a UTC offset are compared as instants',
  async (t) => {
    const { app } = await seeded(t);
    const all = (await list(app)).json().items as Entry[];
    t.equal(all.length, 7);
    const pivot = all[3]?.at ?? '';
    const from = (await list(app, { from: pivot })).json().items as Entry[];
    t.same(
      from.map((e) => e.id),
      all.filter((e) => e.at >= pivot).map((e) => e.id),
    );
    const to = (await list(app, { to: pivot })).json().items as Entry[];
    t.same(
      to.map((e) => e.id),
      all.filter((e) => e.at < pivot).map((e) => e.id),
    );

    // Just after the newest entry, written at UTC-12:00: as text it sorts before every entry.
    const after = new Date(Date.parse(all[0]?.at ?? '') + 1);
    const local = new Date(after.getTime() - 12 * 3600_000).toISOString().replace('Z', '-12:00');
    t.equal((await list(app, { to: local })).json().items.length, 7);
    t.equal((await list(app, { from: local })).json().items.length, 0);
  },
);

t.test('cursor pagination walks every entry once, newest first', async (t) => {
  const { app } = await seeded(t);
  const all = ((await list(app)).json().items as Entry[]).map((e) => e.id);
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = (await list(app, { limit: 3, ...(cursor ? { cursor } : {}) })).json() as {
      items: Entry[];
      next_cursor: string | null;
    };
    t.ok(page.items.length <= 3);
    seen.push(...page.items.map((e) => e.id));
    cursor = page.next_cursor;
    pages += 1;
  } while (cursor && pages < 10);
  t.equal(pages, 3);
  t.same(seen, all);
  const filtered = (await list(app, { action: 'job.create', limit: 2 })).json();
  t.equal(filtered.items.length, 2);
  const next = (
    await list(app, { action: 'job.create', limit: 2, cursor: filtered.next_cursor })
  ).json();
  t.same(
    next.items.map((e: Entry) => e.target_id),
    ['inv-1'],
  );
  t.equal(next.next_cursor, null);
});

t.test(
  'bad queries are 400: a forged cursor, an unknown parameter, a bad limit or date',
  async (t) => {
    const { app } = await seeded(t);
    const forged = await list(app, { cursor: 'bm90LWEtY3Vyc29y' });
    t.equal(forged.statusCode, 400);
    t.equal(forged.json().code, 'invalid_cursor');
    for (const query of [
      { actor: 'u-asha' },
      { limit: 0 },
      { limit: 101 },
      { from: 'yesterday' },
      { action: 'invoice.hack' },
    ] as Array<Record<string, string | number>>) {
      const res = await list(app, query);
      t.equal(res.statusCode, 400, JSON.stringify(query));
      t.equal(res.json().code, 'validation_failed');
    }
  },
);

t.test('only administrators read the audit log', async (t) => {
  const { app } = await seeded(t);
  for (const user of [USERS.asha, USERS.fiona]) {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/audit',
      headers: bearer(await tokenFor(user)),
    });
    t.equal(res.statusCode, 403, user.role);
    t.equal(res.json().code, 'insufficient_role');
    t.notMatch(res.body, /inv-1|Fiona/, 'nothing of the log leaks');
  }
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode, 401);
});

t.test(
  'the local user of AUTH_MODE=none is an administrator and is recorded as "local"',
  async (t) => {
    const app = await buildTestApp(t, { extend: changeRoute });
    await app.inject({
      method: 'POST',
      url: '/api/v1/test/change/inv-7',
      payload: { action: 'invoice.delete' },
    });
    const res = await app.inject({ method: 'GET', url: '/api/v1/audit' });
    t.equal(res.statusCode, 200);
    t.match(res.json().items, [
      { actor_sub: 'local', actor_name: 'Local User', actor_role: 'admin', target_id: 'inv-7' },
    ]);
  },
);

t.test(
  'recording without a caller is a wiring bug: it fails loudly instead of logging an anonymous change',
  async (t) => {
    const app = await buildTestApp(t, { env: jwtEnv(), extend: changeRoute });
    const res = await app.inject({ method: 'POST', url: '/api/v1/test/unaudited' });
    t.equal(res.statusCode, 500);
    t.same((await list(app)).json().items, []);

    const written: unknown[] = [];
    const log: AuditLog = {
      record: async (entry) => void written.push(entry),
      list: async () => ({ items: [], next_cursor: null }),
    };
    const recorder = new AuditRecorder(log);
    const request = {
      caller: null,
      id: 'r-1',
      ip: '10.0.0.1',
      url: '/x',
      routeOptions: {},
    } as unknown as FastifyRequest;
    await t.rejects(
      recorder.record(request, 'job.create', { type: 'job', id: 'j-1' }),
      /without a caller/,
    );
    t.same(written, []);
  },
);

/**
 * The webhook resources over HTTP: only administrators manage them; a registered endpoint receives
 * each subscribed event signed per Standard Webhooks (checked with the library's own verifier);
 * the delivery log shows the answers; a redelivery sends the same message again.
 */
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { jwtEnv } from '../helpers/tokens.js';
import {
  activate,
  auth,
  createPolicy,
  jsonFile,
  rulesV2Json,
  USERS,
} from '../policies/fixtures.js';
import { eventually, type ReceivedRequest, startReceiver } from './receiver.js';

const WEBHOOKS = '/api/v1/webhooks';

async function appWithWebhooks(
  t: { teardown(fn: () => unknown): void },
  env: Record<string, string> = {},
) {
  return buildTestApp(t, { env: jwtEnv({ WEBHOOK_ALLOW_PRIVATE: 'true', ...env }) });
}

async function register(app: FastifyInstance, url: string, events: string[]) {
  const res = await app.inject({
    method: 'POST',
    url: WEBHOOKS,
    headers: await auth(USERS.adam),
    payload: { url, events, description: 'test receiver' },
  });
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
  return res.json();
}

function verified(secret: string, request: ReceivedRequest) {
  return new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
}

t.test('only administrators manage webhooks', async (t) => {
  const app = await appWithWebhooks(t);
  const body = { url: 'http://127.0.0.1:9/hooks', events: ['job.completed'] };
  for (const user of [USERS.asha, USERS.fiona]) {
    for (const [method, url] of [
      ['POST', WEBHOOKS],
      ['GET', WEBHOOKS],
      ['DELETE', `${WEBHOOKS}/6c1f7a52-2d7e-4d0b-9a51-3f0c2b8e9d14`],
      ['GET', `${WEBHOOKS}/6c1f7a52-2d7e-4d0b-9a51-3f0c2b8e9d14/deliveries`],
    ] as const) {
      const res = await app.inject({
        method,
        url,
        headers: await auth(user),
        ...(method === 'POST' ? { payload: body } : {}),
      });
      t.equal(res.statusCode, 403, `${user.role} ${method} ${url}`);
    }
  }
  const anonymous = await app.inject({ method: 'GET', url: WEBHOOKS });
  t.equal(anonymous.statusCode, 401);
  const admin = await app.inject({ method: 'GET', url: WEBHOOKS, headers: await auth(USERS.adam) });
  t.equal(admin.statusCode, 200);
  t.same(admin.json(), { items: [] });
});

t.test('private, loopback and link-local targets are refused unless allowed', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const headers = await auth(USERS.adam);
  for (const url of [
    'http://127.0.0.1/hooks',
    'http://localhost:8080/hooks',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/hooks',
    'http://[::ffff:10.0.0.1]/hooks',
    'https://192.168.1.20/hooks',
    'http://0.0.0.0/',
  ]) {
    const res = await app.inject({
      method: 'POST',
      url: WEBHOOKS,
      headers,
      payload: { url, events: ['job.completed'] },
    });
    t.equal(res.statusCode, 422, url);
    t.match(res.json(), { code: 'webhook_target_refused' }, url);
  }
  for (const url of ['ftp://example.com/x', 'https://user:pw@example.com/x', 'not a url']) {
    const res = await app.inject({
      method: 'POST',
      url: WEBHOOKS,
      headers,
      payload: { url, events: ['job.completed'] },
    });
    t.equal(res.statusCode, 422, url);
    t.match(res.json(), { code: 'invalid_webhook_url' }, url);
  }
  const unknownEvent = await app.inject({
    method: 'POST',
    url: WEBHOOKS,
    headers,
    payload: { url: 'https://example.com/x', events: ['job.exploded'] },
  });
  t.equal(unknownEvent.statusCode, 400);
  const list = await app.inject({ method: 'GET', url: WEBHOOKS, headers });
  t.same(list.json().items, [], 'nothing was registered');
});

t.test(
  'a policy activation reaches the endpoint signed, is logged with its answer, and redelivers',
  async (t) => {
    const app = await appWithWebhooks(t);
    const receiver = await startReceiver(t);
    const other = await startReceiver(t);
    const endpoint = await register(app, receiver.url, ['policy.activated']);
    t.match(endpoint.secret, /^whsec_[A-Za-z0-9+/]+=*$/, 'a Standard Webhooks secret, shown once');
    const otherEndpoint = await register(app, other.url, ['job.completed']);

    const listed = await app.inject({
      method: 'GET',
      url: WEBHOOKS,
      headers: await auth(USERS.adam),
    });
    t.same(
      listed.json().items.map((item: { id: string }) => item.id),
      [endpoint.id, otherEndpoint.id],
    );
    t.notOk('secret' in listed.json().items[0], 'secrets are never listed');

    const policy = await createPolicy(app, USERS.fiona, jsonFile(rulesV2Json()), 'Travel');
    await activate(app, USERS.fiona, policy.id, 1);
    const [request] = await receiver.waitFor(1);
    const event = verified(endpoint.secret, request as ReceivedRequest);
    t.match(event, {
      type: 'policy.activated',
      data: {
        policy_id: policy.id,
        version: 1,
        by: { sub: USERS.fiona.sub, name: USERS.fiona.name },
        retired: null,
      },
    });
    t.throws(
      () => verified(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, request as ReceivedRequest),
      'another secret does not verify',
    );
    t.equal(other.received.length, 0, 'an endpoint gets only the events it subscribed to');

    const headers = await auth(USERS.adam);
    const log = await eventually(async () => {
      const res = await app.inject({
        method: 'GET',
        url: `${WEBHOOKS}/${endpoint.id}/deliveries`,
        headers,
      });
      const [first] = res.json().items;
      return first?.state === 'succeeded' ? first : undefined;
    });
    const delivery = { ...log };
    t.match(delivery, {
      webhook_id: endpoint.id,
      event_type: 'policy.activated',
      event_id: request?.headers['webhook-id'],
      attempt_count: 1,
      next_attempt_at: null,
      attempts: [{ status_code: 204, error: null, manual: false }],
      payload: { type: 'policy.activated', data: { policy_id: policy.id } },
    });

    receiver.answer(200);
    const again = await app.inject({
      method: 'POST',
      url: `${WEBHOOKS}/${endpoint.id}/deliveries/${delivery.id}/redeliver`,
      headers,
    });
    t.equal(again.statusCode, 202, again.body);
    t.equal(again.json().state, 'pending');
    const [, second] = await receiver.waitFor(2);
    t.equal(second?.headers['webhook-id'], request?.headers['webhook-id'], 'the same message id');
    t.equal(second?.body, request?.body, 'the same body');
    t.ok(verified(endpoint.secret, second as ReceivedRequest), 'signed afresh');
    const after = await eventually(async () => {
      const res = await app.inject({
        method: 'GET',
        url: `${WEBHOOKS}/${endpoint.id}/deliveries`,
        headers,
      });
      const [first] = res.json().items;
      return first?.attempts.length === 2 && first.state === 'succeeded' ? first : undefined;
    });
    t.match(after.attempts, [{ status_code: 204 }, { status_code: 200, manual: true }]);

    const wrongEndpoint = await app.inject({
      method: 'POST',
      url: `${WEBHOOKS}/${otherEndpoint.id}/deliveries/${delivery.id}/redeliver`,
      headers,
    });
    t.equal(wrongEndpoint.statusCode, 404, 'a delivery belongs to its endpoint');

    const deleted = await app.inject({
      method: 'DELETE',
      url: `${WEBHOOKS}/${endpoint.id}`,
      headers,
    });
    t.equal(deleted.statusCode, 204);
    const gone = await app.inject({
      method: 'GET',
      url: `${WEBHOOKS}/${endpoint.id}/deliveries`,
      headers,
    });
    t.equal(gone.statusCode, 404);
    const audit = await app.inject({
      method: 'GET',
      url: `/api/v1/audit?target_id=${endpoint.id}`,
      headers,
    });
    t.same(
      audit.json().items.map((entry: { action: string }) => entry.action),
      ['webhook.delete', 'webhook.create'],
      'registering and deleting are audited',
    );
    const byAction = await app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=webhook.create',
      headers,
    });
    t.equal(byAction.statusCode, 200, 'the audit log is filtered by the webhook actions too');
    const created = byAction.json().items as Array<{ action: string; target_id: string }>;
    t.ok(
      created.some((entry) => entry.target_id === endpoint.id),
      'the endpoint registered is among them',
    );
    t.ok(created.every((entry) => entry.action === 'webhook.create'));
  },
);

/**
 * The delivery service on a simulated clock: a receiver down for an hour still gets the event
 * with the default schedule; one that never comes back ends as failed after the last attempt; a
 * queued attempt made stale by a redelivery does nothing.
 */
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { NotFoundError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteWebhookStore } from '../../src/store/sqlite/webhook-store.js';
import type { AttemptHandler, DeliveryScheduler } from '../../src/webhooks/scheduler.js';
import type { SendRequest, SendResult } from '../../src/webhooks/sender.js';
import { WebhookService } from '../../src/webhooks/webhook-service.js';

const HOUR = 3_600_000;

function simulation(t: { teardown(fn: () => unknown): void }, up: (now: number) => boolean) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_DIR: '' });
  const db = openDatabase({ file: ':memory:', migrations: [] });
  t.teardown(() => db.close());
  let now = Date.parse('2026-11-02T10:00:00.000Z');
  const queued: Array<{ id: string; seq: number; at: number }> = [];
  const scheduler: DeliveryScheduler = {
    schedule: async (id, seq, at) => {
      queued.push({ id, seq, at: at.getTime() });
    },
    start: (_handler: AttemptHandler) => undefined,
    close: async () => undefined,
    ping: async () => undefined,
  };
  const sent: SendRequest[] = [];
  const sender = async (request: SendRequest): Promise<SendResult> => {
    sent.push(request);
    return up(now)
      ? { status_code: 200, error: null, duration_ms: 5 }
      : { status_code: null, error: 'ECONNREFUSED', duration_ms: 1 };
  };
  const service = new WebhookService({
    store: new SqliteWebhookStore({ db }),
    scheduler,
    sender,
    retry: {
      baseMs: config.webhookRetryBaseMs,
      maxMs: config.webhookRetryMaxMs,
      maxAttempts: config.webhookMaxAttempts,
    },
    allowPrivate: true,
    resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    clock: () => new Date(now),
    random: () => 0,
  });
  /** Runs queued attempts in time order, moving the clock to each, until none is left. */
  const runAll = async () => {
    for (;;) {
      queued.sort((a, b) => a.at - b.at);
      const next = queued.shift();
      if (!next) return;
      now = Math.max(now, next.at);
      await service.attempt(next.id, next.seq);
    }
  };
  return { service, queued, sent, runAll, started: now, config };
}

const ACTOR = { sub: 'u-adam', name: 'Adam Admin' };

t.test('a receiver down for an hour gets the event when it is back', async (t) => {
  const started = Date.parse('2026-11-02T10:00:00.000Z');
  const sim = simulation(t, (now) => now >= started + HOUR);
  const endpoint = await sim.service.register(ACTOR, {
    url: 'http://receiver.test/hooks',
    description: '',
    events: ['job.completed'],
  });
  const event = await sim.service.emit('job.completed', { job_id: 'j1' });
  await sim.runAll();
  const [delivery] = (await sim.service.deliveries(endpoint.id, { limit: 10, cursor: null })).items;
  t.equal(delivery?.state, 'succeeded');
  const attempts = delivery?.attempts ?? [];
  t.ok(attempts.length > 2, `${attempts.length} attempts`);
  t.ok(Date.parse(attempts.at(-1)?.at ?? '') >= started + HOUR, 'the last one after the hour');
  t.ok(
    attempts.length < sim.config.webhookMaxAttempts,
    'with attempts to spare (the shortest draws were simulated)',
  );
  t.ok(
    sim.sent.every((request) => request.headers['webhook-id'] === event?.id),
    'every attempt is the same message',
  );
});

t.test('a receiver that never comes back: failed after the last attempt', async (t) => {
  const sim = simulation(t, () => false);
  const endpoint = await sim.service.register(ACTOR, {
    url: 'http://receiver.test/hooks',
    description: '',
    events: ['policy.activated'],
  });
  await sim.service.emit('policy.activated', { policy_id: 'p1' });
  await sim.runAll();
  const [delivery] = (await sim.service.deliveries(endpoint.id, { limit: 10, cursor: null })).items;
  t.match(delivery, {
    state: 'failed',
    attempt_count: sim.config.webhookMaxAttempts,
    next_attempt_at: null,
  });
  t.equal(sim.sent.length, sim.config.webhookMaxAttempts);
  t.match(delivery?.attempts[0], { status_code: null, error: 'ECONNREFUSED' });
});

t.test('a redelivery makes an attempt queued before it stale', async (t) => {
  const sim = simulation(t, () => false);
  const endpoint = await sim.service.register(ACTOR, {
    url: 'http://receiver.test/hooks',
    description: '',
    events: ['job.failed'],
  });
  await sim.service.emit('job.failed', { job_id: 'j2' });
  const [first] = sim.queued.splice(0);
  const redelivered = await sim.service.redeliver(endpoint.id, first?.id ?? '');
  t.equal(redelivered.schedule_seq, 2);
  await sim.service.attempt(first?.id ?? '', first?.seq ?? 0);
  t.equal(sim.sent.length, 0, 'the stale attempt sent nothing');
  await sim.service.attempt(first?.id ?? '', 2);
  t.equal(sim.sent.length, 1, 'the current one did');
  await t.rejects(sim.service.redeliver(endpoint.id, 'no-such-delivery'), NotFoundError);
});

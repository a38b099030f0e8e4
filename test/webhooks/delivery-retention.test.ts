/**
 * WEBHOOK_DELIVERY_RETENTION_DAYS in the worker: a pass at start and then hourly, with the cutoff
 * taken from the injected clock; 0 never purges; a failed pass is reported and the next one runs;
 * stopping waits for a running pass. The timer is a hand-driven stand-in: no real waits.
 */
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import type { Repeat } from '../../src/store/redis/hourly-lease.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteWebhookStore } from '../../src/store/sqlite/webhook-store.js';
import { createWebhooks } from '../../src/webhooks/create-webhooks.js';
import type { WebhookDelivery } from '../../src/webhooks/events.js';
import { startDeliveryRetention } from '../../src/webhooks/retention.js';

const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 10, 2, 10, 0);

/** A clock the test moves, and a timer the test fires. */
function harness() {
  let now = START;
  let fire: (() => void) | null = null;
  let everyMs: number | null = null;
  let stopped = false;
  const repeat: Repeat = (pass, ms) => {
    fire = pass;
    everyMs = ms;
    return () => {
      stopped = true;
    };
  };
  return {
    clock: () => new Date(now),
    repeat,
    advance: (ms: number) => {
      now += ms;
    },
    tick: () => fire?.(),
    get everyMs() {
      return everyMs;
    },
    get stopped() {
      return stopped;
    },
  };
}

/** A store that records each cutoff and answers with the counts it is given. */
function recordingStore(answers: Array<number | Error>) {
  const cutoffs: string[] = [];
  return {
    cutoffs,
    async purgeDeliveries(before: Date) {
      cutoffs.push(before.toISOString());
      const answer = answers.shift() ?? 0;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

t.test('purges at start and then every hour, cutting off at the retention', async (t) => {
  const h = harness();
  const store = recordingStore([2, 0, 5]);
  const logged: Array<Record<string, unknown>> = [];
  const stop = startDeliveryRetention({
    store,
    retentionDays: 30,
    onError: (error) => t.fail(String(error)),
    log: { info: (details) => logged.push(details) },
    clock: h.clock,
    repeat: h.repeat,
  });
  await settle();
  t.same(store.cutoffs, [new Date(START - 30 * DAY_MS).toISOString()], 'one pass at start');
  t.equal(h.everyMs, 3_600_000, 'then hourly');
  h.advance(3_600_000);
  h.tick();
  await settle();
  h.advance(3_600_000);
  h.tick();
  await settle();
  t.same(store.cutoffs.slice(1), [
    new Date(START + 3_600_000 - 30 * DAY_MS).toISOString(),
    new Date(START + 7_200_000 - 30 * DAY_MS).toISOString(),
  ]);
  t.same(
    logged,
    [
      { deleted: 2, retention_days: 30 },
      { deleted: 5, retention_days: 30 },
    ],
    'a pass that deleted something says how many; one that did not is quiet',
  );
  await stop();
  t.ok(h.stopped, 'stop clears the timer');
});

t.test('0 days keeps every delivery: no pass, no timer', async (t) => {
  const h = harness();
  const store = recordingStore([]);
  const stop = startDeliveryRetention({
    store,
    retentionDays: 0,
    onError: (error) => t.fail(String(error)),
    clock: h.clock,
    repeat: h.repeat,
  });
  await settle();
  t.same(store.cutoffs, []);
  t.equal(h.everyMs, null);
  await stop();
});

t.test('a failed pass is reported and the next one still runs', async (t) => {
  const h = harness();
  const store = recordingStore([new Error('redis down'), 1]);
  const errors: unknown[] = [];
  const stop = startDeliveryRetention({
    store,
    retentionDays: 7,
    onError: (error) => errors.push(error),
    clock: h.clock,
    repeat: h.repeat,
  });
  await settle();
  t.match(errors, [{ message: 'redis down' }]);
  h.tick();
  await settle();
  t.equal(store.cutoffs.length, 2);
  t.equal(errors.length, 1);
  await stop();
});

t.test('a pass still running is not doubled, and stop waits for it', async (t) => {
  const h = harness();
  let finish: (count: number) => void = () => undefined;
  let calls = 0;
  const store = {
    purgeDeliveries: () => {
      calls++;
      return new Promise<number>((resolve) => {
        finish = resolve;
      });
    },
  };
  const stop = startDeliveryRetention({
    store,
    retentionDays: 30,
    onError: (error) => t.fail(String(error)),
    clock: h.clock,
    repeat: h.repeat,
  });
  h.tick();
  t.equal(calls, 1, 'the hour struck while the first pass ran: no second pass');
  let stoppedAfterPass = false;
  const stopping = stop().then(() => {
    stoppedAfterPass = true;
  });
  await settle();
  t.notOk(stoppedAfterPass, 'stop waits while the pass runs');
  finish(0);
  await stopping;
  t.ok(stoppedAfterPass);
});

const old = (id: string, state: WebhookDelivery['state']): WebhookDelivery => {
  // Years before any run of this test: past the default 30 days whatever the real date.
  const at = new Date(Date.UTC(2001, 0, 1)).toISOString();
  return {
    id,
    webhook_id: 'w',
    event_id: `msg_${id}`,
    event_type: 'job.completed',
    payload: '{}',
    state,
    attempt_count: 1,
    schedule_seq: 2,
    next_attempt_at: state === 'pending' ? new Date(Date.UTC(2100, 0, 1)).toISOString() : null,
    attempts: [],
    created_at: at,
    updated_at: at,
  };
};

async function workerWithOldLog(t: Tap, env: Record<string, string>) {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const store = new SqliteWebhookStore({ db });
  await store.createEndpoint({
    id: 'w',
    url: 'https://hooks.example.com/w',
    description: '',
    events: ['job.completed'],
    secret: 'whsec_c2VjcmV0',
    created_by: { sub: 'u-adam', name: 'Adam Admin' },
    created_at: new Date(Date.UTC(2001, 0, 1)).toISOString(),
  });
  await store.addDeliveries([old('done', 'succeeded'), old('gave-up', 'failed')]);
  await store.addDeliveries([old('retrying', 'pending')]);
  const logged: Array<Record<string, unknown>> = [];
  const webhooks = createWebhooks(loadConfig({ LOG_DIR: '', ...env }), db, (error) =>
    t.fail(String(error)),
  );
  webhooks.start({ info: (details) => logged.push(details) });
  // Closing waits for the pass that start began.
  await webhooks.close();
  const left = await store.listDeliveries('w', { limit: 10 });
  return { left: left.items.map((d) => d.id), logged };
}

type Tap = typeof t;

t.test('the worker purges the log with the default of 30 days, pending kept', async (t) => {
  const { left, logged } = await workerWithOldLog(t as unknown as Tap, {});
  t.same(left, ['retrying']);
  t.same(logged, [{ deleted: 2, retention_days: 30 }]);
});

t.test('WEBHOOK_DELIVERY_RETENTION_DAYS=0 keeps the whole log', async (t) => {
  const { left, logged } = await workerWithOldLog(t as unknown as Tap, {
    WEBHOOK_DELIVERY_RETENTION_DAYS: '0',
  });
  t.same(left, ['retrying', 'gave-up', 'done']);
  t.same(logged, []);
});

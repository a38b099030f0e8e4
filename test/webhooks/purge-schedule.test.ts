/**
 * Which processes run an hourly purge (webhook deliveries, documents): none when it is off, the one
 * process of the embedded mode on every pass, and in server mode one worker per period, the period
 * being named alike by every worker whatever minute its timer strikes, apart for each purge.
 */
import t from 'tap';
import { passSchedule, periodLeaseKey } from '../../src/store/redis/hourly-lease.js';

const HOUR_MS = 3_600_000;

t.test('the schedule follows whether the pass is on and whether the store is shared', async (t) => {
  t.equal(passSchedule({ enabled: false, sharedStore: false }), 'off');
  t.equal(passSchedule({ enabled: false, sharedStore: true }), 'off', 'nothing to take turns on');
  t.equal(passSchedule({ enabled: true, sharedStore: false }), 'every_pass');
  t.equal(passSchedule({ enabled: true, sharedStore: true }), 'one_worker_per_period');
});

t.test('one lease key per purge and period, counted from the epoch', async (t) => {
  const at = (hour: number, minute: number, second = 0) =>
    new Date(Date.UTC(2026, 10, 2, hour, minute, second));
  const key = (prefix: string, now: Date, periodMs?: number) =>
    periodLeaseKey(prefix, 'webhooks', now, periodMs);
  t.equal(
    key('p:', at(10, 0)),
    key('p:', at(10, 59, 59)),
    'two workers striking at different minutes of an hour name the same key',
  );
  t.not(key('p:', at(10, 59, 59)), key('p:', at(11, 0)), 'the next hour');
  t.equal(key('p:', at(10, 0)), `p:webhooks:purge-lease:${Date.UTC(2026, 10, 2, 10) / HOUR_MS}`);
  t.equal(
    key('p:', at(10, 0), 2 * HOUR_MS),
    key('p:', at(11, 30), 2 * HOUR_MS),
    'a longer period spans both hours',
  );
  t.not(key('a:', at(10, 0)), key('b:', at(10, 0)), 'deployments kept apart');
  t.not(
    key('p:', at(10, 0)),
    periodLeaseKey('p:', 'documents', at(10, 0)),
    'the document purge takes its own lease: holding one hour of one purge skips no other',
  );
});

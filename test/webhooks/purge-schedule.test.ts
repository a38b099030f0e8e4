/**
 * Which processes purge the webhook delivery log: none at 0 days, the one process of the embedded
 * mode on every pass, and in server mode one worker per period, the period being named alike by
 * every worker whatever minute its timer strikes.
 */
import t from 'tap';
import { purgeLeaseKey, purgeSchedule } from '../../src/webhooks/retention.js';

const HOUR_MS = 3_600_000;

t.test('the schedule follows the retention and whether the store is shared', async (t) => {
  t.equal(purgeSchedule({ retentionDays: 0, sharedStore: false }), 'off');
  t.equal(
    purgeSchedule({ retentionDays: 0, sharedStore: true }),
    'off',
    'nothing to take turns on',
  );
  t.equal(purgeSchedule({ retentionDays: 30, sharedStore: false }), 'every_pass');
  t.equal(purgeSchedule({ retentionDays: 30, sharedStore: true }), 'one_worker_per_period');
});

t.test('one lease key per period, counted from the epoch', async (t) => {
  const at = (hour: number, minute: number, second = 0) =>
    new Date(Date.UTC(2026, 10, 2, hour, minute, second));
  t.equal(
    purgeLeaseKey('p:', at(10, 0)),
    purgeLeaseKey('p:', at(10, 59, 59)),
    'two workers striking at different minutes of an hour name the same key',
  );
  t.not(purgeLeaseKey('p:', at(10, 59, 59)), purgeLeaseKey('p:', at(11, 0)), 'the next hour');
  t.equal(
    purgeLeaseKey('p:', at(10, 0)),
    `p:webhooks:purge-lease:${Date.UTC(2026, 10, 2, 10) / HOUR_MS}`,
  );
  t.equal(
    purgeLeaseKey('p:', at(10, 0), 2 * HOUR_MS),
    purgeLeaseKey('p:', at(11, 30), 2 * HOUR_MS),
    'a longer period spans both hours',
  );
  t.not(purgeLeaseKey('a:', at(10, 0)), purgeLeaseKey('b:', at(10, 0)), 'deployments kept apart');
});

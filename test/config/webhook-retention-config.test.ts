import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config.js';

const base = { LOG_DIR: '' };

t.test('WEBHOOK_DELIVERY_RETENTION_DAYS keeps the delivery log 30 days by default', async (t) => {
  t.equal(loadConfig(base).webhookDeliveryRetentionDays, 30);
  t.equal(
    loadConfig({ ...base, WEBHOOK_DELIVERY_RETENTION_DAYS: '' }).webhookDeliveryRetentionDays,
    30,
    'an empty value is the default, not "forever"',
  );
  t.equal(
    loadConfig({ ...base, WEBHOOK_DELIVERY_RETENTION_DAYS: '0' }).webhookDeliveryRetentionDays,
    0,
    '0 keeps deliveries forever',
  );
  t.equal(
    loadConfig({ ...base, WEBHOOK_DELIVERY_RETENTION_DAYS: '36500' }).webhookDeliveryRetentionDays,
    36_500,
  );
});

t.test(
  'WEBHOOK_DELIVERY_RETENTION_DAYS refuses what is not a whole number of days in range',
  async (t) => {
    for (const [value, message] of [
      ['-1', /WEBHOOK_DELIVERY_RETENTION_DAYS must be from 0 to 36500 .*got -1/],
      ['36501', /WEBHOOK_DELIVERY_RETENTION_DAYS must be from 0 to 36500 .*got 36501/],
      ['30d', /WEBHOOK_DELIVERY_RETENTION_DAYS must be a whole number, got "30d"/],
      ['1.5', /WEBHOOK_DELIVERY_RETENTION_DAYS must be a whole number/],
    ] as const) {
      t.throws(
        () => loadConfig({ ...base, WEBHOOK_DELIVERY_RETENTION_DAYS: value }),
        { constructor: ConfigError, message },
        value,
      );
    }
  },
);

/**
 * An override and its audit entry are written together or not at all, and only over the version
 * the reviewer read: in the embedded database by one transaction; with invoices and log in two
 * stores (Qdrant or SQLite beside Redis or SQLite) by a journal in the log's store, which a
 * restart finishes when a crash fell between the two writes.
 */
import t, { type Test } from 'tap';
import type { Caller, InvoiceRecord } from '../../src/domain/types.js';
import { PreconditionFailedError } from '../../src/errors.js';
import { applyOverride, type OverrideDeps } from '../../src/review/decision-override.js';
import {
  JournalledDecisionOverrides,
  type OverrideJournal,
  SqliteDecisionOverrides,
} from '../../src/store/decision-overrides.js';
import type { AuditLog, InvoiceStore, NewAuditEntry } from '../../src/store/ports.js';
import { RedisAuditLog } from '../../src/store/redis/audit-log.js';
import { RedisOverrideJournal } from '../../src/store/redis/override-journal.js';
import { SqliteAuditLog } from '../../src/store/sqlite/audit-log.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteOverrideJournal } from '../../src/store/sqlite/override-journal.js';
import { startRedisOrSkip } from '../helpers/redis.js';
import { makeRecord } from '../store/invoice-fixtures.js';

const FIONA: Caller = { sub: 'u-fiona', name: 'Fiona Finance', role: 'finance' };

function entry(id: string, reason: string): NewAuditEntry {
  return {
    actor_sub: FIONA.sub,
    actor_name: FIONA.name,
    actor_role: FIONA.role,
    action: 'invoice.override',
    target_type: 'invoice',
    target_id: id,
    request_id: `req-${reason}`,
    client_ip: '127.0.0.1',
    details: { reason },
  };
}

function database(t: Test) {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  return db;
}

const overridden = (record: InvoiceRecord, at: string, amount: number): InvoiceRecord => ({
  ...record,
  status: amount === record.total_minor ? 'fully_reimbursed' : 'partially_reimbursed',
  reimbursable_minor: amount,
  updated_at: at,
});

/** Two reviewers who read the same version: the first to write wins, the second gets 412. */
async function raceOfTwo(
  t: Test,
  invoices: InvoiceStore,
  overrides: OverrideDeps['overrides'],
  audit: AuditLog,
  record: InvoiceRecord,
) {
  // Both reads happen before either write, whatever the timing of the requests.
  const seen = await invoices.get(record.id);
  const deps = (reason: string): OverrideDeps => ({
    invoices: { get: async () => seen },
    overrides,
    auditEntry: (details) => ({ ...entry(record.id, reason), details: { ...details } }),
  });
  const change = (amount: number) => ({
    status: 'partially_reimbursed' as const,
    reimbursable_minor: amount,
    reason: `set to ${amount}`,
  });
  const first = await applyOverride(deps('first'), FIONA, record.id, change(40_000));
  t.equal(first.reimbursable_minor, 40_000);
  const second = applyOverride(deps('second'), FIONA, record.id, change(30_000));
  await t.rejects(second, PreconditionFailedError, 'the second writer is told, not overwritten');
  await t.rejects(second, { code: 'stale_invoice' });
  t.equal((await invoices.get(record.id))?.reimbursable_minor, 40_000, 'the first write stands');
  const logged = await audit.list({ action: 'invoice.override' }, { limit: 10 });
  t.same(
    logged.items.map((item) => item.request_id),
    ['req-first'],
    'one change, one audit entry',
  );
}

t.test('embedded: change and audit entry in one SQLite transaction', async (t) => {
  const db = database(t);
  const invoices = new SqliteInvoiceStore({ database: db });
  const audit = new SqliteAuditLog({ db });
  const overrides = new SqliteDecisionOverrides(invoices, audit);

  t.test('two reviewers from the same version, no If-Match: 412 for the second', async (t) => {
    const record = makeRecord({ file: 'race.pdf', total_minor: 50_000 });
    await invoices.upsert([record]);
    await raceOfTwo(t, invoices, overrides, audit, record);
  });

  t.test('an audit entry that cannot be written leaves the invoice as it was', async (t) => {
    const record = makeRecord({ file: 'atomic.pdf', total_minor: 50_000 });
    await invoices.upsert([record]);
    const broken = { ...entry(record.id, 'broken'), actor_sub: null as unknown as string };
    t.throws(() => audit.recordNow(broken), 'the log refuses the entry');
    await t.rejects(
      overrides.override(
        overridden(record, '2026-01-01T00:00:00.000Z', 100),
        record.updated_at,
        broken,
      ),
    );
    t.same(await invoices.get(record.id), record, 'nothing changed');
    t.equal(await overrides.override(record, 'an older version', entry(record.id, 'x')), 'stale');
    t.equal(
      await overrides.override(makeRecord({ file: 'missing.pdf' }), 'v', entry('missing', 'x')),
      'not_found',
    );
  });
});

/** The invoice store fails the next `upsert`: the process "dies" between the two writes. */
function failingOnce(store: SqliteInvoiceStore): { invoices: InvoiceStore; arm(): void } {
  let armed = false;
  const invoices = new Proxy(store, {
    get(target, property) {
      if (property === 'upsert')
        return async (records: InvoiceRecord[]) => {
          if (armed) {
            armed = false;
            throw new Error('killed between the journal and the invoice store');
          }
          return target.upsert(records);
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    invoices,
    arm: () => {
      armed = true;
    },
  };
}

async function journalled(t: Test, journal: OverrideJournal, audit: AuditLog) {
  // Invoices in a store of their own (as with Qdrant), apart from the journal and the log.
  const elsewhere = new SqliteInvoiceStore({ database: database(t) });
  const { invoices, arm } = failingOnce(elsewhere);
  const overrides = new JournalledDecisionOverrides(invoices, journal);

  const raced = makeRecord({ file: 'race.pdf', total_minor: 50_000 });
  await invoices.upsert([raced]);
  await raceOfTwo(t, invoices, overrides, audit, raced);
  t.same(await journal.pending(), [], 'nothing left pending after a whole write');

  const record = makeRecord({ file: 'crash.pdf', total_minor: 50_000 });
  await invoices.upsert([record]);
  const change = overridden(record, '2026-02-01T00:00:00.000Z', 20_000);
  arm();
  await t.rejects(overrides.override(change, record.updated_at, entry(record.id, 'crash')));
  t.equal((await invoices.get(record.id))?.reimbursable_minor, 50_000, 'the crash hit first');
  t.same(
    (await journal.pending()).map((r) => r.id),
    [record.id],
    'the logged change is pending',
  );
  t.equal(await overrides.recover(), 1, 'the next start finishes it');
  t.equal((await invoices.get(record.id))?.reimbursable_minor, 20_000);
  t.same(await journal.pending(), []);
  const logged = await audit.list({ target_id: record.id }, { limit: 10 });
  t.equal(logged.items.length, 1, 'logged once, written once');

  // Overridden again from the version now stored, then re-read by a job that rewrote it later:
  // a newer record (a re-analysis) is not mistaken for a stale one.
  const rewritten = { ...change, updated_at: '2026-03-01T00:00:00.000Z' };
  await invoices.upsert([rewritten]);
  t.equal(
    await overrides.override(
      overridden(rewritten, '2026-03-02T00:00:00.000Z', 10_000),
      rewritten.updated_at,
      entry(record.id, 'after-rewrite'),
    ),
    'saved',
  );
}

t.test('journal in SQLite, invoices elsewhere', async (t) => {
  const db = database(t);
  const audit = new SqliteAuditLog({ db });
  await journalled(t, new SqliteOverrideJournal(db, audit), audit);
});

t.test('journal in Redis (one script), invoices elsewhere', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const journal = new RedisOverrideJournal({ url: server.url });
  const audit = new RedisAuditLog({ url: server.url });
  t.teardown(async () => {
    await journal.close();
    await audit.close();
  });
  await journalled(t, journal, audit);
});

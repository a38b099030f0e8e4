/**
 * Records stored before employees had ids get one in the migration (invoices:3): the id a claim
 * filed by name alone gets, so caps and duplicate checks of later claims still find them.
 */
import t from 'tap';
import { applyMigrations, openDatabase } from '../../src/store/sqlite/database.js';
import { invoiceMigrations } from '../../src/store/sqlite/invoice-migrations.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { makeRecord } from '../store/invoice-fixtures.js';

t.test(
  'stored records get the name-derived employee id, in the column and the record',
  async (t) => {
    const db = openDatabase({
      file: ':memory:',
      migrations: invoiceMigrations.filter((m) => m.id !== 'invoices:3'),
    });
    t.teardown(() => db.close());
    const old = makeRecord({ employee_name: 'Rani  Sharma' });
    const { employee_id: _none, duplicate_of: _nothing, ...before } = { ...old };
    db.prepare(
      `INSERT INTO invoices (id, owner_sub, employee_key, status, category, invoice_date, currency, total_minor,
                           reimbursable_minor, job_id, file_sha256, created_at, updated_at, record)
     VALUES (?, ?, 'rani sharma', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      old.id,
      old.owner_sub,
      old.status,
      old.category,
      old.invoice_date,
      old.currency,
      old.total_minor,
      old.reimbursable_minor,
      old.job_id,
      old.file_sha256,
      old.created_at,
      old.updated_at,
      JSON.stringify(before),
    );
    applyMigrations(db, ALL_MIGRATIONS);
    const store = new SqliteInvoiceStore({ database: db });
    t.equal((await store.get(old.id))?.employee_id, 'name:rani sharma');
    const found = await store.list({ employee_id: 'name:rani sharma' }, { limit: 5 });
    t.same(
      found.items.map((r) => r.id),
      [old.id],
      'found by id, as a later claim by name looks for it',
    );
    t.same((await store.list({ employee_id: 'u-rani' }, { limit: 5 })).items, []);
    const [total] = await store.aggregate({}, []);
    t.equal(total?.count, 1, 'no copy among old records: every one is counted');
  },
);

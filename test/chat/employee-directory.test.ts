import t, { type Test } from 'tap';
import { ChatService } from '../../src/chat/chat-service.js';
import type { AggregateGroup, AggregateRow, InvoiceFilter } from '../../src/domain/types.js';
import { SqliteChatHistoryStore } from '../../src/store/sqlite/chat-history-store.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { makeRecord } from '../store/invoice-fixtures.js';
import { CHAT_OPTIONS, FINANCE, INVOICES, NOW, RANI } from './chat-fixtures.js';

/** Counts the employee listings (aggregates by employee) the chat asks the store for. */
class CountingStore extends SqliteInvoiceStore {
  listings: Array<string | undefined> = [];
  override async aggregate(
    filter: InvoiceFilter,
    groupBy: AggregateGroup[],
  ): Promise<AggregateRow[]> {
    if (
      groupBy.length === 1 &&
      groupBy[0] === 'employee' &&
      Object.keys(filter).every((key) => key === 'owner_sub')
    )
      this.listings.push(filter.owner_sub);
    return super.aggregate(filter, groupBy);
  }
}

async function setup(t: Test) {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const invoices = new CountingStore({ database: db });
  await invoices.upsert(Object.values(INVOICES));
  const service = new ChatService({
    invoices,
    history: new SqliteChatHistoryStore({ db }),
    options: CHAT_OPTIONS,
    clock: () => NOW,
  });
  return { invoices, service };
}

t.test(
  'employee names are listed once per scope and again only after new invoices arrive',
  async (t) => {
    const { invoices, service } = await setup(t);
    await service.ask(FINANCE, { query: 'invoices of Rani' });
    await service.ask(FINANCE, { query: 'invoices of Hardik' });
    t.same(invoices.listings, [undefined], 'one listing for finance');
    await service.ask(RANI, { query: 'my meal invoices' });
    t.same(invoices.listings, [undefined, RANI.sub], 'an employee has a listing of their own');

    const priya = makeRecord({
      file: 'Priya lunch.pdf',
      owner_sub: 'priya-1',
      employee_name: 'Priya Kumar',
      invoice_date: '2024-12-10',
      created_at: '2025-01-14T10:00:00Z',
    });
    await invoices.upsert([priya]);
    const answer = await service.ask(FINANCE, { query: 'show the invoices of priya' });
    t.same(
      answer.filters_applied,
      { employee: 'priya kumar' },
      'a name that just arrived is known, even lower-case and first name only',
    );
    t.same(
      answer.sources.map((source) => source.invoice_id),
      [priya.id],
    );
    await service.ask(RANI, { query: 'my meal invoices' });
    t.same(
      invoices.listings,
      [undefined, RANI.sub, undefined],
      "Priya's upload changes finance's scope, not Rani's",
    );
  },
);

t.test("an employee's listing holds only their own names", async (t) => {
  const { service } = await setup(t);
  const answer = await service.ask(RANI, { query: 'invoices of hardik' });
  t.same(answer.filters_applied, {}, 'a lower-case name of someone else is not even recognised');
  t.same(
    answer.sources.map((source) => source.employee),
    ['Rani Sharma', 'Rani Sharma', 'Rani Sharma'],
  );
});

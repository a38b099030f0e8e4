/**
 * Offline chat over the 18 real IAI invoices. The records are built from labels.csv (there is no
 * pipeline in this test): meals are Rani's, travel tickets Hardik's. Every expected count and sum
 * is computed here from the labels, so the answers are checked against the dataset, not against
 * numbers typed in by hand.
 */

import t from 'tap';
import type { ChatFilter } from '../../src/chat/language/plan.js';
import { formatMoney, scale } from '../../src/domain/money.js';
import type { InvoiceRecord } from '../../src/domain/types.js';
import { requireDataset } from '../helpers/datasets.js';
import { type IaiLabel, loadIaiLabels } from '../helpers/iai-dataset.js';
import { makeRecord } from '../store/invoice-fixtures.js';
import { FINANCE, HARDIK, openChat, RANI } from './chat-fixtures.js';

requireDataset('iai-2024');

const labels = await loadIaiLabels();
const inr = (minor: number) => formatMoney({ amount_minor: minor, currency: 'INR' });

function recordOf(label: IaiLabel, index: number): InvoiceRecord {
  const owner = label.category === 'meal' ? RANI : HARDIK;
  return makeRecord({
    file: label.file,
    owner_sub: owner.sub,
    employee_name: owner.name,
    category: label.category,
    invoice_number: label.invoice_ref,
    invoice_date: label.invoice_date,
    total_minor: label.total_minor,
    reimbursable_minor: label.expected_reimbursable_minor,
    status: label.expected_status,
    flags: label.expected_flags,
    reason: label.notes || `Decided ${label.expected_status.replace('_', ' ')}.`,
    created_at: new Date(Date.UTC(2025, 0, 1, 0, index)).toISOString(),
  });
}

const records = labels.map(recordOf);
const recordOfFile = new Map(records.map((record) => [record.file_name, record]));
const { service } = await openChat(t, { records, options: { sourcesLimit: 20 } });

const meal = (label: IaiLabel) => label.category === 'meal';
const travel = (label: IaiLabel) => label.category === 'travel';
const inMonth = (month: string) => (label: IaiLabel) => label.invoice_date.startsWith(month);

interface Expectation {
  query: string;
  filter: ChatFilter;
  /** The labels the question is about. */
  about: (label: IaiLabel) => boolean;
}

/** Questions whose answer states how many invoices match and their exact claimed and reimbursable sums. */
const COUNTED: Expectation[] = [
  {
    query: 'How many meal invoices does Rani have?',
    filter: { employee: 'rani sharma', category: ['meal'] },
    about: meal,
  },
  {
    query: "How much was reimbursed for Rani's meals?",
    filter: { employee: 'rani sharma', category: ['meal'] },
    about: meal,
  },
  {
    query: 'Total claimed by Hardik for bus tickets',
    filter: { employee: 'hardik patel', category: ['travel'] },
    about: travel,
  },
  {
    query: 'partially reimbursed meals in December',
    filter: {
      status: ['partially_reimbursed'],
      category: ['meal'],
      date_from: '2024-12-01',
      date_to: '2024-12-31',
    },
    about: (label) => meal(label) && label.expected_status === 'partially_reimbursed',
  },
  {
    query: 'Which invoices were reimbursed in full?',
    filter: { status: ['fully_reimbursed'] },
    about: (label) => label.expected_status === 'fully_reimbursed',
  },
  {
    query: 'meal bills with alcohol',
    filter: { category: ['meal'], flags: ['alcohol'] },
    about: (label) => meal(label) && label.expected_flags.includes('alcohol'),
  },
  {
    query: 'how many possible duplicates are there?',
    filter: { flags: ['possible_duplicate'] },
    about: (label) => label.expected_flags.includes('possible_duplicate'),
  },
  {
    query: 'travel invoices in August 2024',
    filter: { category: ['travel'], date_from: '2024-08-01', date_to: '2024-08-31' },
    about: (label) => travel(label) && inMonth('2024-08')(label),
  },
  {
    query: 'invoices over ₹5000',
    filter: { amount_min_minor: 500_001 },
    about: (label) => label.total_minor > 500_000,
  },
  {
    query: 'meals under 100 rupees',
    filter: { category: ['meal'], amount_max_minor: 9_999 },
    about: (label) => meal(label) && label.total_minor < 10_000,
  },
  {
    query: 'invoices between 2000 and 2100',
    filter: { amount_min_minor: 200_000, amount_max_minor: 210_000 },
    about: (label) => label.total_minor >= 200_000 && label.total_minor <= 210_000,
  },
  {
    query: "Hardik's trips from May to July 2024",
    filter: {
      employee: 'hardik patel',
      category: ['travel'],
      date_from: '2024-05-01',
      date_to: '2024-07-31',
    },
    about: (label) =>
      travel(label) && label.invoice_date >= '2024-05-01' && label.invoice_date <= '2024-07-31',
  },
];

t.test('counts and sums match labels.csv', async (t) => {
  for (const { query, filter, about } of COUNTED) {
    const expected = labels.filter(about);
    t.ok(expected.length > 0, `${query}: the labels have matches`);
    const answer = await service.ask(FINANCE, { query });
    t.same(answer.filters_applied, filter, `${query}: filters`);
    const claimed = expected.reduce((sum, label) => sum + label.total_minor, 0);
    const reimbursable = expected.reduce(
      (sum, label) => sum + label.expected_reimbursable_minor,
      0,
    );
    t.match(
      answer.answer,
      `**${expected.length} invoice${expected.length === 1 ? '' : 's'}**`,
      `${query}: count`,
    );
    t.match(answer.answer, inr(claimed), `${query}: claimed ${inr(claimed)}`);
    t.match(answer.answer, inr(reimbursable), `${query}: reimbursable ${inr(reimbursable)}`);
    t.same(
      answer.sources.map((source) => source.file).sort(),
      expected.map((label) => label.file).sort(),
      `${query}: cites exactly the matching invoices`,
    );
  }
});

t.test('the average is the exact sum over the count, rounded half up', async (t) => {
  const tickets = labels.filter(travel);
  const answer = await service.ask(FINANCE, { query: 'average reimbursed per travel invoice' });
  t.same(answer.filters_applied, { category: ['travel'] });
  const reimbursable = tickets.reduce((sum, label) => sum + label.expected_reimbursable_minor, 0);
  const claimed = tickets.reduce((sum, label) => sum + label.total_minor, 0);
  t.match(
    answer.answer,
    `over ${tickets.length} invoices (travel invoices): claimed **${inr(scale(claimed, 1, tickets.length))}**, reimbursable **${inr(scale(reimbursable, 1, tickets.length))}**`,
  );
});

t.test('monthly totals follow the labels month by month', async (t) => {
  const answer = await service.ask(FINANCE, { query: 'total per month in 2024' });
  t.same(answer.filters_applied, { date_from: '2024-01-01', date_to: '2024-12-31' });
  const months = [...new Set(labels.map((label) => label.invoice_date.slice(0, 7)))].sort();
  for (const month of months) {
    const inThatMonth = labels.filter(inMonth(month));
    const claimed = inThatMonth.reduce((sum, label) => sum + label.total_minor, 0);
    const reimbursable = inThatMonth.reduce(
      (sum, label) => sum + label.expected_reimbursable_minor,
      0,
    );
    t.match(
      answer.answer,
      `| ${month} | ${inThatMonth.length} | ${inr(claimed)} | ${inr(reimbursable)} |`,
      month,
    );
  }
});

t.test('nothing in the dataset was declined, and the chat says so', async (t) => {
  t.equal(labels.filter((label) => label.expected_status === 'declined').length, 0);
  const answer = await service.ask(FINANCE, { query: 'declined invoices of Rani' });
  t.equal(answer.answer, 'No invoices match: declined invoices of Rani Sharma.');
});

t.test(
  'explanations name the invoice asked about, by file name, invoice number or ticket number',
  async (t) => {
    const book6 = recordOfFile.get('Travel Bill/Book 6 (1).pdf');
    const explained = await service.ask(FINANCE, {
      query: 'Why was Book 6 (1).pdf fully reimbursed?',
    });
    t.same(
      explained.sources.map((source) => source.invoice_id),
      [book6?.id],
    );
    t.match(
      explained.answer,
      `: fully reimbursed\nHardik Patel, travel, dated 2024-08-17. Claimed ${inr(200_000)}; reimbursable ${inr(200_000)}.`,
    );
    t.match(explained.answer, '**Why:** exactly at the cap');

    const byNumber = await service.ask(FINANCE, { query: 'explain invoice #3789' });
    t.same(
      byNumber.sources.map((source) => source.file),
      ['Meal Invoice 1.pdf'],
    );

    const sameTicket = labels
      .filter((label) => label.invoice_ref === 'GM7QSXU1SR5S1SJ8')
      .map((label) => label.file);
    const byTicket = await service.ask(FINANCE, { query: 'show ticket GM7QSXU1SR5S1SJ8' });
    t.same(
      byTicket.sources.map((source) => source.file).sort(),
      sameTicket.sort(),
      'both invoices of a reused ticket number',
    );
  },
);

t.test('follow-ups in one session', async (t) => {
  const first = await service.ask(FINANCE, { query: 'meals of Rani on 2024-12-13' });
  const sameDay = labels.filter((label) => meal(label) && label.invoice_date === '2024-12-13');
  t.match(first.answer, `**${sameDay.length} invoices**`);
  const travelToo = await service.ask(FINANCE, {
    query: 'what about travel in August 2024?',
    session_id: first.session_id,
  });
  t.same(travelToo.filters_applied, {
    employee: 'rani sharma',
    category: ['travel'],
    date_from: '2024-08-01',
    date_to: '2024-08-31',
  });
  t.match(travelToo.answer, /^No invoices match/, 'Rani has no travel');
  const hardik = await service.ask(FINANCE, {
    query: 'and for Hardik?',
    session_id: first.session_id,
  });
  t.equal(
    hardik.sources.length,
    labels.filter((label) => travel(label) && inMonth('2024-08')(label)).length,
  );
});

t.test('an employee asking about the whole dataset gets their own part only', async (t) => {
  const answer = await service.ask(RANI, { query: 'how much was reimbursed in total?' });
  const own = labels.filter(meal);
  t.match(
    answer.answer,
    `Across **${own.length} invoices**: claimed **${inr(own.reduce((sum, label) => sum + label.total_minor, 0))}**`,
  );
});

import t from 'tap';
import { type ChatFilter, type ChatPlan, planQuestion } from '../../src/chat/language/plan.js';

/** Wednesday 15 January 2025: "last month" is December 2024, "last week" is 6–12 January. */
const TODAY = '2025-01-15';
const EMPLOYEES = ['Rani Sharma', 'Hardik Patel', 'José Álvarez'];

const plan = (question: string, previous?: ChatPlan): ChatPlan =>
  planQuestion(question, { employees: EMPLOYEES, today: TODAY, ...(previous ? { previous } : {}) });
const list = (filter: ChatFilter, extra: Partial<ChatPlan> = {}): ChatPlan => ({
  intent: 'list',
  filter,
  group_by: [],
  limit: 20,
  ...extra,
});
const aggregate = (filter: ChatFilter, extra: Partial<ChatPlan> = {}): ChatPlan => ({
  intent: 'aggregate',
  filter,
  group_by: [],
  limit: 20,
  measure: 'sum',
  ...extra,
});
const explain = (filter: ChatFilter, extra: Partial<ChatPlan> = {}): ChatPlan => ({
  intent: 'explain',
  filter,
  group_by: [],
  limit: 5,
  ...extra,
});
const declined = (intent: 'greeting' | 'out_of_scope'): ChatPlan => ({
  intent,
  filter: {},
  group_by: [],
  limit: 0,
});
const DECEMBER = { date_from: '2024-12-01', date_to: '2024-12-31' };

const TABLE: ReadonlyArray<readonly [string, ChatPlan]> = [
  // employees: full, first, last name, case, accents, possessives, typos, unknown names
  [
    'declined meal invoices of Rani in December',
    list({ employee: 'Rani Sharma', status: ['declined'], category: ['meal'], ...DECEMBER }),
  ],
  ["Rani's invoices", list({ employee: 'Rani Sharma' })],
  ['RANI SHARMA’S bills', list({ employee: 'Rani Sharma' })],
  ['invoices of patel', list({ employee: 'Hardik Patel' })],
  [
    "jose's taxi rides in 2024",
    list({
      employee: 'José Álvarez',
      category: ['cab'],
      date_from: '2024-01-01',
      date_to: '2024-12-31',
    }),
  ],
  ['invoices of ALVAREZ', list({ employee: 'José Álvarez' })],
  ["hardick's bills", list({ employee: 'Hardik Patel' })],
  ["Priya's invoices", list({ employee: 'Priya' })],
  ['show the receipts of Priya Kumar', list({ employee: 'Priya Kumar' })],
  ['how many invoices does Priya have?', aggregate({ employee: 'Priya' }, { measure: 'count' })],
  ['what did Priya Kumar claim in December 2024?', list({ employee: 'Priya Kumar', ...DECEMBER })],
  // statuses and synonyms
  ['rejected claims', list({ status: ['declined'] })],
  ['refused invoices', list({ status: ['declined'] })],
  ['invoices that were not reimbursed', list({ status: ['declined'] })],
  ['partly reimbursed bills', list({ status: ['partially_reimbursed'] })],
  ['capped invoices', list({ status: ['partially_reimbursed'] })],
  ['invoices approved in full', list({ status: ['fully_reimbursed'] })],
  ['fully reimbursed travel', list({ status: ['fully_reimbursed'], category: ['travel'] })],
  ['invoices not fully reimbursed', list({ status: ['partially_reimbursed', 'declined'] })],
  ['approved invoices', list({ status: ['fully_reimbursed', 'partially_reimbursed'] })],
  // categories and synonyms
  ['food bills', list({ category: ['meal'] })],
  ['restaurant and dinner invoices', list({ category: ['meal'] })],
  ['train and flight tickets', list({ category: ['travel'] })],
  ['bus trips', list({ category: ['travel'] })],
  ['uber receipts', list({ category: ['cab'] })],
  ['hotel stays', list({ category: ['accommodation'] })],
  ['accommodation and taxi invoices', list({ category: ['cab', 'accommodation'] })],
  // months, years and explicit dates
  ['invoices in December', list(DECEMBER)],
  ['invoices from Dec 2024', list(DECEMBER)],
  ['invoices of december 2023', list({ date_from: '2023-12-01', date_to: '2023-12-31' })],
  ['invoices in January', list({ date_from: '2025-01-01', date_to: '2025-01-31' })],
  ['invoices in 2024', list({ date_from: '2024-01-01', date_to: '2024-12-31' })],
  [
    'meals in December in 2023',
    list({ category: ['meal'], date_from: '2023-12-01', date_to: '2023-12-31' }),
  ],
  ['invoices from October to December', list({ date_from: '2024-10-01', date_to: '2024-12-31' })],
  ['invoices from October to 2024-12-15', list({ date_from: '2024-10-01', date_to: '2024-12-15' })],
  [
    "what rules were applied to Rani's December meals",
    explain({
      employee: 'Rani Sharma',
      category: ['meal'],
      date_from: '2024-12-01',
      date_to: '2024-12-31',
    }),
  ],
  ['invoices since 3 Dec', list({ date_from: '2024-12-03' })],
  ['invoices dated 2024-12-03', list({ date_from: '2024-12-03', date_to: '2024-12-03' })],
  ['invoices on 3 December 2024', list({ date_from: '2024-12-03', date_to: '2024-12-03' })],
  ['meals before December', list({ category: ['meal'], date_to: '2024-11-30' })],
  ['meals after November 2024', list({ category: ['meal'], date_from: '2024-12-01' })],
  ['invoices until 2024-11', list({ date_to: '2024-11-30' })],
  [
    'how many declined in May',
    aggregate(
      { status: ['declined'], date_from: '2024-05-01', date_to: '2024-05-31' },
      { measure: 'count' },
    ),
  ],
  ['may I see the invoices', list({})],
  // relative dates
  ['invoices last month', list(DECEMBER)],
  ['invoices this month', list({ date_from: '2025-01-01', date_to: TODAY })],
  ['invoices last week', list({ date_from: '2025-01-06', date_to: '2025-01-12' })],
  ['invoices this week', list({ date_from: '2025-01-13', date_to: TODAY })],
  ['invoices yesterday', list({ date_from: '2025-01-14', date_to: '2025-01-14' })],
  ['invoices today', list({ date_from: TODAY, date_to: TODAY })],
  ['invoices this year', list({ date_from: '2025-01-01', date_to: TODAY })],
  ['invoices last year', list({ date_from: '2024-01-01', date_to: '2024-12-31' })],
  ['invoices in the last 30 days', list({ date_from: '2024-12-16', date_to: TODAY })],
  ['invoices of the past 2 weeks', list({ date_from: '2025-01-01', date_to: TODAY })],
  ['invoices of the last 3 months', list({ date_from: '2024-10-15', date_to: TODAY })],
  ['invoices last quarter', list({ date_from: '2024-10-01', date_to: '2024-12-31' })],
  ['total reimbursed in Q4 2024', aggregate({ date_from: '2024-10-01', date_to: '2024-12-31' })],
  [
    'invoices of the third quarter of 2024',
    list({ date_from: '2024-07-01', date_to: '2024-09-30' }),
  ],
  ['invoices in q2', list({ date_from: '2024-04-01', date_to: '2024-06-30' })],
  // amounts, in minor units, inclusive bounds
  ['invoices over ₹500', list({ amount_min_minor: 50_001 })],
  ['invoices more than 1000', list({ amount_min_minor: 100_001 })],
  ['invoices of at least Rs. 1,000', list({ amount_min_minor: 100_000 })],
  ['invoices under 200', list({ amount_max_minor: 19_999 })],
  ['invoices up to 2k', list({ amount_max_minor: 200_000 })],
  ['claims above 1.5 lakh', list({ amount_min_minor: 15_000_001 })],
  ['invoices between 100 and 500', list({ amount_min_minor: 10_000, amount_max_minor: 50_000 })],
  ['invoices between ₹500 and ₹100', list({ amount_min_minor: 10_000, amount_max_minor: 50_000 })],
  ['invoices of exactly 88.50 INR', list({ amount_min_minor: 8_850, amount_max_minor: 8_850 })],
  [
    'invoices over 500 in the last 30 days',
    list({ amount_min_minor: 50_001, date_from: '2024-12-16', date_to: TODAY }),
  ],
  // flags
  ['duplicates', list({ flags: ['possible_duplicate'] })],
  ['invoices with the same ticket number', list({ flags: ['possible_duplicate'] })],
  ['invoices with alcohol', list({ flags: ['alcohol'] })],
  ['whisky on meal bills', list({ category: ['meal'], flags: ['alcohol'] })],
  ['late submissions', list({ flags: ['late_submission'] })],
  ['invoices with a name mismatch', list({ flags: ['name_mismatch'] })],
  ['receipts without a currency', list({ flags: ['currency_inferred'] })],
  [
    'meal bills whose currency was inferred',
    list({ category: ['meal'], flags: ['currency_inferred'] }),
  ],
  ['scanned receipts', list({ flags: ['ocr'] })],
  // aggregates
  [
    'how much did Hardik claim for travel last month',
    aggregate({ employee: 'Hardik Patel', category: ['travel'], ...DECEMBER }),
  ],
  ['total reimbursed for meals', aggregate({ category: ['meal'] })],
  ['sum of declined invoices', aggregate({ status: ['declined'] })],
  ['how many invoices were declined', aggregate({ status: ['declined'] }, { measure: 'count' })],
  [
    'count of duplicates by employee',
    aggregate({ flags: ['possible_duplicate'] }, { measure: 'count', group_by: ['employee'] }),
  ],
  ['average meal claim', aggregate({ category: ['meal'] }, { measure: 'average' })],
  ['total per category', aggregate({}, { group_by: ['category'] })],
  [
    'how much by employee per month in 2024',
    aggregate(
      { date_from: '2024-01-01', date_to: '2024-12-31' },
      { group_by: ['employee', 'month'] },
    ),
  ],
  ['monthly totals by status', aggregate({}, { group_by: ['month', 'status'] })],
  ['who spent the most on food', aggregate({ category: ['meal'] }, { group_by: ['employee'] })],
  // explain
  ['Why was Ticket 2 declined?', explain({}, { invoice_ref: 'Ticket 2' })],
  [
    "why was Rani's Dinner Invoice 3 capped",
    explain({ employee: 'Rani Sharma' }, { invoice_ref: 'Dinner Invoice 3' }),
  ],
  ['explain invoice #4102', explain({}, { invoice_ref: 'invoice #4102' })],
  [
    'why was ticket BT-7740-2291-B partially reimbursed',
    explain({}, { invoice_ref: 'ticket BT-7740-2291-B' }),
  ],
  ['why was Ticket 6 (1).pdf approved', explain({}, { invoice_ref: 'Ticket 6 (1).pdf' })],
  ['explain "Site Visit Form 1"', explain({}, { invoice_ref: 'Site Visit Form 1' })],
  // A name is read by its capitals, whatever its words: no list of document names is kept.
  ['Why was Site Visit Form 12 declined?', explain({}, { invoice_ref: 'Site Visit Form 12' })],
  ['why was Parking Slip 4 (1) capped', explain({}, { invoice_ref: 'Parking Slip 4 (1)' })],
  ['why was receipt 12 declined', explain({}, { invoice_ref: 'receipt 12' })],
  [
    'why were the meal invoices of Rani declined',
    explain({ employee: 'Rani Sharma', status: ['declined'], category: ['meal'] }),
  ],
  [
    'why was the coastal kitchen dinner only partly reimbursed?',
    explain(
      { status: ['partially_reimbursed'], category: ['meal'] },
      { subject: 'coastal kitchen' },
    ),
  ],
  [
    'why was the Saffron Table bill declined?',
    explain({ status: ['declined'] }, { subject: 'Saffron Table' }),
  ],
  [
    'why did Hardik’s tickets get capped?',
    explain({ employee: 'Hardik Patel', status: ['partially_reimbursed'], category: ['travel'] }),
  ],
  // lists with an invoice, a limit, an order, free text
  ['show Ticket 6 (1).pdf', list({}, { invoice_ref: 'Ticket 6 (1).pdf' })],
  ['top 5 biggest invoices', list({}, { limit: 5, sort: 'amount_desc' })],
  // A superlative without a number or a plural asks for one invoice.
  ['What is the largest single claim?', list({}, { limit: 1, sort: 'amount_desc' })],
  ['the cheapest taxi', list({ category: ['cab'] }, { limit: 1, sort: 'amount_asc' })],
  ['the biggest meal invoices', list({ category: ['meal'] }, { sort: 'amount_desc' })],
  ['the 3 cheapest meals', list({ category: ['meal'] }, { limit: 3, sort: 'amount_asc' })],
  ['last 3 invoices', list({}, { limit: 3 })],
  ['invoices mentioning pulao', list({}, { text: 'pulao' })],
  [
    'dinners at Lotus Courtyard in December',
    list({ category: ['meal'], ...DECEMBER }, { text: 'Lotus Courtyard' }),
  ],
  ['invoices containing "whole wheat"', list({}, { text: 'whole wheat' })],
  // greetings and questions outside the invoices
  ['hi', declined('greeting')],
  ['Thanks!', declined('greeting')],
  ['what can you do?', declined('greeting')],
  ["what's the weather like in Pune?", declined('out_of_scope')],
  ['write me a poem about my declined invoices', declined('out_of_scope')],
  ['tell me a joke', declined('out_of_scope')],
  ['what is the capital of France', declined('out_of_scope')],
  ['what is the meaning of life', declined('out_of_scope')],
];

t.test('questions become plans', async (t) => {
  for (const [question, expected] of TABLE) t.same(plan(question), expected, question);
});

t.test('a plan has no keys the question did not fill', async (t) => {
  t.strictSame(plan('declined meals'), list({ status: ['declined'], category: ['meal'] }));
});

t.test('follow-ups keep the previous filters and replace what they name', async (t) => {
  const first = plan('declined meal invoices of Rani in December');
  const hardik = plan('and for Hardik?', first);
  t.same(
    hardik,
    list({ employee: 'Hardik Patel', status: ['declined'], category: ['meal'], ...DECEMBER }),
  );
  const travel = plan('what about travel?', hardik);
  t.same(
    travel,
    list({ employee: 'Hardik Patel', status: ['declined'], category: ['travel'], ...DECEMBER }),
  );
  const november = plan('and in November?', travel);
  t.same(november.filter, {
    employee: 'Hardik Patel',
    status: ['declined'],
    category: ['travel'],
    date_from: '2024-11-01',
    date_to: '2024-11-30',
  });
  t.same(
    plan('what about Priya?', first).filter.employee,
    'Priya',
    'an unknown name replaces the employee and will match nothing',
  );
});

t.test('follow-ups change what is done with the same invoices', async (t) => {
  const first = plan('declined meal invoices of Rani in December');
  const count = plan('how many?', first);
  t.same(count, aggregate(first.filter, { measure: 'count' }));
  const byMonth = plan('by month', count);
  t.same(byMonth, aggregate(first.filter, { measure: 'count', group_by: ['month'] }));
  t.same(plan('why?', byMonth), explain(first.filter));
  t.same(plan('show them', count), list(first.filter));
  t.same(plan('only the partially reimbursed ones', first).filter.status, ['partially_reimbursed']);
  const total = plan('how much did Rani spend on meals');
  t.same(plan('and Hardik?', total), aggregate({ employee: 'Hardik Patel', category: ['meal'] }));
});

t.test('a named invoice in a follow-up is found by its name alone', async (t) => {
  const first = plan('declined meal invoices of Rani in December');
  t.same(plan('and Ticket 3?', plan('why?', first)), explain({}, { invoice_ref: 'Ticket 3' }));
  const book = plan('Why was Ticket 2 declined?');
  t.same(plan('show it', book), list({}, { invoice_ref: 'Ticket 2' }));
});

t.test('a new question does not inherit the previous filters', async (t) => {
  const first = plan('declined meal invoices of Rani in December');
  t.same(
    plan('travel invoices of Hardik', first),
    list({ employee: 'Hardik Patel', category: ['travel'] }),
  );
  t.same(plan('thanks', first), declined('greeting'));
  t.same(plan('write a poem', first), declined('out_of_scope'));
  t.same(
    plan('and for Hardik?', declined('out_of_scope')),
    list({ employee: 'Hardik Patel' }),
    'no follow-up of a declined question',
  );
});

t.test('words inside other words are not read', async (t) => {
  t.same(
    plan('declined invoices').filter,
    { status: ['declined'] },
    '"dec" in "declined" is no month',
  );
  t.same(plan('mayonnaise invoices').filter, {}, '"may" in "mayonnaise" is no month');
  t.same(plan('invoices of the latest submission').filter, {}, '"late" in "latest" is no flag');
  t.same(
    plan('3 invoices over 500').filter,
    { amount_min_minor: 50_001 },
    'a count of invoices is no amount',
  );
  t.same(
    plan('invoices over 500 in the last 30 days').filter.amount_min_minor,
    50_001,
    'a duration is no amount',
  );
});

t.test('a month not yet reached this year is last year’s', async (t) => {
  const inMarch = planQuestion('invoices in December', { employees: [], today: '2025-03-02' });
  t.same(inMarch.filter, DECEMBER);
  const inDecember = planQuestion('invoices in December', { employees: [], today: '2024-12-20' });
  t.same(inDecember.filter, DECEMBER);
  const lastMonthInJanuary = planQuestion('invoices last month', {
    employees: [],
    today: '2024-01-31',
  });
  t.same(lastMonthInJanuary.filter, { date_from: '2023-12-01', date_to: '2023-12-31' });
});

t.test('limits are capped and a bad today is refused', async (t) => {
  t.equal(plan('top 500 invoices').limit, 100);
  t.throws(
    () => planQuestion('invoices last month', { employees: [], today: '15/01/2025' }),
    RangeError,
  );
});

t.test('ambiguous first names go to the employee listed first; a full name decides', async (t) => {
  const employees = ['Rani Sharma', 'Rani Iyer'];
  t.equal(
    planQuestion('invoices of Rani', { employees, today: TODAY }).filter.employee,
    'Rani Sharma',
  );
  t.equal(
    planQuestion('invoices of Rani Iyer', { employees, today: TODAY }).filter.employee,
    'Rani Iyer',
  );
});

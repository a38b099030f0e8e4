import t from 'tap';
import {
  daysBetween,
  findDates,
  isIsoDate,
  listNames,
  nameSimilarity,
  namesMatch,
  normalizeEmployeeKey,
  parseDate,
} from '../../src/domain/text.js';

t.test('the employee key ignores case, accents, punctuation and extra spaces', async (t) => {
  t.equal(normalizeEmployeeKey('  José   ÁLVAREZ-Núñez '), 'jose alvarez nunez');
  t.equal(normalizeEmployeeKey('Avinash\tKumar'), 'avinash kumar');
  t.equal(normalizeEmployeeKey('ＡＶＩＮＡＳＨ'), 'avinash', 'full-width letters fold too (NFKD)');
  t.equal(
    normalizeEmployeeKey('अविनाश  कुमार'),
    'अविनाश कुमार',
    'vowel signs of Indic scripts are kept',
  );
});

t.test('names match across typos, initials and partial names, not across people', async (t) => {
  t.ok(namesMatch('hardhik', 'Hardik'));
  t.ok(namesMatch('Shivam M', 'Shivam Mehta'));
  t.ok(namesMatch('Sushma', 'Sushma Rao'));
  t.ok(namesMatch('ÁVINASH', 'avinash'));
  t.notOk(namesMatch('Rani', 'Ravi Kumar'));
  t.notOk(namesMatch('Kumar', 'Sachin'));
  t.equal(nameSimilarity('', 'Sachin'), 0);
  t.equal(nameSimilarity('Avinash', 'Avinash'), 1);
});

t.test('dates in many printed formats become YYYY-MM-DD, day first by default', async (t) => {
  const cases: Array<[string, string]> = [
    ['03/12/2024', '2024-12-03'],
    ['03-12-2024', '2024-12-03'],
    ['03.12.24', '2024-12-03'],
    ['12/25/2024', '2024-12-25'],
    ['Dec 3, 2024', '2024-12-03'],
    ['December 3rd, 2024', '2024-12-03'],
    ['Sept 5, 2024', '2024-09-05'],
    ['3-Dec-2024', '2024-12-03'],
    ['2024-12-03', '2024-12-03'],
    ['2024/12/03', '2024-12-03'],
    ['25 Jul 2024', '2024-07-25'],
    ['Thu, 25 Jul 2024', '2024-07-25'],
    ['25th July 2024', '2024-07-25'],
    ['5 May, 2024', '2024-05-05'],
    ['Date: Dec 3, 2024 20:22', '2024-12-03'],
    ['BangaloreToSurat25 Jul 2024 \tTicket no', '2024-07-25'],
  ];
  for (const [text, iso] of cases) t.equal(parseDate(text), iso, text);
  t.equal(parseDate('03/12/2024', { dayFirst: false }), '2024-03-12');
  t.equal(parseDate('31/02/2024'), null, 'no 31 February');
  t.equal(parseDate('29 Feb 2023'), null);
  t.equal(parseDate('29 Feb 2024'), '2024-02-29');
  t.equal(parseDate('no date here 12345'), null);
});

t.test('finds every date in order with its position', async (t) => {
  const found = findDates('postpone till 25 Jul 2024 13:12, dropping 24 Jun 2024');
  t.same(
    found.map((d) => d.iso),
    ['2024-07-25', '2024-06-24'],
  );
  t.equal(found[0]?.raw, '25 Jul 2024');
  t.equal(found[0]?.index, 14);
});

t.test('day arithmetic and ISO checks', async (t) => {
  t.equal(daysBetween('2024-12-03', '2025-01-02'), 30);
  t.equal(daysBetween('2024-03-30', '2024-03-31'), 1);
  t.equal(daysBetween('2024-12-03', '2024-12-01'), -2);
  t.ok(isIsoDate('2024-02-29'));
  t.notOk(isIsoDate('2023-02-29'));
  t.notOk(isIsoDate('2024-2-9'));
});

t.test('lists names briefly', async (t) => {
  t.equal(listNames(['a']), 'a');
  t.equal(listNames(['a', 'b', 'a']), 'a and b');
  t.equal(listNames(['a', 'b', 'c', 'd', 'e']), 'a, b and 3 more');
});

import t from 'tap';
import {
  type DateOrder,
  findDates,
  orderEvidence,
  pageDateOrders,
} from '../../../../src/ai/offline/reading/dates.js';
import { readable } from '../../../../src/ai/offline/reading/normalize.js';

function isoDates(text: string, order: DateOrder = 'dmy'): string[] {
  return findDates(readable(text), order).map((hit) => hit.iso);
}

t.test('month names in six languages, full and abbreviated, accents or not', async (t) => {
  const cases: Array<[string, string]> = [
    ['August 3, 2014', '2014-08-03'],
    ['August 3 , 2014', '2014-08-03'],
    ['Aug. 3rd 2014', '2014-08-03'],
    ['3rd of May 2024', '2024-05-03'],
    ['Feb 17, 2026', '2026-02-17'],
    ['28 Jan 15', '2015-01-28'],
    ['03-AUG-24', '2024-08-03'],
    ['05OCT26', '2026-10-05'],
    ['11. Juli 2014', '2014-07-11'],
    ['3. Mär 2024', '2024-03-03'],
    ['3. März 2024', '2024-03-03'],
    ['3. Maerz 2024', '2024-03-03'],
    ['1. Okt. 2024', '2024-10-01'],
    ['24. Dez 2023', '2023-12-24'],
    ['3 août 2024', '2024-08-03'],
    ['3 aout 2024', '2024-08-03'],
    ['1er octobre 2023', '2023-10-01'],
    ['12 févr. 2024', '2024-02-12'],
    ['5 déc 2024', '2024-12-05'],
    ['29 oktober 2015', '2015-10-29'],
    ['3 mei 2024', '2024-05-03'],
    ['14 mrt 2024', '2024-03-14'],
    ['3 de agosto de 2024', '2024-08-03'],
    ['15 dic 2024', '2024-12-15'],
    ['7 ene. 2024', '2024-01-07'],
    ['3 settembre 2024', '2024-09-03'],
    ['3 giu 2024', '2024-06-03'],
    ['21 gennaio 2025', '2025-01-21'],
  ];
  for (const [printed, iso] of cases) t.same(isoDates(`Datum ${printed}`), [iso], printed);
});

t.test('Japanese dates: calendar, eras, full-width digits', async (t) => {
  t.same(isoDates('発行日 2024年12月5日'), ['2024-12-05']);
  t.same(isoDates('２０２４年１２月５日'), ['2024-12-05']);
  t.same(isoDates('令和6年12月5日'), ['2024-12-05'], '令和6年 is 2024');
  t.same(isoDates('令和元年5月1日'), ['2019-05-01'], 'the first year of an era is 元');
  t.same(isoDates('平成31年4月30日'), ['2019-04-30']);
  t.same(isoDates('R6.12.5'), ['2024-12-05']);
  t.same(isoDates('2024/12/05 14:32'), ['2024-12-05']);
});

t.test('numeric dates: ISO, two-digit years, either order', async (t) => {
  t.same(isoDates('2024-12-05'), ['2024-12-05']);
  t.same(isoDates('2024.12.05'), ['2024-12-05']);
  t.same(isoDates('02.03.20'), ['2020-03-02']);
  t.same(isoDates('02.03.20', 'mdy'), ['2020-02-03']);
  t.same(isoDates('13/06/2018', 'mdy'), ['2018-06-13'], 'a day over 12 decides alone');
  t.same(isoDates('11/17/2017', 'dmy'), ['2017-11-17'], 'so does a month position over 12');
  t.same(isoDates('31.12.99'), ['1999-12-31']);
  t.same(isoDates('31/02/2024'), [], 'no such day');
  t.same(isoDates('Tel 030 12.34.56'), [], 'a phone number');
  t.same(isoDates('1.234,56'), [], 'an amount');
  t.same(isoDates('March 2024'), [], 'a month is not a date');
  const hit = findDates('03/04/2024', 'dmy')[0];
  t.equal(hit?.ambiguous, true, 'both readings possible');
});

t.test(
  'the order of a page comes from its own unambiguous dates, then the document, then a hint',
  async (t) => {
    t.same(orderEvidence('Invoice 11/17/2017 shipped 11/03/2017'), { dmy: 0, mdy: 1 });
    t.same(orderEvidence('Rechnung 13.06.2018 Lieferung 02.06.2018'), { dmy: 1, mdy: 0 });
    t.same(pageDateOrders(['11/17/2017 and 11/03/2017'], null), ['mdy']);
    t.same(pageDateOrders(['11/03/2017', '25/12/2017'], null), ['dmy', 'dmy'], 'from page 2');
    t.same(
      pageDateOrders(['11/03/2017', '11/17/2017', '25/12/2017 and 26/12/2017'], null),
      ['dmy', 'mdy', 'dmy'],
      'each page by its own first',
    );
    t.same(pageDateOrders(['11/03/2017'], 'mdy'), ['mdy'], 'then the country or currency');
    t.same(pageDateOrders(['11/03/2017'], null), ['dmy'], 'then day first');
    const page = '11/03/2017 … 11/17/2017';
    const order = pageDateOrders([page], null)[0];
    t.same(isoDates(page, order), ['2017-11-03', '2017-11-17']);
  },
);

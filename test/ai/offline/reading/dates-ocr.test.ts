import t from 'tap';
import { findDates } from '../../../../src/ai/offline/reading/dates.js';

const isos = (text: string) => findDates(text).map((hit) => hit.iso);

t.test('dotted dates as OCR spaces them or reads a dot as a comma', async (t) => {
  t.same(isos('Datum: 04.05, 2020'), ['2020-05-04']);
  t.same(isos('04. 05. 2020 13:45 7411'), ['2020-05-04']);
  t.same(isos('Datum 17.03.2021'), ['2021-03-17'], 'the plain form as before');
});

t.test('amounts and quantities with a comma are not taken for such dates', async (t) => {
  t.same(isos('Summe 12.50, 2020 Punkte'), [], 'a two-digit "month" after a dot with cents');
  t.same(isos('2.5, 1999'), [], 'one-digit parts are an amount, not a day and month');
  t.same(isos('3 x 1.20, 2034 Artikel'), []);
});

import t from 'tap';
import { csvCell, csvRow } from '../../src/domain/csv.js';

t.test('cells are quoted as RFC 4180 says, and formulas are defused', async (t) => {
  t.equal(csvCell('plain'), 'plain');
  t.equal(csvCell('a, "b"'), '"a, ""b"""');
  t.equal(csvCell('two\nlines'), '"two\nlines"', 'a line break is kept, quoted');
  t.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  t.equal(csvCell('-12'), "'-12");
  t.equal(csvCell(12), '12');
  t.equal(csvCell(null), '');
  t.equal(csvRow(['a', 1, null]), 'a,1,\r\n');
});

t.test('control and bidirectional formatting characters never reach the spreadsheet', async (t) => {
  t.equal(csvCell('Ra\u0000ni\u001b[31m\u0007'), 'Rani[31m', 'NUL, ESC and BEL dropped');
  t.equal(csvCell('bill\u202Egnp.pdf'), 'billgnp.pdf', 'a right-to-left override dropped');
  t.equal(csvCell('\u0000=SUM(A1)'), "'=SUM(A1)", 'a formula hidden behind a NUL is still defused');
  t.equal(csvCell('tab\there'), 'tab\there', 'tabs inside a cell are kept');
});

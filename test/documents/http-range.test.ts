import t from 'tap';
import {
  answerRange,
  contentDisposition,
  noneMatch,
  rangeStillValid,
} from '../../src/documents/http-range.js';

t.test('ranges', async (t) => {
  t.same(answerRange(undefined, 100), { kind: 'full' });
  t.same(answerRange('bytes=0-0', 100), { kind: 'partial', range: { start: 0, end: 0 } });
  t.same(answerRange('bytes=90-', 100), { kind: 'partial', range: { start: 90, end: 99 } });
  t.same(answerRange('bytes=-200', 100), { kind: 'partial', range: { start: 0, end: 99 } });
  t.same(answerRange('bytes=50-500', 100), { kind: 'partial', range: { start: 50, end: 99 } });
  t.same(answerRange('bytes=100-', 100), { kind: 'unsatisfiable' });
  t.same(answerRange('bytes=-0', 100), { kind: 'unsatisfiable' });
  t.same(answerRange('bytes=0-', 0), { kind: 'unsatisfiable' }, 'nothing in an empty file');
  t.same(answerRange('bytes=9-3', 100), { kind: 'full' }, 'an invalid range is ignored');
  t.same(answerRange('items=0-3', 100), { kind: 'full' }, 'another unit is ignored');
  t.same(answerRange('bytes=0-1, 4-5', 100), { kind: 'full' }, 'several ranges: all of it');
});

t.test('validators', async (t) => {
  t.ok(noneMatch('*', '"a"'));
  t.ok(noneMatch('W/"a"', '"a"'), 'If-None-Match compares weakly');
  t.notOk(noneMatch('"b"', '"a"'));
  t.notOk(noneMatch(undefined, '"a"'));
  t.ok(rangeStillValid(undefined, '"a"', 'date'));
  t.ok(rangeStillValid('"a"', '"a"', 'date'));
  t.notOk(rangeStillValid('W/"a"', '"a"', 'date'), 'If-Range needs a strong match');
  t.ok(rangeStillValid('date', '"a"', 'date'));
  t.notOk(rangeStillValid('other date', '"a"', 'date'));
});

t.test('Content-Disposition keeps any name and drops folders', async (t) => {
  t.equal(
    contentDisposition('inline', 'Travel/Hôtel Zürich «folio» 1.pdf'),
    `inline; filename="Hotel Zurich _folio_ 1.pdf"; filename*=UTF-8''H%C3%B4tel%20Z%C3%BCrich%20%C2%ABfolio%C2%BB%201.pdf`,
  );
  t.equal(
    contentDisposition('attachment', 'a "quoted" 100%\\name.pdf'),
    `attachment; filename="name.pdf"; filename*=UTF-8''name.pdf`,
  );
  t.equal(
    contentDisposition('inline', `it's (1).pdf`),
    `inline; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`,
  );
  t.match(
    contentDisposition('inline', '領収書.jpg'),
    /filename="___\.jpg"; filename\*=UTF-8''%E9%A0%98/,
  );
});

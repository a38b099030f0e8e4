/**
 * Qdrant sums in code what SQLite sums in SQL, and both count a file once: a point that copies
 * an earlier invoice (duplicate_of) adds nothing to an aggregate; its payload carries the id.
 */
import t from 'tap';
import { aggregatePayloads } from '../../src/store/qdrant/aggregate.js';
import { toPayload } from '../../src/store/qdrant/payload.js';
import { makeRecord } from '../store/invoice-fixtures.js';

t.test('exact copies are left out of Qdrant aggregates', async (t) => {
  const original = makeRecord({ file: 'a.pdf', total_minor: 500 });
  const copy = { ...makeRecord({ file: 'b.pdf', total_minor: 500 }), duplicate_of: original.id };
  const payloads = [original, copy].map(
    (record) => toPayload(record, []) as unknown as Record<string, unknown>,
  );
  t.equal(payloads[1]?.duplicate_of, original.id);
  t.notOk('duplicate_of' in (payloads[0] ?? {}), 'no copy, no field');
  t.match(aggregatePayloads(payloads, []), [{ count: 1, total_minor: 500 }]);
});

t.test('payloads carry the employee id, derived from the name for older records', async (t) => {
  t.equal(
    toPayload(makeRecord({ employee_name: 'Rani Sharma' }), []).employee_id,
    'name:rani sharma',
  );
  const filed = { ...makeRecord(), employee_id: 'u-rani' };
  t.equal(toPayload(filed, []).employee_id, 'u-rani');
});

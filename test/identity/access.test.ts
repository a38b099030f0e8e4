/**
 * Who a claim is for, and who may read it: an employee is their subject whatever the spelling of
 * their name; finance names the employee, else the name stands for them; the employee a record was
 * filed for reads it, nobody else.
 */
import t from 'tap';
import {
  analyseAsDecision,
  canReadRecord,
  claimEmployeeId,
  nameDerivedEmployeeId,
  scopeFilter,
} from '../../src/domain/access.js';
import type { Caller } from '../../src/domain/types.js';

const asha: Caller = { sub: 'u-asha', name: 'Asha Verma', role: 'employee' };
const ravi: Caller = { sub: 'u-ravi', name: 'Ravi Kumar', role: 'employee' };
const fiona: Caller = { sub: 'u-fiona', name: 'Fiona Finance', role: 'finance' };

t.test('the employee id of a claim', async (t) => {
  t.equal(claimEmployeeId(asha, 'ASHA  verma', null), 'u-asha', 'an employee is their subject');
  t.equal(claimEmployeeId(fiona, 'Asha Verma', 'u-asha'), 'u-asha', 'finance names the employee');
  t.equal(claimEmployeeId(fiona, 'Ásha  VERMA', null), 'name:asha verma', 'else the name');
  t.equal(nameDerivedEmployeeId('Asha Verma'), 'name:asha verma');
  t.match(analyseAsDecision(asha, 'Asha Verma', 'u-ravi'), {
    allowed: false,
    code: 'employee_mismatch',
  });
  t.same(analyseAsDecision(asha, 'Asha Verma', 'u-asha'), { allowed: true });
  t.same(analyseAsDecision(fiona, 'Anyone', 'u-anyone'), { allowed: true });
});

t.test('the employee a record was filed for reads it; others do not', async (t) => {
  const filedForAsha = { owner_sub: fiona.sub, employee_id: asha.sub };
  t.ok(canReadRecord(asha, filedForAsha));
  t.notOk(canReadRecord(ravi, filedForAsha));
  t.ok(canReadRecord(fiona, filedForAsha));
  t.ok(canReadRecord(ravi, { owner_sub: ravi.sub, employee_id: 'name:ravi kumar' }), 'own upload');
  t.notOk(
    canReadRecord(ravi, { owner_sub: fiona.sub, employee_id: 'name:ravi kumar' }),
    'a name is no subject',
  );
  t.same(scopeFilter(asha, { owner_sub: 'u-ravi' }), { owner_sub: 'u-asha' });
});

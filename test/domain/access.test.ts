import t from 'tap';
import { assertCanAnalyseAs, notFoundUnlessReadable } from '../../src/access/guards.js';
import {
  AUDIT_READER_ROLES,
  analyseAsDecision,
  canOverride,
  canReadAudit,
  canReadRecord,
  isRole,
  OVERRIDE_ROLES,
  sameEmployeeName,
  scopeFilter,
  seesEveryone,
} from '../../src/domain/access.js';
import type { Caller, InvoiceFilter } from '../../src/domain/types.js';
import { ForbiddenError, NotFoundError } from '../../src/errors.js';

const asha: Caller = { sub: 'u-asha', name: 'Asha Verma', role: 'employee' };
const ravi: Caller = { sub: 'u-ravi', name: 'Ravi Kumar', role: 'employee' };
const fiona: Caller = { sub: 'u-fiona', name: 'Fiona Finance', role: 'finance' };
const adam: Caller = { sub: 'u-adam', name: 'Adam Admin', role: 'admin' };

t.test('isRole accepts exactly the three roles', async (t) => {
  for (const role of ['employee', 'finance', 'admin']) t.ok(isRole(role), role);
  for (const value of ['Admin', 'superuser', '', null, undefined, 1, ['admin']])
    t.notOk(isRole(value), JSON.stringify(value));
});

t.test('scopeFilter pins an employee to their own records whatever they ask', async (t) => {
  t.same(scopeFilter(asha, {}), { owner_sub: 'u-asha' });
  const asked: InvoiceFilter = {
    owner_sub: 'u-ravi',
    employee: 'Ravi Kumar',
    status: ['declined'],
    text: 'taxi',
  };
  const scoped = scopeFilter(asha, asked);
  t.equal(scoped.owner_sub, 'u-asha', 'an owner_sub naming someone else is overwritten');
  t.same(scoped, { ...asked, owner_sub: 'u-asha' }, 'the rest of the filter is kept');
  t.equal(asked.owner_sub, 'u-ravi', 'the given filter is not mutated');
  t.not(scoped, asked);
});

t.test('scopeFilter leaves finance and admin filters unchanged (a copy)', async (t) => {
  for (const caller of [fiona, adam]) {
    t.same(scopeFilter(caller, {}), {}, caller.role);
    const asked: InvoiceFilter = { employee: 'Asha', owner_sub: 'u-asha', flags: ['alcohol'] };
    const scoped = scopeFilter(caller, asked);
    t.same(scoped, asked, caller.role);
    t.not(scoped, asked, 'a copy, so callers may change it freely');
  }
});

t.test(
  'scopeFilter keeps the concrete filter type (e.g. a search query filter with extra fields)',
  async (t) => {
    const scoped = scopeFilter(asha, { job_id: 'j-1', extra: 7 } as InvoiceFilter & {
      extra: number;
    });
    t.equal(scoped.extra, 7);
    t.equal(scoped.owner_sub, 'u-asha');
  },
);

t.test('canReadRecord: owners read their own, finance and admin read all', async (t) => {
  const ashas = { owner_sub: 'u-asha' };
  t.ok(canReadRecord(asha, ashas));
  t.notOk(canReadRecord(ravi, ashas));
  t.ok(canReadRecord(fiona, ashas));
  t.ok(canReadRecord(adam, ashas));
  t.notOk(canReadRecord({ ...asha, sub: 'U-ASHA' }, ashas), 'subjects are compared exactly');
  t.notOk(
    canReadRecord({ ...asha, name: 'Ravi Kumar' }, { owner_sub: 'u-ravi' }),
    'a name is not an identity',
  );
});

t.test('role rules: overriding is finance review, the audit log is for admins', async (t) => {
  t.same([asha, fiona, adam].map(canOverride), [false, true, true]);
  t.same([asha, fiona, adam].map(canReadAudit), [false, false, true]);
  t.same([asha, fiona, adam].map(seesEveryone), [false, true, true]);
  t.same(OVERRIDE_ROLES, ['finance', 'admin']);
  t.same(AUDIT_READER_ROLES, ['admin']);
});

t.test(
  'sameEmployeeName ignores case, accents, punctuation and spacing, nothing more',
  async (t) => {
    t.ok(sameEmployeeName('Asha Verma', 'asha verma'));
    t.ok(sameEmployeeName('Asha Verma', '  ASHA   VERMA '));
    t.ok(sameEmployeeName('José Núñez', 'jose nunez'));
    t.ok(sameEmployeeName('Asha-Verma', 'asha verma'));
    t.notOk(sameEmployeeName('Asha Verma', 'Asha'), 'a part of the name is another name');
    t.notOk(sameEmployeeName('Asha Verma', 'Asha Varma'), 'no fuzzy matching');
    t.notOk(sameEmployeeName('Asha Verma', 'Verma Asha'), 'order matters');
    t.notOk(sameEmployeeName('', ''), 'two empty names are not the same person');
    t.notOk(sameEmployeeName('!!!', '???'));
  },
);

t.test(
  'analyseAsDecision: an employee only under their own name; finance and admin for anyone',
  async (t) => {
    t.same(analyseAsDecision(asha, 'asha verma'), { allowed: true });
    const refused = analyseAsDecision(asha, 'Ravi Kumar');
    t.match(refused, { allowed: false, code: 'employee_mismatch' });
    t.match(refused.allowed === false ? refused.reason : '', /Asha Verma.*Ravi Kumar/);
    t.same(analyseAsDecision(fiona, 'Ravi Kumar'), { allowed: true });
    t.same(analyseAsDecision(adam, 'Asha Verma'), { allowed: true });
    t.equal(
      analyseAsDecision({ ...asha, name: 'u-asha' }, 'Asha Verma').allowed,
      false,
      'a token without a name cannot claim for a named person',
    );
  },
);

t.test('assertCanAnalyseAs throws 403 employee_mismatch', async (t) => {
  t.doesNotThrow(() => assertCanAnalyseAs(asha, 'ASHA VERMA'));
  t.doesNotThrow(() => assertCanAnalyseAs(fiona, 'Anyone'));
  const error = t.throws(() => assertCanAnalyseAs(ravi, 'Asha Verma'));
  t.ok(error instanceof ForbiddenError);
  t.match(error, { statusCode: 403, code: 'employee_mismatch' });
});

t.test(
  "notFoundUnlessReadable: someone else's record and a missing one are the same 404",
  async (t) => {
    const invoice = { id: 'inv-1', owner_sub: 'u-asha', total_minor: 100 };
    t.equal(notFoundUnlessReadable(asha, invoice, 'Invoice', 'inv-1'), invoice);
    t.equal(notFoundUnlessReadable(fiona, invoice, 'Invoice', 'inv-1'), invoice);
    const notYours = t.throws(() =>
      notFoundUnlessReadable(ravi, invoice, 'Invoice', 'inv-1'),
    ) as NotFoundError;
    const missing = t.throws(() =>
      notFoundUnlessReadable(ravi, null, 'Invoice', 'inv-1'),
    ) as NotFoundError;
    t.ok(notYours instanceof NotFoundError);
    t.same(
      { status: notYours.statusCode, code: notYours.code, message: notYours.message },
      { status: missing.statusCode, code: missing.code, message: missing.message },
      'indistinguishable',
    );
    t.equal(notYours.statusCode, 404);
    t.throws(() => notFoundUnlessReadable(adam, undefined, 'Job', 'j-1'), NotFoundError);
  },
);

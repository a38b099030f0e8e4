import t from 'tap';
import {
  INVOICE_NAMESPACE,
  invoiceId,
  invoiceKey,
  isUuid,
  uuidV5,
} from '../../src/store/invoice-key.js';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

t.test(
  'uuidV5 matches RFC 4122 reference values (as Python uuid.uuid5 computes them)',
  async (t) => {
    t.equal(uuidV5('www.example.com', DNS_NAMESPACE), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
    t.equal(
      uuidV5('https://example.com/ü', URL_NAMESPACE),
      'a17f7a1d-6bb5-51a9-9d32-f9d2fdeec8b6',
      'names are UTF-8',
    );
    t.equal(
      uuidV5('www.example.com', DNS_NAMESPACE.toUpperCase()),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
      'namespace case does not matter',
    );
  },
);

t.test('uuidV5 sets version 5 and the RFC variant', async (t) => {
  for (const name of ['', 'a', 'invoice', '🧾']) {
    const id = uuidV5(name, INVOICE_NAMESPACE);
    t.ok(isUuid(id), id);
    t.equal(id[14], '5', 'version nibble');
    t.match(id[19] ?? '', /[89ab]/, 'variant bits 10');
  }
  t.throws(() => uuidV5('x', 'not-a-namespace'), TypeError);
});

t.test('invoice ids are stable per claim and file and differ otherwise', async (t) => {
  const sha = 'ab'.repeat(32);
  t.equal(
    invoiceId('job-1', sha),
    invoiceId('job-1', sha.toUpperCase()),
    'file hash case does not matter',
  );
  t.not(invoiceId('job-1', sha), invoiceId('job-2', sha), 'the same file in another claim');
  t.not(invoiceId('job-1', sha), invoiceId('job-1', 'cd'.repeat(32)));
  t.not(invoiceKey('a"b', 'c'), invoiceKey('a', '"b","c'), 'job text cannot forge another key');
  t.equal(invoiceId('job-1', sha), uuidV5(invoiceKey('job-1', sha), INVOICE_NAMESPACE));
});

t.test('isUuid', async (t) => {
  t.ok(isUuid('2ED6657D-E927-568B-95E1-2665A8AEA6A2'));
  t.notOk(isUuid('2ed6657d-e927-568b-95e1-2665a8aea6a'));
  t.notOk(isUuid('invoice-1'));
});

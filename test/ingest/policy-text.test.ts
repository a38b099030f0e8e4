import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { BadRequestError } from '../../src/errors.js';
import { createPdfTextReader } from '../../src/pipeline/ingest/pdf-text.js';
import { readPolicy } from '../../src/pipeline/ingest/policy-text.js';
import { SAMPLES_DIR, sampleExpected } from '../helpers/claims.js';
import { pdfPages } from '../helpers/documents.js';
import {
  imageOnlyPdf,
  makePdf,
  makeZip,
  renderTextPng,
  tempDir,
  writeFixture,
} from './ingest-fixtures.js';

const pdfReader = createPdfTextReader({ poolSize: 1, timeoutMs: 60_000 });
t.teardown(() => pdfReader.close());

const read = (path: string, fileName: string) =>
  readPolicy({ path, file_name: fileName }, { pdfReader });

async function policyFile(t: Test, name: string, data: Buffer | string) {
  return read(await writeFixture(await tempDir(t), name, data), name);
}

async function expectInvalid(t: Test, promise: Promise<unknown>, message: RegExp) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  t.ok(error instanceof BadRequestError, 'a 400');
  t.match(error, {
    statusCode: 400,
    code: 'invalid_policy_file',
    message,
    details: { errors: [{ pointer: 'policy_file' }] },
  });
}

/** "Rs. 5,000 per trip": how the sample policy states each limit of samples/expected.json. */
const limitSentences = () =>
  sampleExpected().policy.caps.map(
    (cap) => `Rs. ${(cap.amount_minor / 100).toLocaleString('en-US')} per ${cap.per}`,
  );
const squash = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ');

/** A minimal Word document (the three parts Word and mammoth need), one paragraph per line. */
function makeDocx(paragraphs: string[]): Promise<Buffer> {
  const xmlText = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = paragraphs
    .map((text) => `<w:p><w:r><w:t xml:space="preserve">${xmlText(text)}</w:t></w:r></w:p>`)
    .join('');
  return makeZip([
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    },
    {
      name: 'word/document.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    },
  ]);
}

t.test('the sample policy PDF keeps its pages', async (t) => {
  const path = join(SAMPLES_DIR, 'policy.pdf');
  const result = await read(path, 'policy.pdf');
  if (result.kind !== 'text') throw new Error('expected text');
  t.equal(result.policy.file_name, 'policy.pdf');
  t.equal(
    result.policy.sha256,
    createHash('sha256')
      .update(await readFile(path))
      .digest('hex'),
  );
  t.equal(
    result.policy.pages.length,
    (await pdfPages(await readFile(path))).length,
    'as many pages as the PDF has',
  );
  t.match(result.policy.pages[0], sampleExpected().company);
  const text = squash(result.policy.pages.join('\n'));
  for (const limit of limitSentences()) t.match(text, limit, `states "${limit}"`);
});

t.test('a policy DOCX is one page holding the whole policy', async (t) => {
  // The sample policy's Markdown as a Word document: one paragraph per line, marks dropped.
  const paragraphs = (await readFile(join(SAMPLES_DIR, 'policy.md'), 'utf8'))
    .split('\n')
    .map((line) => line.replace(/^(#+|-)\s+/, '').trim())
    .filter((line) => line !== '' && line !== '---');
  const result = await policyFile(t, 'policy.docx', await makeDocx(paragraphs));
  if (result.kind !== 'text') throw new Error('expected text');
  t.equal(result.policy.pages.length, 1);
  const text = squash(result.policy.pages[0]);
  t.match(text, sampleExpected().company);
  for (const limit of limitSentences()) t.match(text, limit, `states "${limit}"`);
  t.ok(
    text.indexOf(paragraphs[0] as string) < text.indexOf(paragraphs.at(-1) as string),
    'in the order written',
  );
});

t.test('text and Markdown policies: one page, or one per form feed', async (t) => {
  const plain = await policyFile(
    t,
    'policy.txt',
    '\uFEFFMeals: 200 INR per meal.\r\nTravel: 2000 INR per trip.\fCab: 150 INR per day.',
  );
  t.match(plain, {
    kind: 'text',
    policy: {
      pages: ['Meals: 200 INR per meal.\nTravel: 2000 INR per trip.', 'Cab: 150 INR per day.'],
    },
  });
  const markdown = await policyFile(t, 'policy.md', '# Policy\n\n- Meals: 200 INR\n');
  t.match(markdown, {
    kind: 'text',
    policy: { file_name: 'policy.md', pages: ['# Policy\n\n- Meals: 200 INR'] },
  });
});

t.test('JSON and YAML rules are parsed and returned raw with their hash', async (t) => {
  const json = '{"name":"Rules","currency":"INR","categories":[{"category":"meal","cap":200}]}';
  t.same(await policyFile(t, 'rules.json', json), {
    kind: 'rules',
    raw: { name: 'Rules', currency: 'INR', categories: [{ category: 'meal', cap: 200 }] },
    sha256: createHash('sha256').update(json).digest('hex'),
  });
  const yaml = await policyFile(
    t,
    'rules.yaml',
    'name: Rules\ncurrency: INR\ncategories:\n  - category: travel\n    cap: 2000\n',
  );
  t.match(yaml, {
    kind: 'rules',
    raw: { currency: 'INR', categories: [{ category: 'travel', cap: 2000 }] },
  });
});

t.test('unreadable or empty policies are 400 invalid_policy_file naming policy_file', async (t) => {
  await expectInvalid(t, policyFile(t, 'policy.pdf', ''), /empty/);
  await expectInvalid(t, policyFile(t, 'policy.txt', ' \n\t \f \n'), /no text/);
  await expectInvalid(t, policyFile(t, 'policy.pdf', '%PDF-1.4\ngarbage'), /could not be read/);
  await expectInvalid(
    t,
    policyFile(
      t,
      'policy.pdf',
      await makePdf([['Secret']], { userPassword: 'pw', ownerPassword: 'o' }),
    ),
    /password/,
  );
  await expectInvalid(
    t,
    policyFile(t, 'scan.pdf', await imageOnlyPdf(await renderTextPng(['Meals 200']))),
    /no text/,
  );
  await expectInvalid(
    t,
    policyFile(t, 'policy.docx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])),
    /not a readable DOCX/,
  );
  await expectInvalid(t, policyFile(t, 'rules.yaml', 'name: [unclosed'), /not valid JSON or YAML/);
  await expectInvalid(t, policyFile(t, 'rules.json', '"just a string"'), /rules object/);
  await expectInvalid(
    t,
    policyFile(t, 'policy.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
    /image\/png/,
  );
  await expectInvalid(
    t,
    policyFile(t, 'policy.txt', Buffer.from([0x41, 0xff, 0xfe, 0x41])),
    /octet-stream|UTF-8/,
  );
});

t.test('a YAML alias bomb is refused, not expanded', async (t) => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let level = 1; level <= 8; level += 1)
    lines.push(
      `l${level}: &l${level} [${Array(9)
        .fill(level === 1 ? '*a' : `*l${level - 1}`)
        .join(',')}]`,
    );
  await expectInvalid(t, policyFile(t, 'rules.yaml', lines.join('\n')), /not valid JSON or YAML/);
});

t.test('the policy PDF is read off the main thread, through the pool', async (t) => {
  const path = await writeFixture(
    await tempDir(t),
    'three.pdf',
    await makePdf([
      ['Meals: 200 INR per meal'],
      ['Travel: 2000 INR per trip'],
      ['Cab: 150 INR per day'],
    ]),
  );
  const result = await read(path, 'three.pdf');
  t.match(result, { kind: 'text', policy: { pages: [/Meals/, /Travel/, /Cab/] } });
});

import { createHash } from 'node:crypto';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { jwtEnv, USERS } from '../helpers/tokens.js';
import { createPolicy, policyText, textFile } from '../policies/fixtures.js';

t.test('a managed policy document is kept by its hash, once', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const file = textFile(policyText(25));
  const hash = createHash('sha256').update(file.bytes).digest('hex');
  t.equal(await app.services.documents.head(hash), null);
  await createPolicy(app, USERS.adam, file, 'Travel');
  t.match(await app.services.documents.head(hash), {
    content_type: 'text/plain',
    size_bytes: file.bytes.length,
  });
  await createPolicy(app, USERS.adam, file, 'Travel again');
  const stored = [];
  for await (const document of app.services.documents.list()) stored.push(document.sha256);
  t.same(stored, [hash], 'the same bytes twice are stored once');
});

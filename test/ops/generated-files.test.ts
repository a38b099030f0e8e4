import { readFileSync } from 'node:fs';
import t from 'tap';
import { renderConfigTable } from '../../scripts/config-table.js';
import { ENV_TEMPLATE_PATH, renderEnvTemplate } from '../../scripts/env-template.js';
import { ConfigError, loadConfig, SETTINGS } from '../../src/config.js';

const settings = Object.values(SETTINGS);

t.test('.env.production is the template the code generates', async (t) => {
  let checkedIn = '';
  try {
    checkedIn = readFileSync(ENV_TEMPLATE_PATH, 'utf8');
  } catch {
    // missing: reported below
  }
  t.ok(
    checkedIn === renderEnvTemplate(),
    '.env.production is out of date: run `npm run env-template` and commit the result',
  );
});

t.test('the template lists every variable, commented out, with no secret values', async (t) => {
  const text = renderEnvTemplate();
  const assignments = text.split('\n').filter((line) => /^# [A-Z][A-Z0-9_]*=/.test(line));
  t.same(
    assignments.map((line) => line.slice(2, line.indexOf('='))),
    settings.map((s) => s.env),
    'one line per variable, in SETTINGS order',
  );
  t.notOk(
    text.split('\n').some((line) => line !== '' && !line.startsWith('#')),
    'nothing is set until uncommented',
  );
  for (const s of settings.filter((s) => 'secret' in s && s.secret))
    t.ok(assignments.includes(`# ${s.env}=`), `${s.env} is left empty`);
});

t.test(
  'uncommented, the template is a valid production configuration once the auth secret is set',
  async (t) => {
    const env: Record<string, string> = {};
    for (const line of renderEnvTemplate().split('\n')) {
      const match = /^# ([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (match) env[match[1]!] = match[2]!;
    }
    t.equal(env.NODE_ENV, 'production');
    t.throws(
      () => loadConfig(env),
      ConfigError,
      'without a JWT secret or JWKS URL it refuses to start',
    );
    const config = loadConfig({
      ...env,
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
    });
    t.equal(config.nodeEnv, 'production');
    t.equal(config.authMode, 'jwt');
  },
);

t.test('the README configuration table has a row per variable', async (t) => {
  const table = renderConfigTable();
  const lines = table.trim().split('\n');
  t.equal(lines[0], '| Variable | Value | Default | Description |');
  t.equal(lines.length, settings.length + 2);
  for (const s of settings)
    t.ok(
      lines.some((line) => line.startsWith(`| \`${s.env}\` |`)),
      s.env,
    );
  t.match(table, /\| `PORT` \| integer ≥ 0 \| `8000` \| Port to listen on\. \|/);
  t.match(table, /\| `JWT_SECRET` \| text \| — \| .*Secret: never logged\. \|/);
  t.ok(
    lines.every((line) => line.split(/(?<!\\)\|/).length === 6),
    'no cell breaks the table',
  );
});

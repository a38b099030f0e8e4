/** Renders .env.production: every variable of src/config.ts, commented out, with what it does. */
import { fileURLToPath } from 'node:url';
import { describeKind, settings } from './config-table.js';

export const ENV_TEMPLATE_PATH = fileURLToPath(new URL('../.env.production', import.meta.url));

/** Values a production deployment should use where they differ from the development defaults. */
const PRODUCTION_VALUES: Record<string, string> = {
  NODE_ENV: 'production',
  AUTH_MODE: 'jwt',
  DATA_DIR: '/data',
  LOG_DIR: '/logs',
};

const HEADER = `# Invoice Reimbursement API: production environment template.
#
# GENERATED from the SETTINGS table in src/config.ts by \`npm run env-template\`; edit that table, not
# this file (a test fails while they differ).
#
# Copy it to \`.env\` (never committed) next to docker-compose.yml, or give the variables to your
# platform, and uncomment what you set. Lines show the production value where it differs from the
# default. Secrets are never filled in here.
#
# With NODE_ENV=production the API refuses to start with AUTH_MODE=none or ALLOWED_ORIGINS=*, and
# names every invalid variable (exit code 78).
`;

export function renderEnvTemplate(): string {
  const blocks = settings().map((s) => {
    const facts = [describeKind(s)];
    if (s.default !== undefined)
      facts.push(s.default === '' ? 'default empty' : `default ${s.default}`);
    if (s.secret) facts.push('secret');
    const value = s.secret ? '' : (PRODUCTION_VALUES[s.env] ?? s.default ?? '');
    return `# ${s.description}\n# (${facts.join('; ')})\n# ${s.env}=${value}\n`;
  });
  return `${HEADER}\n${blocks.join('\n')}`;
}

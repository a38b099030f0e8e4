/** `npm run env-template`: writes .env.production; a test fails while the checked-in file is stale. */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ENV_TEMPLATE_PATH, renderEnvTemplate } from './env-template.js';

writeFileSync(ENV_TEMPLATE_PATH, renderEnvTemplate());
console.log(`wrote ${relative(process.cwd(), ENV_TEMPLATE_PATH)}`);

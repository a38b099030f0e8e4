/** `npm run openapi`: writes openapi/openapi.json; a test fails while the checked-in file is stale. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { OPENAPI_PATH, renderOpenApi } from './openapi-document.js';

mkdirSync(dirname(OPENAPI_PATH), { recursive: true });
writeFileSync(OPENAPI_PATH, await renderOpenApi());
console.log(`wrote ${relative(process.cwd(), OPENAPI_PATH)}`);

#!/usr/bin/env node
// Runs the TypeScript command line through tsx, so `npx reimburse` works without a build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exit(await main(process.argv.slice(2)));

#!/usr/bin/env node
// In a clone, runs the TypeScript source through tsx (a dev dependency), so `npx reimburse` needs
// no build. Where only production dependencies are installed (the image), tsx is absent and the
// compiled command line runs instead: `npm run build` makes it.
function hasTsx() {
  try {
    import.meta.resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

let main;
if (hasTsx()) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli.ts'));
} else {
  ({ main } = await import('../dist/src/cli.js'));
}
process.exit(await main(process.argv.slice(2)));

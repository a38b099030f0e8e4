// Starts a TypeScript child module (tests, `npm run dev`): the heavy libraries it names are
// imported first by Node's own loader, and only then is tsx registered for the TypeScript
// itself. Under tsx, pdf.js alone takes 11 s and 400 MB to load; this way it takes one second.
// Arguments: <entry module URL> [library to import first…]
const [entry, ...preload] = process.argv.slice(2);
for (const specifier of preload) await import(specifier);
const { register } = await import('tsx/esm/api');
register();
await import(entry);

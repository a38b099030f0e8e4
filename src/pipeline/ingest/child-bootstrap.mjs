// Starts a TypeScript child module (tests, `npm run dev`): the heavy libraries it names are
// imported first by Node's own loader, and only then is tsx registered for the TypeScript
// itself. Under tsx, pdf.js alone takes 11 s and 400 MB to load; this way it takes one second.
// Arguments: <entry module URL> [library to import first…]
//
// Source maps stay off even when a loader turned them on (tap's process tracker does, in code,
// so forkSibling's flag cannot; so does tsx's register()). With them on, Node keeps pdf.js's
// multi-megabyte source map in memory, the child passes its recycle threshold after every PDF,
// and each PDF pays a fresh process start (3.8 s instead of 0.1 s under tap).
process.setSourceMapsEnabled(false);
const [entry, ...preload] = process.argv.slice(2);
for (const specifier of preload) await import(specifier);
const { register } = await import('tsx/esm/api');
register();
process.setSourceMapsEnabled(false);
await import(entry);

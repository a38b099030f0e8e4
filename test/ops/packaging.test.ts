/**
 * The production image installs only `dependencies` (npm prune --omit=dev): every package the
 * compiled server loads must be there, and nothing that only development, tests or the TypeScript
 * runner need.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import t from 'tap';

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Packages src/ loads at run time: value imports, dynamic imports, resolves, pino targets. */
function runtimePackages(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /^import (?!type )[^;]*?from '([^'.][^']*)'/gm,
    /^import '([^'.][^']*)'/gm,
    /import\('([^'.][^']*)'\)/g,
    /import\.meta\.resolve\('([^'.][^']*)'\)/g,
    /target: '([^'.][^']*)'/g,
  ];
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const specifier = match[1] as string;
        if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
        if (specifier.startsWith('pino/')) continue; // pino's own transports ship with pino
        found.set(packageName(specifier), file.slice(ROOT.length + 1));
      }
    }
  }
  return found;
}

t.test('every package the server loads is a production dependency', async (t) => {
  const used = runtimePackages();
  t.ok(used.size > 15, `${used.size} packages found in src/`);
  const optionalAtRunTime = new Set(['tsx', 'pino-pretty']); // looked up, used only when present
  for (const [name, where] of used) {
    if (optionalAtRunTime.has(name)) continue;
    t.ok(pkg.dependencies[name], `${name} (${where}) is in dependencies`);
  }
});

t.test('development tools are not production dependencies', async (t) => {
  for (const name of ['tsx', 'pino-pretty', 'tap', 'typescript', '@biomejs/biome']) {
    t.notOk(pkg.dependencies[name], `${name} is not in dependencies`);
    t.ok(pkg.devDependencies[name], `${name} is a devDependency`);
  }
});

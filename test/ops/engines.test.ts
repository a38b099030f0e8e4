import { readFileSync } from 'node:fs';
import semver from 'semver';
import t from 'tap';

// The lockfile is what a clean clone installs. A dependency that declares a newer Node than ours
// may still load today and break on the next patch of it, so the lockfile is held to our range.
const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
};
const lockfile = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

const oldestNode = semver.minVersion(manifest.engines.node);

t.test('every locked package supports the oldest Node our package.json accepts', async (t) => {
  t.ok(oldestNode, `engines.node ${manifest.engines.node} has a lowest version`);
  const unsupported = Object.entries(lockfile.packages)
    .filter(([path]) => path !== '')
    .flatMap(([path, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range && !semver.satisfies(oldestNode!, range)
        ? [`${path}@${entry.version} needs node ${range}`]
        : [];
    });
  t.same(unsupported, [], `packages requiring more than Node ${oldestNode}`);
});

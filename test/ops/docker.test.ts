/**
 * Docker cannot run here, so the container files are checked by reading them: the parts that
 * must agree with the code and package.json, and the health check command run for real.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import t from 'tap';
import { parse } from 'yaml';
import { buildTestApp } from '../helpers/app.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const dockerfile = read('Dockerfile');
// Compose resolves YAML merge keys (<<: *app); the yaml package does when asked.
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Record<string, any>>;
  volumes: Record<string, unknown>;
};

/** Instructions with their continuation lines joined. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));

t.test('Dockerfile: multi-stage on node:22-slim, non-root, production settings', async (t) => {
  const froms = instructions.filter((i) => i.startsWith('FROM '));
  t.ok(froms.length >= 2, 'multi-stage');
  for (const from of froms) t.match(from, /^FROM node:22-slim\b/);
  t.ok(
    instructions.some((i) => /apt-get install .*python3.*make.*g\+\+/.test(i)),
    'build tools for better-sqlite3',
  );
  t.ok(instructions.some((i) => /RUN npm ci\b/.test(i)));
  t.ok(instructions.some((i) => /npm run build/.test(i)));
  t.ok(
    instructions.some((i) => /npm prune --omit=dev/.test(i)),
    'dev dependencies pruned',
  );
  const user = instructions.filter((i) => i.startsWith('USER ')).at(-1);
  t.ok(user, 'sets a USER');
  t.notMatch(user, /^USER (root|0)(:|$)/, 'the user is not root');
  t.ok(
    instructions.indexOf(user!) > instructions.lastIndexOf(froms.at(-1)!),
    'in the runtime stage',
  );
  const env = instructions.filter((i) => i.startsWith('ENV ')).join(' ');
  t.match(env, /NODE_ENV=production/);
  t.match(env, /DATA_DIR=\/data/);
  t.match(env, /LOG_DIR=\/logs/);
  t.ok(instructions.includes('EXPOSE 8000'));
  t.ok(instructions.includes('CMD ["node", "dist/src/server.js"]'));
  t.match(
    pkg.scripts.start,
    /node dist\/src\/server\.js/,
    'the image starts what `npm start` starts',
  );
});

t.test(
  'Dockerfile HEALTHCHECK: asks /api/v1/health/quick with Node (no curl in slim), and works',
  async (t) => {
    const healthcheck = instructions.find((i) => i.startsWith('HEALTHCHECK '));
    t.ok(healthcheck);
    const json = /CMD (\[.*\])$/.exec(healthcheck ?? '')?.[1];
    const command = JSON.parse(json ?? '[]') as string[];
    t.equal(command[0], 'node');
    t.equal(command[1], '-e');
    t.match(command[2], /\/api\/v1\/health\/quick/);
    t.notMatch(healthcheck, /curl|wget/);

    // Run the very command against a real listening app: exit 0 when healthy…
    const app = await buildTestApp(t);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const run = promisify(execFile);
    await t.resolves(
      run(process.execPath, command.slice(1), { env: { PORT: String(port) } }),
      'healthy: exit 0',
    );
    await app.close();
    // …and non-zero when nothing answers.
    await t.rejects(
      run(process.execPath, command.slice(1), { env: { PORT: String(port) } }),
      'down: non-zero exit',
    );
  },
);

t.test('docker-compose.yml: api, worker, qdrant and redis', async (t) => {
  const { api, worker, qdrant, redis } = compose.services;
  t.ok(api && worker && qdrant && redis);

  t.equal(api!.build, '.', 'the api is built from the Dockerfile');
  t.same(api!.ports, ['8000:8000']);
  t.match(api!.environment, {
    QDRANT_URL: 'http://qdrant:6333',
    REDIS_URL: 'redis://redis:6379',
    RUN_WORKER: 'false',
  });
  t.ok(api!.volumes.includes('data:/data'));
  t.ok(api!.volumes.includes('./logs:/logs'), 'logs/ on the host');
  t.notOk(api!.healthcheck, "the image's health check applies");
  t.match(api!.stop_grace_period, /^\d+s$/);
  t.ok(parseInt(api!.stop_grace_period, 10) > 25, "longer than the API's own 25 s shutdown limit");

  t.same(worker!.command, ['node', 'dist/src/worker.js']);
  t.match(
    pkg.scripts.worker,
    /node dist\/src\/worker\.js/,
    'the worker runs what `npm run worker` runs',
  );
  t.equal(worker!.environment.RUN_WORKER, 'true');
  t.equal(
    worker!.environment.REDIS_URL,
    'redis://redis:6379',
    'jobs reach the worker through Redis',
  );
  t.same(worker!.healthcheck, { disable: true }, 'no HTTP health check for a process without HTTP');

  t.match(redis!.image, /^redis:7-alpine$/);
  t.ok(
    compose.volumes &&
      'data' in compose.volumes &&
      'qdrant' in compose.volumes &&
      'redis' in compose.volumes,
  );
  t.notOk(qdrant!.ports || redis!.ports, 'qdrant and redis are not published to the host');
});

t.test('the Qdrant image is pinned to the minor version of @qdrant/js-client-rest', async (t) => {
  const image = compose.services.qdrant!.image as string;
  const imageVersion = /^qdrant\/qdrant:v(\d+)\.(\d+)\.(\d+)$/.exec(image);
  t.ok(imageVersion, `${image} is pinned to an exact vX.Y.Z tag`);
  const clientVersion = /(\d+)\.(\d+)\.\d+/.exec(pkg.dependencies['@qdrant/js-client-rest'] ?? '');
  t.ok(clientVersion);
  t.equal(
    `${imageVersion?.[1]}.${imageVersion?.[2]}`,
    `${clientVersion?.[1]}.${clientVersion?.[2]}`,
  );
});

t.test('.dockerignore keeps secrets and local state out of the build context', async (t) => {
  const ignored = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim());
  for (const entry of ['.env', '.env.*', 'node_modules', 'data', 'logs', '.git'])
    t.ok(ignored.includes(entry), entry);
  for (const needed of [
    'src',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.build.json',
  ])
    t.notOk(ignored.includes(needed), `${needed} is sent`);
});

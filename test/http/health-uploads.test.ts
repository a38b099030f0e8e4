/**
 * An instance whose uploads directory cannot take files would answer every upload with 500:
 * readiness must fail first, naming the cause, so a load balancer routes around it.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';

t.test(
  '/health/ready is 503 while DATA_DIR/uploads cannot be written, 200 again after',
  async (t) => {
    const app = await buildTestApp(t);
    const uploads = join(app.services.config.dataDir, 'uploads');

    const ready = await app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    t.equal(ready.statusCode, 200);
    t.match(
      ready.json().checks.find((c: { name: string }) => c.name === 'uploads'),
      {
        state: 'up',
        required: true,
      },
    );

    // The tests run as root, where permissions do not stop writes: a plain file where the
    // directory must be makes it just as unusable.
    rmSync(uploads, { recursive: true, force: true });
    writeFileSync(uploads, 'not a directory');
    const broken = await app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    t.equal(broken.statusCode, 503);
    t.equal(broken.json().status, 'down');
    const check = broken.json().checks.find((c: { name: string }) => c.name === 'uploads');
    t.match(check, { state: 'down', required: true, error: /uploads cannot be written.*DATA_DIR/ });
    t.notMatch(check.error, app.services.config.dataDir, 'the path on disk is not shown');
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode, 503);

    rmSync(uploads, { force: true });
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/health/ready' })).statusCode, 200);
  },
);

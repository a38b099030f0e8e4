/**
 * A worker apart from the API (`npm run worker`): works queued jobs from Redis (server mode) and
 * shares the stores with every API instance. Stops cleanly on SIGTERM/SIGINT: running jobs stop
 * at their next step and are resumed by the next worker to start.
 */
import { loadConfigOrExit } from './config.js';

const line = (level: string) => (details: Record<string, unknown>, msg: string) =>
  console.log(JSON.stringify({ level, msg, ...details }));

async function main(): Promise<void> {
  const config = loadConfigOrExit({ ...process.env, RUN_WORKER: 'true' });
  if (!config.redisUrl) {
    console.error(
      'npm run worker needs REDIS_URL: in the embedded mode the API process works its own jobs.',
    );
    process.exit(78);
  }
  // Loaded once the configuration is known to be usable: a bad setting exits at once.
  const [{ createServices }, { logModelCheck }] = await Promise.all([
    import('./services.js'),
    import('./services/model.js'),
  ]);
  // The worker's own maintenance (vector backfill, the webhook log's purge) logs as the server's
  // does: one JSON line per event.
  const log = { info: line('info'), warn: line('warn'), error: line('error') };
  const services = await createServices(config, { onError: (error) => console.error(error), log });
  await services.startWorker();
  console.log(
    JSON.stringify({ level: 'info', msg: 'worker started', concurrency: config.jobConcurrency }),
  );
  void logModelCheck(services, log);
  const stop = async (signal: string) => {
    console.log(JSON.stringify({ level: 'info', msg: 'worker stopping', signal }));
    await services.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

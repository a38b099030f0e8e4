import { isLoopback, listenHost } from './config/listen-host.js';
import { describeConfig, loadConfigOrExit } from './config.js';
import { listenMetrics, type MetricsServer } from './plugins/metrics-server.js';
import { DataDirHeldError, holdDataDir } from './store/sqlite/data-dir-lock.js';

/** sysexits(3): EX_CONFIG for a DATA_DIR that cannot be written, EX_TEMPFAIL for one in use. */
function holdDataDirOrExit(dataDir: string, address: string | null): () => void {
  try {
    return holdDataDir(dataDir, address);
  } catch (error) {
    if (error instanceof DataDirHeldError) {
      console.error(error.message);
      process.exit(75);
    }
    const code = (error as NodeJS.ErrnoException).code;
    console.error(`DATA_DIR ${dataDir} cannot be written (${code ?? String(error)}).`);
    process.exit(78);
  }
}

/** Entry point: config, buildApp, listen, graceful shutdown. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const releaseDataDir = holdDataDirOrExit(config.dataDir, null);

  // The app is loaded once the configuration and DATA_DIR are known to be usable: a bad setting
  // or a held DATA_DIR exits at once, without loading the app (seconds of CPU).
  const [{ buildApp }, { logModelCheck }] = await Promise.all([
    import('./app.js'),
    import('./services/model.js'),
  ]);
  const app = await buildApp(config);
  app.log.info({ config: describeConfig(config) }, 'starting');
  // Not awaited: a slow or absent model never holds up the start; its line follows when it answers.
  void logModelCheck(app.services, app.log);

  let metricsServer: MetricsServer | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const forced = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 25_000);
    forced.unref();
    try {
      await metricsServer?.close();
      await app.close();
      releaseDataDir();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const host = listenHost(config);
  if (config.authMode === 'none' && !isLoopback(host))
    app.log.warn(
      { host },
      'AUTH_MODE=none on a non-loopback address: anyone who can reach this port is an admin',
    );
  const address = await app.listen({ host, port: config.port });
  if (config.metricsPort !== undefined) {
    metricsServer = await listenMetrics(app, {
      host,
      port: config.metricsPort,
      token: config.metricsToken,
    });
    app.log.info({ host, port: metricsServer.port }, 'metrics served on their own port');
  }
  // Now that the port is known, the record says where to find the holder.
  holdDataDirOrExit(config.dataDir, address);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

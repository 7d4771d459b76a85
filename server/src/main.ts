import { startServer } from './app.js';
import { ConfigError } from './config.js';

/** Process entry: start, then stop cleanly on SIGINT/SIGTERM. */
try {
  const server = await startServer();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  // A configuration or start-up failure: one clear line, not a stack trace.
  process.stderr.write(
    `hanoi-console: cannot start: ${err instanceof ConfigError ? err.message : (err as Error).message}\n`,
  );
  process.exit(1);
}

import closeWithGrace from 'close-with-grace';
import type { Config } from '../config.js';
import { startDaemon } from '../daemon.js';
import { createLogger } from '../infra/logger.js';

/**
 * `tillpointd serve`: start, then on SIGTERM/SIGINT stop accepting, let in-flight requests finish
 * within `shutdownTimeoutMs`, close the database and exit 0.
 */
export async function serveCommand(config: Config): Promise<void> {
  const logger = createLogger(config);
  const daemon = await startDaemon(config, logger);
  closeWithGrace({ delay: config.shutdownTimeoutMs, logger: false }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'fatal error, shutting down');
    else logger.info({ signal }, 'shutting down');
    await daemon.stop();
    logger.info('stopped');
  });
}

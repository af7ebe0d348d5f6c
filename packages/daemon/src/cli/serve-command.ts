import closeWithGrace from 'close-with-grace';
import { type Config, ConfigError } from '../config.js';
import { type RunningDaemon, startDaemon } from '../daemon.js';
import { createLogger } from '../infra/logger.js';
import { describeStartupError } from './startup-error.js';

/**
 * `tillpointd serve`: start, then on SIGTERM/SIGINT stop accepting, let in-flight requests finish
 * within `shutdownTimeoutMs`, close the database and exit 0. Signal handlers are installed before
 * start-up, so a signal that arrives right after the ready file appears still shuts down cleanly.
 */
export async function serveCommand(
  config: Config,
  hooks: {
    /** Called once the daemon is ready (or has failed to start). */
    onReady?: () => void;
  } = {},
): Promise<void> {
  const logger = createLogger(config);
  if (config.webhookAllowPrivateTargets) {
    logger.warn(
      { setting: '--webhook-allow-private-targets' },
      'the SSRF guard is off: webhook URLs may point at private, loopback and link-local addresses, so whoever can create a webhook endpoint can make this daemon send requests into its own network; use --webhook-allow-private-targets only in tests',
    );
  }
  let starting: Promise<RunningDaemon> | undefined;
  closeWithGrace(
    {
      delay: config.shutdownTimeoutMs,
      logger: false,
      skip: ['SIGHUP'],
      onTimeout: (delay) =>
        logger.error({ delayMs: delay }, 'shutdown took too long; exiting with in-flight work'),
    },
    async ({ signal, err }) => {
      if (err) logger.error({ err }, 'fatal error, shutting down');
      else logger.info({ signal }, 'shutting down');
      const daemon = await starting?.catch(() => undefined);
      await daemon?.stop();
      logger.info('stopped');
    },
  );
  // SIGHUP conventionally means "reload"; there is nothing to reload yet, and it must not kill the daemon.
  process.on('SIGHUP', () => logger.info('SIGHUP ignored: restart the daemon to apply new settings'));
  starting = startDaemon(config, logger);
  try {
    await starting;
    hooks.onReady?.();
  } catch (error) {
    hooks.onReady?.();
    // A known cause (port taken, data dir or database unusable) becomes one line naming the setting;
    // the original error stays in the debug log. Anything else is reported as before.
    const described = describeStartupError(error, config);
    if (described === undefined) throw error;
    logger.debug({ err: error }, 'start-up failed');
    throw new ConfigError(described, { cause: error });
  }
}

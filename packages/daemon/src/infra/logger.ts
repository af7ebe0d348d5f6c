import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { Config } from '../config.js';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear in a log record. Secrets must never reach the log,
 * whatever a caller passes in.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-cart-token"]',
  'req.headers["x-order-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.refreshToken',
  '*.secret',
  'config.databaseUrl',
];

/**
 * JSON logs, or readable lines when `logFormat` is `pretty` (or `auto` on a TTY).
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  const pretty =
    config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  const options = {
    level: config.logLevel,
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (!pretty) {
    const destination = pino.destination({ dest: process.stdout.fd ?? 1 });
    // A log on a full disk must not take the daemon down: lines that cannot be written (ENOSPC) are dropped, and
    // logging resumes by itself once there is space again. Without a listener, the stream's error would crash us.
    destination.on('error', () => {});
    return pino(options, destination);
  }
  // Loaded only for readable logs: a daemon logging JSON (every service, and every CI run) never pays for it.
  const pinoPretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  // In-process and synchronous, so start-up and shutdown lines are never lost on exit.
  return pino(
    options,
    pinoPretty({ colorize: !process.env.NO_COLOR, sync: true, translateTime: 'SYS:HH:MM:ss.l' }),
  );
}

import { createRequire } from 'node:module';

/** The daemon's version, read from its package.json at start-up. */
export const DAEMON_VERSION: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;

/**
 * The `tillpointd` bin: a few things every command shares, then oclif, which finds the command in
 * the manifest (`oclif.manifest.json`, built with the package) and imports only that command's
 * file. Nothing heavy is imported here, so `--version` answers before any of it loads.
 */
import { DAEMON_VERSION } from './version.js';

// `tillpointd config | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Everything the daemon writes (database, WAL, signing keys, backups) is private to its user.
process.umask(0o077);

/** Flags that belong to `tillpointd` itself rather than to a command. */
const ROOT_FLAGS = new Set(['--help', '-h', '--version', '-v']);

const argv = process.argv.slice(2);
if (argv[0] === '--version' || argv[0] === '-v') {
  process.stdout.write(`${DAEMON_VERSION}\n`);
} else {
  // `tillpointd` alone, or with only flags (`tillpointd --port 8080`), is `tillpointd serve`.
  const first = argv[0];
  if (first === undefined || (first.startsWith('-') && !ROOT_FLAGS.has(first))) argv.unshift('serve');
  const { execute } = await import('@oclif/core');
  await execute({ args: argv, dir: import.meta.url });
}

/**
 * The `tillpointd` bin: a few things every command shares, then oclif, which finds the command in
 * the manifest (`oclif.manifest.json`, built with the package) and imports only that command's
 * file. Nothing heavy is imported here, so `--version` answers before any of it loads.
 */
import { updateNoticeWanted } from './cli/update-notice.js';
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

/**
 * A plain `serve` (only settings, and no update notice to show) starts without oclif, which would stay resident
 * in the long-running daemon (ADR-066); `true` once it has started or failed.
 */
async function servedWithoutOclif(args: string[]): Promise<boolean> {
  if (args[0] !== 'serve' || updateNoticeWanted()) return false;
  const { plainServeFlags } = await import('./cli/plain-serve.js');
  const flags = plainServeFlags(args.slice(1));
  if (flags === undefined) return false;
  const { startServe } = await import('./cli/start-serve.js');
  try {
    await startServe(flags);
  } catch (error) {
    const { reportOf, writeReport } = await import('./cli/failure-report.js');
    const report = reportOf(error as Error);
    writeReport(report, false);
    process.exit(report.exitCode);
  }
  return true;
}

const argv = process.argv.slice(2);
if (argv[0] === '--version' || argv[0] === '-v') {
  process.stdout.write(`${DAEMON_VERSION}\n`);
} else {
  // `tillpointd` alone, or with only flags (`tillpointd --port 8080`), is `tillpointd serve`.
  const first = argv[0];
  if (first === undefined || (first.startsWith('-') && !ROOT_FLAGS.has(first))) argv.unshift('serve');
  if (!(await servedWithoutOclif(argv))) {
    const { execute } = await import('@oclif/core');
    await execute({ args: argv, dir: import.meta.url });
  }
}

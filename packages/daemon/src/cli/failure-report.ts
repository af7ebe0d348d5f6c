import { ConfigError } from '../config.js';
import { CommandFailure } from './command-failure.js';

/** Exit codes of `tillpointd`: 1 error, 2 usage, 78 bad setting or known start-up failure (sysexits EX_CONFIG). */
export const EXIT = { error: 1, usage: 2, config: 78 } as const;

/** What an error becomes on the command line: a stable code, a one-line message and an exit code. */
export interface FailureReport {
  code: string;
  message: string;
  exitCode: number;
}

/** The report of an error a command ran into (oclif's own usage errors are told apart by the command). */
export function reportOf(error: Error & { oclif?: { exit?: number } }): FailureReport {
  if (error instanceof ConfigError)
    return { code: 'invalid_config', message: error.message, exitCode: EXIT.config };
  if (error instanceof CommandFailure)
    return { code: error.code, message: error.message, exitCode: error.exitCode };
  // An unexpected error: its stack helps with a bug report, but only when asked for.
  if (process.env.DEBUG) process.stderr.write(`${error.stack}\n`);
  return { code: 'error', message: error.message, exitCode: error.oclif?.exit ?? EXIT.error };
}

/** Prints a report as one line (`tillpointd: …`) or, for `--json`, as `{"error":{"code","message"}}`, on stderr. */
export function writeReport(report: FailureReport, json: boolean): void {
  process.stderr.write(
    json
      ? `${JSON.stringify({ error: { code: report.code, message: report.message } }, null, 2)}\n`
      : `tillpointd: ${report.message}\n`,
  );
}

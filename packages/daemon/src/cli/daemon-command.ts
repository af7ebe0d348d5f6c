import { Command, Errors } from '@oclif/core';
import type { Config } from '../config.js';
import { configFlags } from './config-flags.js';
import { configFromFlags } from './config-from-flags.js';
import { EXIT, type FailureReport, reportOf, writeReport } from './failure-report.js';

/** oclif's parser errors (unknown flag, missing value or argument) as a usage report; others are not its. */
function usageReportOf(error: Error): FailureReport | undefined {
  if (!(error instanceof Errors.CLIError && 'parse' in error)) return undefined;
  // Its message ends with a help hint line.
  const message = error.message.split('\n')[0] ?? error.message;
  return { code: 'usage_error', message, exitCode: EXIT.usage };
}

/**
 * Base of every `tillpointd` command: the settings of the one config schema as flags, and one
 * `catch` that prints a failure as one line (`tillpointd: …`) or, with `--json`, as
 * `{"error":{"code","message"}}` on stderr, with the exit code of {@link EXIT}.
 * Commands import what they run inside `run()`, so help and the manifest load no HTTP stack.
 */
export abstract class DaemonCommand extends Command {
  static override baseFlags = configFlags();
  /** The generated usage would list all of the settings; the SETTINGS section of the help does that. */
  static override usage = '<%= command.id %> [FLAGS]';

  /** The effective config from this command's flags and `TILLPOINT_*`; throws {@link ConfigError}. */
  protected settings(flags: Record<string, unknown>): Config {
    return configFromFlags(flags);
  }

  protected override async catch(error: Error & { oclif?: { exit?: number } }): Promise<never> {
    if (error instanceof Errors.ExitError) throw error;
    const json = this.jsonEnabled();
    const usage = usageReportOf(error);
    // oclif prints its parse errors with a hint to --help; keep that for people.
    if (usage && !json) throw error;
    const report = usage ?? reportOf(error);
    writeReport(report, json);
    Errors.exit(report.exitCode);
  }
}

import { Command, Errors } from '@oclif/core';
import { type Config, ConfigError } from '../config.js';
import { CommandFailure } from './command-failure.js';
import { configFlags, configFromFlags } from './config-flags.js';

/** Exit codes of `tillpointd`: 1 error, 2 usage, 78 bad setting or known start-up failure (sysexits EX_CONFIG). */
export const EXIT = { error: 1, usage: 2, config: 78 } as const;

/** What an error becomes on the command line: a stable code, a one-line message and an exit code. */
interface Described {
  code: string;
  message: string;
  exitCode: number;
  fromParser: boolean;
}

function describe(error: Error & { oclif?: { exit?: number } }): Described {
  if (error instanceof ConfigError)
    return { code: 'invalid_config', message: error.message, exitCode: EXIT.config, fromParser: false };
  if (error instanceof CommandFailure)
    return { code: error.code, message: error.message, exitCode: error.exitCode, fromParser: false };
  // oclif's parser: unknown flag, missing value or argument. Its message ends with a help hint line.
  if (error instanceof Errors.CLIError && 'parse' in error) {
    const message = error.message.split('\n')[0] ?? error.message;
    return { code: 'usage_error', message, exitCode: EXIT.usage, fromParser: true };
  }
  return {
    code: 'error',
    message: error.message,
    exitCode: error.oclif?.exit ?? EXIT.error,
    fromParser: false,
  };
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
    const described = describe(error);
    const json = this.jsonEnabled();
    // oclif prints its parse errors with a hint to --help; keep that for people.
    if (described.fromParser && !json) throw error;
    if (!(error instanceof ConfigError || error instanceof CommandFailure || described.fromParser)) {
      // An unexpected error: its stack helps with a bug report, but only when asked for.
      if (process.env.DEBUG) process.stderr.write(`${error.stack}\n`);
    }
    process.stderr.write(
      json
        ? `${JSON.stringify({ error: { code: described.code, message: described.message } }, null, 2)}\n`
        : `tillpointd: ${described.message}\n`,
    );
    Errors.exit(described.exitCode);
  }
}

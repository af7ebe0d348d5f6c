import { Command, Option } from 'commander';
import {
  type Config,
  ConfigError,
  type ConfigKey,
  ConfigSchema,
  envNameOf,
  flagNameOf,
  loadConfig,
} from './config.js';
import { DAEMON_VERSION } from './version.js';

// Commands are imported when chosen, so `--version` and `config` do not load the HTTP stack.

// `tillpointd config | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** Exit code for a bad setting (sysexits EX_CONFIG). */
const EXIT_CONFIG = 78;

/**
 * Every setting of the config schema becomes a flag of every command (`dataDir` → `--data-dir`),
 * described from the schema, so flags, env vars and docs cannot drift apart. Booleans get
 * `--x` and `--no-x`; both leave the value unset unless given, so the env var still applies.
 */
function withConfigFlags(command: Command): Command {
  const defaults = ConfigSchema.parse({}) as Record<string, unknown>;
  for (const [key, schema] of Object.entries(ConfigSchema.shape)) {
    const flag = flagNameOf(key);
    const help = `${(schema as { description?: string }).description ?? key} (${envNameOf(key)})`;
    if (typeof defaults[key] === 'boolean') {
      command.addOption(new Option(flag, help));
      command.addOption(new Option(`--no-${flag.slice(2)}`, `turn off ${flag}`).hideHelp());
    } else {
      command.addOption(new Option(`${flag} <value>`, help));
    }
  }
  return command;
}

/** Reads flags + env into the config, or prints the one-line reason and exits. */
function configFrom(flags: Record<string, unknown>): Config {
  try {
    return loadConfig(flags as Partial<Record<ConfigKey, unknown>>);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tillpointd: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

/** Exit code for a command-line usage error (unknown flag, missing value). */
const EXIT_USAGE = 2;

const program = new Command('tillpointd')
  .description('Tillpoint commerce daemon: REST API, storage and background work')
  .version(DAEMON_VERSION, '-v, --version')
  .showHelpAfterError()
  .exitOverride((error) => {
    // Help and version exit 0; every parse error is a usage error.
    process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
  });

withConfigFlags(program.command('serve', { isDefault: true }))
  .description(
    'start the HTTP API (the default command); applies pending migrations first unless --no-migrate',
  )
  .action(async (flags: Record<string, unknown>) => {
    const { serveCommand } = await import('./commands/serve-command.js');
    try {
      await serveCommand(configFrom(flags));
    } catch (error) {
      // Start-up failures with a known cause are reported like a bad setting: one line, exit 78.
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`tillpointd: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
  });

withConfigFlags(program.command('migrate'))
  .description('apply pending database migrations and exit')
  .option('--json', 'print the result as JSON')
  .action(async (flags: Record<string, unknown>) => {
    const { migrateCommand } = await import('./commands/migrate-command.js');
    await migrateCommand(configFrom(flags), { json: flags.json === true });
  });

withConfigFlags(program.command('config'))
  .description('print the effective configuration, secrets masked')
  .option('--json', 'print as JSON')
  .action(async (flags: Record<string, unknown>) => {
    const { configCommand } = await import('./commands/config-command.js');
    configCommand(configFrom(flags), { json: flags.json === true });
  });

withConfigFlags(program.command('export'))
  .description(
    'write a consistent snapshot of every table as JSON Lines (to move between SQLite and PostgreSQL)',
  )
  .requiredOption('--out <file>', 'file to write (replaced atomically)')
  .option('--json', 'print the per-table summary as JSON')
  .action(async (flags: Record<string, unknown>) => {
    const { exportCommand } = await import('./commands/dump-commands.js');
    await exportCommand(configFrom(flags), { out: String(flags.out), json: flags.json === true });
  });

withConfigFlags(program.command('import'))
  .description(
    'load an export into an empty database (migrated first), all or nothing, checked against its summary',
  )
  .requiredOption('--in <file>', 'file written by `tillpointd export`')
  .option('--json', 'print the per-table summary as JSON')
  .action(async (flags: Record<string, unknown>) => {
    const { importCommand } = await import('./commands/dump-commands.js');
    await importCommand(configFrom(flags), { in: String(flags.in), json: flags.json === true });
  });

withConfigFlags(program.command('restore'))
  .description(
    'replace the SQLite database with a backup (offline: refused while a daemon runs on the data dir)',
  )
  .argument('<file>', 'a backup written by backup.create (tillpoint-<time>.db)')
  .option('--json', 'print the result as JSON')
  .action(async (file: string, flags: Record<string, unknown>) => {
    const { restoreCommand, RestoreRefused } = await import('./commands/restore-command.js');
    try {
      await restoreCommand(configFrom(flags), { file, json: flags.json === true });
    } catch (error) {
      if (!(error instanceof RestoreRefused)) throw error;
      process.stderr.write(`tillpointd: restore refused: ${error.message}\n`);
      process.exit(1);
    }
  });

const admin = program
  .command('admin')
  .description('manage administrators directly in the database (offline)');
withConfigFlags(admin.command('create'))
  .description('create an admin account; the password is prompted for, or read from stdin')
  .requiredOption('--email <email>', 'email of the new admin')
  .option('--name <name>', 'display name')
  .option('--password-stdin', 'read the password from standard input')
  .option('--json', 'print the created user as JSON')
  .action(async (flags: Record<string, unknown>) => {
    const { adminCreateCommand } = await import('./commands/admin-create-command.js');
    process.exitCode = await adminCreateCommand(configFrom(flags), {
      email: String(flags.email),
      name: flags.name === undefined ? undefined : String(flags.name),
      passwordStdin: flags.passwordStdin === true,
      json: flags.json === true,
    });
  });

// Everything the daemon writes (database, WAL, signing keys, backups) is private to its user.
process.umask(0o077);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`tillpointd: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

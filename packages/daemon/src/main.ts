import { Command, Option } from 'commander';
import { type Config, ConfigError, type ConfigKey, loadConfig } from './config.js';
import { DAEMON_VERSION } from './version.js';

// Commands are imported when chosen, so `--version` and `config` do not load the HTTP stack.

/** Exit code for a bad setting (sysexits EX_CONFIG). */
const EXIT_CONFIG = 78;

/** Flags shared by every command; each maps to the config key of the same camelCase name. */
function withConfigFlags(command: Command): Command {
  return command
    .option('--host <host>', 'interface to listen on (TILLPOINT_HOST, default 127.0.0.1)')
    .option('--port <port>', 'TCP port, 0 for a free one (TILLPOINT_PORT, default 7400)')
    .option('--data-dir <dir>', 'data directory (TILLPOINT_DATA_DIR, default ./.tillpoint)')
    .option('--database-url <url>', 'postgres://… or sqlite:<file> (TILLPOINT_DATABASE_URL)')
    .addOption(
      new Option('--log-level <level>', 'log level (TILLPOINT_LOG_LEVEL)').choices([
        'fatal',
        'error',
        'warn',
        'info',
        'debug',
        'trace',
        'silent',
      ]),
    )
    .addOption(
      new Option('--log-format <format>', 'log format (TILLPOINT_LOG_FORMAT)').choices([
        'auto',
        'json',
        'pretty',
      ]),
    )
    .option('--body-limit <bytes>', 'largest request body (TILLPOINT_BODY_LIMIT)')
    .option('--shutdown-timeout-ms <ms>', 'grace period after SIGTERM (TILLPOINT_SHUTDOWN_TIMEOUT_MS)');
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

const program = new Command('tillpointd')
  .description('Tillpoint commerce daemon: REST API, storage and background work')
  .version(DAEMON_VERSION, '-v, --version')
  .showHelpAfterError();

withConfigFlags(program.command('serve', { isDefault: true }))
  .description('start the HTTP API (the default command); applies pending migrations first')
  .option('--ready-file <file>', 'write {url,host,port,pid} here once listening (TILLPOINT_READY_FILE)')
  .option('--no-migrate', 'do not apply pending migrations on start')
  .action(async (flags: Record<string, unknown>) => {
    // commander sets migrate=true by default for --no-migrate; only an explicit flag should override env.
    const explicit = { ...flags, migrate: flags.migrate === false ? false : undefined };
    const { serveCommand } = await import('./commands/serve-command.js');
    await serveCommand(configFrom(explicit));
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

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`tillpointd: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { Command, Errors, Flags, type Interfaces } from '@oclif/core';
import type { AuthSession, ClientOptions, Tillpoint } from '@tillpoint/sdk';
import { ProfileStore, type ResolvedSettings, resolveSettings } from './config/profiles.js';
import {
  asUsageError,
  CliFailure,
  describeError,
  EXIT,
  type SdkErrorClasses,
} from './output/describe-error.js';
import { createOutput, type Output } from './output/output.js';

/** The parsed flags of a command, base flags included. */
export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;
/** The parsed arguments of a command. */
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

type SdkModule = typeof import('@tillpoint/sdk');

/**
 * Base of every `till` command: global flags, profile and settings resolution, the lazily built SDK
 * client, the {@link Output} and one central `catch` that prints errors and picks the exit code
 * (0 ok, 1 error, 2 usage, 4 authentication, 130 interrupted).
 *
 * Commands return their result from `run()`; with `--json` oclif prints it as the one JSON
 * document on stdout. They print human output through `this.out` themselves.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    'base-url': Flags.string({
      description: 'Daemon URL (env: TILLPOINT_URL; else the profile; else http://127.0.0.1:7400).',
      helpValue: '<url>',
      helpGroup: 'GLOBAL',
    }),
    profile: Flags.string({
      description: 'Profile to use (env: TILLPOINT_PROFILE; else the current profile; else "default").',
      helpValue: '<name>',
      helpGroup: 'GLOBAL',
    }),
    color: Flags.boolean({
      allowNo: true,
      description:
        'Colour output on or off (default: only on a TTY; NO_COLOR disables, FORCE_COLOR enables).',
      helpGroup: 'GLOBAL',
    }),
    debug: Flags.boolean({
      description: 'Print the HTTP exchange to stderr, with secrets redacted.',
      helpGroup: 'GLOBAL',
    }),
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  /** Where results and notices go. Set in `init()`. */
  protected out!: Output;
  /** Settings after precedence (flag > env > profile > default). Set in `init()`. */
  protected settings!: ResolvedSettings;
  /** The profiles file, under `TILLPOINT_CONFIG_DIR` or the user config dir. */
  protected readonly profiles = new ProfileStore();

  private sdk: SdkModule | undefined;
  private clientInstance: Tillpoint | undefined;
  /** Profile writes of rotated tokens, chained so they land in order; awaited in `finally()`. */
  private tokenWrites: Promise<unknown> = Promise.resolve();
  private readonly onSigint = () => this.interrupted();

  override async init(): Promise<void> {
    await super.init();
    process.once('SIGINT', this.onSigint);
    // Until parse succeeds, errors are printed with what argv says.
    this.out = createOutput({ json: this.jsonEnabled(), color: colorFromArgv(this.argv) });
    const ctor = this.ctor as typeof BaseCommand;
    const { args, flags } = await this.parse({
      flags: ctor.flags,
      baseFlags: ctor.baseFlags,
      enableJsonFlag: ctor.enableJsonFlag,
      args: ctor.args,
      strict: ctor.strict,
    }).catch((error: unknown) => {
      throw asUsageError(error);
    });
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
    this.out = createOutput({ json: this.jsonEnabled(), color: this.flags.color });
    this.settings = resolveSettings({
      flagProfile: this.flags.profile,
      flagBaseUrl: this.flags['base-url'],
      env: process.env,
      file: await this.profiles.read(),
    });
    if (this.flags.debug) {
      const s = this.settings;
      this.debugLine(`profile ${s.profile} (${s.profileSource}), config ${this.profiles.path}`);
      this.debugLine(`base URL ${s.baseUrl} (${s.baseUrlSource}), token ${s.tokenSource ?? 'none'}`);
    }
  }

  /**
   * The SDK client for the resolved settings, built on first use so that `till --version` and
   * `--help` never load the SDK.
   */
  protected async client(options: Partial<ClientOptions> = {}): Promise<Tillpoint> {
    if (this.clientInstance && Object.keys(options).length === 0) return this.clientInstance;
    const sdk = await this.loadSdk();
    const client = new sdk.Tillpoint({
      baseUrl: this.settings.baseUrl,
      ...this.credentialOptions(),
      defaultHeaders: {
        'user-agent': `till/${this.config.version} tillpoint-sdk/${sdk.VERSION} node/${process.version}`,
      },
      ...(this.flags.debug ? { logLevel: 'debug' as const, logger: this.debugLogger() } : {}),
      ...options,
    });
    if (Object.keys(options).length === 0) this.clientInstance = client;
    return client;
  }

  /**
   * How the client authenticates: a stored `tp_…` API key as `apiKey`; a stored session as `token`
   * plus `refreshToken`, with an `onTokens` that writes rotated tokens back to the profile so an
   * automatic refresh survives this invocation. `TILLPOINT_TOKEN` is used as is and never persisted.
   */
  private credentialOptions(): Partial<ClientOptions> {
    const { token, tokenSource, refreshToken } = this.settings;
    if (!token) return {};
    if (token.startsWith('tp_')) return { apiKey: token };
    if (tokenSource !== 'profile' || !refreshToken) return { token };
    return { token, refreshToken, onTokens: (session) => this.persistRotatedTokens(session) };
  }

  private persistRotatedTokens(session: AuthSession): void {
    const { profile } = this.settings;
    this.settings = { ...this.settings, token: session.accessToken, refreshToken: session.refreshToken };
    this.tokenWrites = this.tokenWrites
      .then(() =>
        this.profiles.set(profile, { token: session.accessToken, refreshToken: session.refreshToken }),
      )
      .then(
        () => {
          if (this.flags?.debug) this.debugLine(`stored the refreshed session in profile ${profile}`);
        },
        (error: unknown) =>
          this.out.warn(
            `Could not store the refreshed session in profile "${profile}": ${(error as Error).message}`,
          ),
      );
  }

  /**
   * Stores a credential in the selected profile (file mode 0600) with the base URL it belongs to.
   * `refreshToken` undefined removes a stored one (e.g. when an API key replaces a session).
   */
  protected async storeCredentials(credentials: { token: string; refreshToken?: string | undefined }) {
    await this.tokenWrites;
    await this.profiles.set(this.settings.profile, {
      baseUrl: this.settings.baseUrl,
      token: credentials.token,
      refreshToken: credentials.refreshToken,
    });
    this.settings = {
      ...this.settings,
      token: credentials.token,
      tokenSource: 'profile',
      refreshToken: credentials.refreshToken,
    };
    if (process.env.TILLPOINT_TOKEN) {
      this.out.warn('TILLPOINT_TOKEN is set and overrides the stored credentials; unset it to use them.');
    }
  }

  /** Fails with exit 4 and a hint to log in when no credential is configured at all. */
  protected requireCredentials(): void {
    if (this.settings.token) return;
    throw new CliFailure(`Not logged in (profile "${this.settings.profile}").`, 'unauthenticated', {
      exitCode: EXIT.authentication,
      hint: 'Run `till login`, or set TILLPOINT_TOKEN.',
    });
  }

  /**
   * Off a terminal, fails with exit 2 naming every flag in `missing` (what a prompt would otherwise ask for);
   * on a terminal, does nothing and the command prompts.
   */
  protected requireFlagsOffTerminal(missing: string[]): void {
    if (missing.length === 0 || this.isInteractive()) return;
    throw new CliFailure(
      `Missing ${missing.join(', ')} (not an interactive terminal, so no prompts).`,
      'usage_error',
      {
        exitCode: EXIT.usage,
        hint: `Pass ${missing.join(' ')}.`,
      },
    );
  }

  /**
   * Fails fast with exit 2 when prompts are not allowed, naming what to pass instead.
   * @param what e.g. "the password", @param flags e.g. "--password-stdin".
   */
  protected requireInteractive(what: string, flags: string): void {
    if (this.isInteractive()) return;
    throw new CliFailure(`Cannot prompt for ${what}: not an interactive terminal.`, 'usage_error', {
      exitCode: EXIT.usage,
      hint: `Pass ${flags}.`,
    });
  }

  /**
   * Asks before a destructive action: `--yes` skips the question, a terminal asks it, anything else
   * fails with exit 2 naming `--yes`. Throws `cancelled` when the answer is no.
   */
  protected async confirmDestructive(yes: boolean | undefined, question: string, refusal: string) {
    if (yes) return;
    if (!this.isInteractive()) {
      throw new CliFailure(refusal, 'confirmation_required', {
        exitCode: EXIT.usage,
        hint: 'Pass --yes to go ahead without a prompt.',
      });
    }
    if (!(await this.confirm(question))) throw new CliFailure('Cancelled.', 'cancelled');
  }

  /** The SDK module, imported on first use. */
  protected async loadSdk(): Promise<SdkModule> {
    this.sdk ??= await import('@tillpoint/sdk');
    return this.sdk;
  }

  /** Whether prompts are allowed: stdin and stdout are TTYs and `CI` is unset. */
  protected isInteractive(): boolean {
    return Boolean(process.stdin.isTTY && process.stdout.isTTY && !process.env.CI);
  }

  /** Asks a yes/no question on stderr; only call when {@link isInteractive}. */
  protected async confirm(question: string): Promise<boolean> {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`${question} [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  }

  protected override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<never> {
    if (error instanceof Errors.ExitError) throw error;
    const json = this.jsonEnabled();
    const described = describeError(error, this.sdk as SdkErrorClasses | undefined, this.baseUrlForHints());
    // oclif prints parse errors with the matching help; keep that in human mode.
    if (described.fromParser && !json) throw error;
    const out = this.out ?? createOutput({ json, color: colorFromArgv(this.argv) });
    if (json) {
      const body: Record<string, unknown> = {
        code: described.code,
        message: described.message,
        requestId: described.requestId,
        status: described.status,
      };
      if (described.fieldErrors.length > 0) body.errors = described.fieldErrors;
      out.errorLine(JSON.stringify({ error: body }, null, 2));
    } else {
      const s = out.errStyle;
      out.errorLine(`${s.red(s.bold('Error:'))} ${described.message}`);
      for (const field of described.fieldErrors) {
        out.errorLine(`  ${s.bold(field.path || '(body)')}: ${field.message}`);
      }
      const details = [`code ${described.code}`];
      if (described.status !== null) details.push(`status ${described.status}`);
      if (described.requestId) details.push(`request ${described.requestId}`);
      out.errorLine(s.dim(`  (${details.join(', ')})`));
      if (described.hint) out.errorLine(`${s.cyan('Hint:')} ${described.hint}`);
      if (this.flags?.debug && described.code === 'cli_error' && error.stack)
        out.errorLine(s.dim(error.stack));
    }
    Errors.exit(described.exitCode);
  }

  override async finally(error: Error | undefined): Promise<void> {
    process.removeListener('SIGINT', this.onSigint);
    await this.tokenWrites;
    await super.finally(error);
  }

  /** A `--debug` line on stderr. */
  protected debugLine(text: string): void {
    process.stderr.write(`${this.out.errStyle.dim(`[debug] ${text}`)}\n`);
  }

  private debugLogger(): NonNullable<ClientOptions['logger']> {
    const write =
      (level: string) =>
      (message: string, ...rest: unknown[]) => {
        const extra = rest.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(' ');
        this.debugLine(`${level === 'debug' ? '' : `${level} `}${message}${extra ? ` ${extra}` : ''}`);
      };
    return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  }

  private baseUrlForHints(): string {
    return this.settings?.baseUrl ?? process.env.TILLPOINT_URL ?? 'the configured URL';
  }

  /** Ctrl-C: say so on stderr and exit 130 without waiting for in-flight requests. */
  private interrupted(): void {
    if (this.jsonEnabled()) {
      process.stderr.write(
        `${JSON.stringify({ error: { code: 'interrupted', message: 'Interrupted.', requestId: null, status: null } })}\n`,
      );
    } else {
      process.stderr.write('\nInterrupted.\n');
    }
    process.exit(EXIT.interrupted);
  }
}

/** `--color`/`--no-color` read from raw argv, for errors printed before parsing succeeded. */
function colorFromArgv(argv: string[]): boolean | undefined {
  const end = argv.indexOf('--');
  const args = end === -1 ? argv : argv.slice(0, end);
  if (args.includes('--no-color')) return false;
  if (args.includes('--color')) return true;
  return undefined;
}

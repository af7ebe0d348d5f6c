import { CliFailure, EXIT } from '../output/describe-error.js';

/** Minimum password length of the daemon's policy (PASSWORD_MIN_LENGTH in the SDK, not imported so that parsing
 * flags never loads the SDK). */
export const PASSWORD_MIN_LENGTH = 10;

/**
 * Reads all of stdin as UTF-8 and removes one trailing newline (`\n` or `\r\n`), so that
 * `echo "$PASSWORD" | till login --password-stdin` and `printf %s "$PASSWORD" | …` agree.
 */
export async function readStdinValue(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return trimOneNewline(Buffer.concat(chunks).toString('utf8'));
}

/** Removes one trailing `\n` or `\r\n`. */
export function trimOneNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** Reads a required value from stdin; empty input fails with exit 2 naming `flag`. */
export async function readRequiredStdin(flag: string, what: string): Promise<string> {
  if (process.stdin.isTTY) {
    throw new CliFailure(`${flag} reads ${what} from stdin, but stdin is a terminal.`, 'usage_error', {
      exitCode: EXIT.usage,
      hint: `Pipe it in, e.g. \`printf %s "$VALUE" | till … ${flag}\`.`,
    });
  }
  const value = await readStdinValue();
  if (value === '') {
    throw new CliFailure(`${flag} got no ${what} on stdin.`, 'usage_error', { exitCode: EXIT.usage });
  }
  return value;
}

type Prompts = typeof import('@inquirer/prompts');

async function prompts(): Promise<Prompts> {
  return import('@inquirer/prompts');
}

/** Prompts write to stderr so that stdout keeps only the result. */
const context = () => ({ input: process.stdin, output: process.stderr });

/** Runs a prompt; Ctrl-C (inquirer's ExitPromptError) becomes exit 130. */
async function ask<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as Error | undefined)?.name === 'ExitPromptError') {
      throw new CliFailure('Interrupted.', 'interrupted', { exitCode: EXIT.interrupted });
    }
    throw error;
  }
}

/** A visible text prompt; only call when interactive. */
export async function promptText(
  message: string,
  options: { default?: string | undefined; validate?: (value: string) => true | string } = {},
): Promise<string> {
  const { input } = await prompts();
  const value = await ask(() =>
    input(
      {
        message,
        ...(options.default ? { default: options.default } : {}),
        validate: (value: string) =>
          value.trim() === '' ? 'Required.' : options.validate ? options.validate(value.trim()) : true,
      },
      context(),
    ),
  );
  return value.trim();
}

/** A hidden prompt (nothing is echoed); only call when interactive. */
export async function promptSecret(
  message: string,
  validate?: (value: string) => true | string,
): Promise<string> {
  const { password } = await prompts();
  return ask(() =>
    password(
      {
        message,
        validate: (value: string) => (value === '' ? 'Required.' : validate ? validate(value) : true),
      },
      context(),
    ),
  );
}

/** Asks for a new password twice, hidden, until both entries match. */
export async function promptNewPassword(minLength: number): Promise<string> {
  for (;;) {
    const first = await promptSecret('New password', (value) =>
      [...value].length < minLength ? `At least ${minLength} characters.` : true,
    );
    const second = await promptSecret('Repeat the password');
    if (first === second) return first;
    process.stderr.write('The passwords differ; try again.\n');
  }
}

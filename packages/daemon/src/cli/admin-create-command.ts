import { EmailSchema, PasswordSchema } from '@tillpoint/sdk/schemas';
import type { Config } from '../config.js';
import { openOfflineServices } from '../daemon.js';
import { createLogger } from '../infra/logger.js';
import { CommandFailure } from './command-failure.js';

export interface AdminCreateOptions {
  email: string;
  name?: string | undefined;
  passwordStdin: boolean;
  json: boolean;
}

/**
 * `tillpointd admin create`: creates an admin straight in the database, with no daemon running.
 * The password comes from stdin (`--password-stdin`) or a hidden prompt on a terminal; never a flag,
 * which would land in shell history and `ps`.
 * @throws CommandFailure for a bad email or password (exit 1), no way to read the password (exit 2)
 * or an email already taken (exit 1).
 */
export async function adminCreateCommand(config: Config, options: AdminCreateOptions): Promise<void> {
  const email = EmailSchema.safeParse(options.email);
  if (!email.success) throw new CommandFailure(`--email: ${email.error.issues[0]?.message}`, 'invalid_email');
  const password = await readPassword(options.passwordStdin);
  if (password === undefined) {
    throw new CommandFailure(
      'no terminal to ask for the password: pipe it in with --password-stdin',
      'usage_error',
      2,
    );
  }
  const policy = PasswordSchema.safeParse(password);
  if (!policy.success)
    throw new CommandFailure(`password ${policy.error.issues[0]?.message}`, 'invalid_password');

  // Database only: no HTTP app, workers or Redis, which would keep the process from exiting.
  const offline = await openOfflineServices(config, createLogger({ logLevel: 'warn', logFormat: 'json' }));
  const { services } = offline;
  try {
    const user = await services.auth.createAdmin({ email: email.data, password, name: options.name });
    process.stdout.write(
      options.json ? `${JSON.stringify(user)}\n` : `Created admin ${user.email} (${user.id})\n`,
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'email_taken')
      throw new CommandFailure(`an account with email ${email.data} already exists`, 'email_taken');
    throw error;
  } finally {
    await offline.close();
  }
}

async function readPassword(fromStdin: boolean): Promise<string | undefined> {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY || process.env.CI) return undefined;
  const { default: password } = await import('@inquirer/password');
  const first = await password({ message: 'Password for the new admin', mask: true });
  const second = await password({ message: 'Repeat it', mask: true });
  if (first !== second) throw new Error('the passwords do not match');
  return first;
}

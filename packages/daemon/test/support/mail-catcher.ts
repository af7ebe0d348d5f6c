import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server (the `smtp-server` package) on loopback that keeps every message it accepts, parsed. */
export async function startMailCatcher() {
  const messages: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          for (const wake of waiters) wake();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Resolves with the first message `match` accepts, waiting up to `timeoutMs` for it to arrive. */
    async waitFor(match: (mail: ParsedMail) => boolean, timeoutMs = 10_000): Promise<ParsedMail> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching email within ${timeoutMs} ms (${messages.length} received)`);
        await new Promise<void>((resolve) => {
          const wake = () => resolve();
          waiters.add(wake);
          setTimeout(resolve, 100).unref();
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type MailCatcher = Awaited<ReturnType<typeof startMailCatcher>>;

/** Waits up to `timeoutMs` for an `.eml` file in a file outbox that `match` accepts, and returns it parsed. */
export async function findInOutbox(
  dir: string,
  match: (mail: ParsedMail) => boolean,
  timeoutMs = 10_000,
): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  const seen = new Map<string, ParsedMail>();
  for (;;) {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.eml'));
    for (const name of names) {
      if (!seen.has(name)) seen.set(name, await simpleParser(await readFile(join(dir, name))));
      if (match(seen.get(name)!)) return seen.get(name)!;
    }
    if (Date.now() > deadline) throw new Error(`no matching email in ${dir} (${names.length} there)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The address a parsed email was sent to. */
export const recipientOf = (mail: ParsedMail) =>
  (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address ?? '';

/** The reset token in a password-reset email. */
/** The one-time email verification token (`emt_…`) in a verification email. */
export function verificationTokenIn(mail: ParsedMail): string {
  const token = /emt_[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
  if (!token) throw new Error(`no verification token in: ${mail.text}`);
  return token;
}

export function resetTokenIn(mail: ParsedMail): string {
  const token = /prt_[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
  if (!token) throw new Error(`no reset token in: ${mail.text}`);
  return token;
}

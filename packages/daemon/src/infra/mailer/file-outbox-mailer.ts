import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer } from './mailer.js';
import { lazyTransport } from './nodemailer-transport.js';

/**
 * With no SMTP server configured, mail is rendered to RFC 5322 `.eml` files in `dir` (open them in any mail
 * client). Named by time and message ID, so a retried job overwrites its own file instead of adding one.
 */
export function createFileOutboxMailer(options: { dir: string; from: string }): Mailer {
  const transport = lazyTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    target: options.dir,
    async send(message) {
      const info = await (await transport.get()).sendMail({ from: options.from, ...message });
      await mkdir(options.dir, { recursive: true, mode: 0o700 });
      const name = `${message.messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
      const path = join(options.dir, name);
      await writeFile(`${path}.partial`, info.message as Buffer, { mode: 0o600 });
      await rename(`${path}.partial`, path);
      return { accepted: [message.to] };
    },
    close: () => transport.close(),
  };
}

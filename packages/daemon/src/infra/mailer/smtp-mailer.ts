import type { Mailer } from './mailer.js';
import { lazyTransport } from './nodemailer-transport.js';

/** Mail over SMTP (nodemailer). TLS per the URL scheme: `smtps://` implicit TLS, `smtp://` STARTTLS when offered. */
export function createSmtpMailer(options: { url: string; from: string; timeoutMs?: number }): Mailer {
  const url = new URL(options.url);
  const transport = lazyTransport({
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    connectionTimeout: options.timeoutMs ?? 10_000,
    greetingTimeout: options.timeoutMs ?? 10_000,
    socketTimeout: options.timeoutMs ?? 30_000,
    // Loopback SMTP relays often have self-signed certificates; anything else must verify.
    tls: { rejectUnauthorized: !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) },
  });
  return {
    target: `${url.protocol}//${url.host}`,
    async send(message) {
      const info = await (await transport.get()).sendMail({ from: options.from, ...message });
      return { accepted: (info.accepted ?? []).map(String) };
    },
    close: () => transport.close(),
  };
}

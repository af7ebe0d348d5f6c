/** One email as the templates render it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per logical message, so a retried job is recognisable downstream (`Message-ID`). */
  messageId: string;
}

/**
 * Sends email. Two implementations, picked by config: SMTP (`smtp-mailer.ts`) and, with no SMTP configured, a file
 * outbox of `.eml` files in the data dir (`file-outbox-mailer.ts`). Both are nodemailer transports.
 */
export interface Mailer {
  /** Where mail goes, for logs and `tillpointd config`: `smtp://host:port` or the outbox folder. */
  readonly target: string;
  send(message: MailMessage): Promise<{ accepted: string[] }>;
  close(): void;
}

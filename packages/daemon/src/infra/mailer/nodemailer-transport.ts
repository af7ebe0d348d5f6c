import type { Transporter } from 'nodemailer';

/**
 * A nodemailer transport made on the first email, not at start: nodemailer and its dependencies cost an idle daemon
 * about 2 MB of heap, and many daemons send mail rarely. Concurrent first sends share one transport.
 */
export function lazyTransport(options: object) {
  let opening: Promise<Transporter> | undefined;
  let opened: Transporter | undefined;
  return {
    get(): Promise<Transporter> {
      opening ??= import('nodemailer').then(({ default: nodemailer }) => {
        opened = nodemailer.createTransport(options);
        return opened;
      });
      return opening;
    },
    close(): void {
      opened?.close();
    },
  };
}

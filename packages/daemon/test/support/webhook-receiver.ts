import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /**
   * The secrets (of those the receiver knows) whose signature is in `webhook-signature`, computed with the
   * `standardwebhooks` package. Independent of the timestamp, so tests on a manual clock can check rotations.
   */
  verifiedWith: string[];
  /** Whether `Webhook.verify` (signature and timestamp tolerance against the real clock) passed for a known secret. */
  verified: boolean;
}

/**
 * A webhook receiver on loopback that verifies every delivery with the `standardwebhooks` package, as a real
 * consumer would, and answers with `status` (changeable between requests).
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const state = { status: 200, secrets: [] as string[], body: 'ok' };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([key, value]) => [
          key,
          Array.isArray(value) ? value.join(',') : (value ?? ''),
        ]),
      );
      const signatures = (headers['webhook-signature'] ?? '').split(' ');
      const timestamp = new Date(Number(headers['webhook-timestamp']) * 1000);
      const verifiedWith = state.secrets.filter((secret) =>
        signatures.includes(new Webhook(secret).sign(headers['webhook-id'] ?? '', timestamp, body)),
      );
      const verified = state.secrets.some((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      received.push({ headers: req.headers, body, verifiedWith, verified });
      res.writeHead(state.status, { 'content-type': 'text/plain' }).end(state.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

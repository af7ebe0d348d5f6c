// Receives Tillpoint's outbound webhooks and verifies each signature with the `standardwebhooks` package.
//   TILLPOINT_WEBHOOK_SECRET=whsec_… node receiver.mjs            (listens on 127.0.0.1:8787, path /hooks)
// Prints one JSON line per verified delivery on stdout; refused deliveries are logged on stderr.
import { createServer } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

const secret = process.env.TILLPOINT_WEBHOOK_SECRET;
if (!secret?.startsWith('whsec_')) {
  console.error(
    'Set TILLPOINT_WEBHOOK_SECRET to the endpoint secret (whsec_…) that `till webhooks endpoints create` printed.',
  );
  process.exit(2);
}
const port = Number(process.env.PORT ?? 8787);
const webhook = new Webhook(secret);

/** Reads the body as sent: the signature covers the exact bytes, so never re-serialize parsed JSON. */
async function rawBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const server = createServer(async (request, response) => {
  if (request.method !== 'POST' || request.url !== '/hooks') {
    response.writeHead(404).end();
    return;
  }
  const body = await rawBody(request);
  try {
    // Checks webhook-id, webhook-timestamp (within 5 minutes) and webhook-signature; throws otherwise.
    const event = webhook.verify(body, request.headers);
    console.log(
      JSON.stringify({
        verified: true,
        id: request.headers['webhook-id'],
        type: event.type,
        data: event.data,
      }),
    );
    // Any 2xx acknowledges; Tillpoint retries anything else with backoff.
    response.writeHead(204).end();
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    console.error(`refused delivery ${request.headers['webhook-id'] ?? '(no id)'}: ${error.message}`);
    response.writeHead(400, { 'content-type': 'text/plain' }).end('invalid signature\n');
  }
});

server.listen(port, '127.0.0.1', () => {
  const { port: bound } = server.address();
  console.error(`webhook receiver listening on http://127.0.0.1:${bound}/hooks`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));

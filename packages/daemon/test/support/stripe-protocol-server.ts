import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  capture_method: string;
  last_payment_error: { code: string; decline_code?: string; message: string } | null;
  metadata: Record<string, string>;
}

const CANCELABLE = new Set([
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
]);

export interface StripeCall {
  method: string;
  path: string;
  form: Record<string, string>;
  idempotencyKey: string | undefined;
}

/**
 * A local server speaking the part of Stripe's documented REST protocol the provider uses:
 * form-encoded `POST /v1/payment_intents` (confirm=true), `/v1/payment_intents/:id/capture`,
 * `/v1/payment_intents/:id/cancel` and `/v1/refunds`, with bearer-key auth and idempotency-key replay. Test payment methods follow
 * Stripe's names: `pm_card_visa` succeeds, `pm_card_chargeDeclined` is declined (`pm_card_chargeDeclinedIncorrectCvc`
 * fails with a card error that has no decline code),
 * `pm_card_processing` stays processing until a webhook says otherwise.
 * Reads: `GET /v1/payment_intents/:id` and `GET /v1/payment_intents/search?query=metadata['key']:'value'`.
 * `behaviour.loseAnswers = n` processes the next `n` requests and drops each connection without answering, as a
 * network failure after Stripe acted would. Stripe's library retries a closed connection once with the same
 * idempotency key (and gets the replay), so an answer is lost for good only when two are dropped in a row.
 */
export async function startStripeProtocolServer(secretKey: string) {
  const intents = new Map<string, Intent>();
  const replays = new Map<string, { status: number; body: string }>();
  const calls: StripeCall[] = [];
  const behaviour = { loseAnswers: 0 };

  function send(res: ServerResponse, status: number, body: unknown) {
    return answer(res, status, JSON.stringify(body));
  }

  function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
    if (behaviour.loseAnswers > 0) {
      behaviour.loseAnswers -= 1;
      res.socket?.destroy();
      return { status, body: text };
    }
    // Stripe names every answer with a `Request-Id`.
    const requestId = `req_${randomBytes(7).toString('hex')}`;
    res
      .writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...headers })
      .end(text);
    return { status, body: text };
  }

  function read(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET') return false;
    const url = new URL(req.url ?? '/', 'http://stripe.local');
    if (url.pathname === '/v1/payment_intents/search') {
      const match = /^metadata\['([^']+)'\]:'([^']*)'$/.exec(url.searchParams.get('query') ?? '');
      const data = match
        ? [...intents.values()].filter((intent) => intent.metadata[match[1]!] === match[2])
        : [];
      send(res, 200, { object: 'search_result', data, has_more: false });
      return true;
    }
    const one = /^\/v1\/payment_intents\/([^/]+)$/.exec(url.pathname);
    if (!one) return false;
    const intent = intents.get(one[1]!);
    if (intent) send(res, 200, intent);
    else send(res, 404, { error: { type: 'invalid_request_error', code: 'resource_missing' } });
    return true;
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const form = Object.fromEntries(new URLSearchParams(raw));
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    calls.push({ method: req.method ?? '', path: req.url ?? '', form, idempotencyKey });
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(res, 401, {
        error: { type: 'invalid_request_error', message: 'Invalid API Key provided' },
      });
    }
    if (read(req, res)) return;
    const replayKey = `${req.url} ${idempotencyKey}`;
    const replay = idempotencyKey ? replays.get(replayKey) : undefined;
    if (replay) return answer(res, replay.status, replay.body, { 'idempotent-replayed': 'true' });
    const remember = (result: { status: number; body: string }) => {
      if (idempotencyKey) replays.set(replayKey, result);
    };

    if (req.url === '/v1/payment_intents') {
      const amount = Number(form.amount);
      const manual = form.capture_method === 'manual';
      const intent: Intent = {
        id: `pi_${randomBytes(8).toString('hex')}`,
        object: 'payment_intent',
        amount,
        amount_received: 0,
        currency: form.currency ?? '',
        status: 'requires_payment_method',
        capture_method: form.capture_method ?? 'automatic',
        last_payment_error: null,
        metadata: Object.fromEntries(
          Object.entries(form)
            .filter(([key]) => key.startsWith('metadata['))
            .map(([key, value]) => [key.slice('metadata['.length, -1), value]),
        ),
      };
      intents.set(intent.id, intent);
      if (form.payment_method === 'pm_card_chargeDeclinedIncorrectCvc') {
        // Not a decline: Stripe names the error by `code` and gives no `decline_code`.
        intent.last_payment_error = {
          code: 'incorrect_cvc',
          message: "Your card's security code is incorrect.",
        };
        return remember(
          send(res, 402, {
            error: {
              type: 'card_error',
              code: 'incorrect_cvc',
              message: "Your card's security code is incorrect.",
              payment_intent: intent,
            },
          }),
        );
      }
      if (form.payment_method === 'pm_card_chargeDeclined') {
        intent.last_payment_error = {
          code: 'card_declined',
          decline_code: 'generic_decline',
          message: 'Your card was declined.',
        };
        return remember(
          send(res, 402, {
            error: {
              type: 'card_error',
              code: 'card_declined',
              decline_code: 'generic_decline',
              message: 'Your card was declined.',
              payment_intent: intent,
            },
          }),
        );
      }
      if (form.payment_method === 'pm_card_processing') intent.status = 'processing';
      else if (manual) intent.status = 'requires_capture';
      else {
        intent.status = 'succeeded';
        intent.amount_received = amount;
      }
      return remember(send(res, 200, intent));
    }
    const capture = /^\/v1\/payment_intents\/([^/]+)\/capture$/.exec(req.url ?? '');
    if (capture) {
      const intent = intents.get(capture[1]!);
      if (intent?.status !== 'requires_capture') {
        return send(res, 400, {
          error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state' },
        });
      }
      intent!.status = 'succeeded';
      intent!.amount_received = Number(form.amount_to_capture ?? intent!.amount);
      return remember(send(res, 200, intent));
    }
    // Stripe cancels intents that have not reached a final state (processing ones only in rare cases, never here);
    // otherwise 400 payment_intent_unexpected_state with the intent in the error.
    const cancel = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(req.url ?? '');
    if (cancel) {
      const intent = intents.get(cancel[1]!);
      if (!intent)
        return send(res, 404, { error: { type: 'invalid_request_error', code: 'resource_missing' } });
      if (!CANCELABLE.has(intent.status)) {
        return send(res, 400, {
          error: {
            type: 'invalid_request_error',
            code: 'payment_intent_unexpected_state',
            message: `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
            payment_intent: intent,
          },
        });
      }
      intent.status = 'canceled';
      return remember(send(res, 200, { ...intent, cancellation_reason: form.cancellation_reason ?? null }));
    }
    if (req.url === '/v1/refunds') {
      const intent = intents.get(form.payment_intent ?? '');
      if (!intent)
        return send(res, 404, { error: { type: 'invalid_request_error', code: 'resource_missing' } });
      return remember(
        send(res, 200, {
          id: `re_${randomBytes(8).toString('hex')}`,
          object: 'refund',
          amount: Number(form.amount),
          status: 'succeeded',
        }),
      );
    }
    return send(res, 404, {
      error: {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${req.method}: ${req.url})`,
      },
    });
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => handle(req, res, raw));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    intents,
    behaviour,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Builds a Stripe event and its `Stripe-Signature` header, as Stripe would send it. */
export function signedStripeEvent(
  secret: string,
  event: { id: string; type: string; data: { object: unknown } },
  timestamp = Math.floor(Date.now() / 1000),
) {
  const payload = JSON.stringify({
    object: 'event',
    api_version: '2024-06-20',
    created: timestamp,
    ...event,
  });
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }) };
}

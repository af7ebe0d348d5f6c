import type {
  AuthorizeRequest,
  AuthorizeResult,
  PaymentProviderAdapter,
  ProviderEvent,
} from '../payment-provider.js';

/**
 * Test card numbers and the outcome each one produces (documented in docs/payments.md).
 * Any other number is declined with `incorrect_number`.
 */
export const TEST_CARDS = {
  '4242424242424242': 'succeeds',
  '4000000000000002': 'declined (card_declined)',
  '4000000000009995': 'declined (insufficient_funds)',
  '4000000000003220': 'requires capture',
  '4000000000000259': 'pending, then succeeds by webhook a moment later',
} as const;

/** How long the "delayed webhook" card waits before reporting success. */
export const TEST_WEBHOOK_DELAY_MS = 50;

/** How many payments the test provider remembers: enough for any test or benchmark, bounded for a long-lived daemon. */
const LEDGER_LIMIT = 100_000;

type LedgerEntry = AuthorizeResult | { status: 'canceled'; reference: string };

/**
 * `test`: deterministic and offline. The card number picks the outcome, like Stripe's test cards.
 * The delayed-success card reports its outcome through `onEvent`, as a real provider's webhook would.
 *
 * It keeps a ledger of what it answered, as a real provider keeps its records, so reconciliation and voids get its
 * real answer. The ledger lives in this process: after a restart the provider has no record of earlier payments,
 * which reconciliation rightly reads as "no money moved" (none ever moves here).
 */
export function createTestProvider(onEvent: (event: ProviderEvent) => void): PaymentProviderAdapter {
  const ledger = new Map<string, LedgerEntry>();
  const record = <T extends LedgerEntry>(paymentId: string, entry: T): T => {
    ledger.delete(paymentId);
    ledger.set(paymentId, entry);
    if (ledger.size > LEDGER_LIMIT) ledger.delete(ledger.keys().next().value as string);
    return entry;
  };

  function decide(request: AuthorizeRequest): AuthorizeResult {
    const number = request.card?.number.replaceAll(' ', '') ?? '';
    const reference = `test_${request.paymentId}`;
    const declined = (failureCode: string, failureMessage: string) =>
      ({ status: 'failed', reference, failureCode, failureMessage }) as const;
    switch (number) {
      case '4242424242424242':
        return request.captureMethod === 'manual'
          ? { status: 'requires_capture', reference }
          : { status: 'succeeded', reference, amountCaptured: request.amount };
      case '4000000000000002':
        return declined('card_declined', 'The card was declined.');
      case '4000000000009995':
        return declined('insufficient_funds', 'The card has insufficient funds.');
      case '4000000000003220':
        return { status: 'requires_capture', reference };
      case '4000000000000259':
        setTimeout(
          () => settleLater(request.paymentId, reference, request.amount),
          TEST_WEBHOOK_DELAY_MS,
        ).unref();
        return { status: 'pending', reference };
      default:
        return declined('incorrect_number', 'Use one of the documented test card numbers.');
    }
  }

  /** The delayed card's webhook, unless the payment was voided first. */
  function settleLater(paymentId: string, reference: string, amount: number) {
    if (ledger.get(paymentId)?.status !== 'pending') return;
    record(paymentId, { status: 'succeeded', reference, amountCaptured: amount });
    onEvent({
      provider: 'test',
      eventId: `evt_test_${paymentId}`,
      reference,
      outcome: 'succeeded',
      amountCaptured: amount,
    });
  }

  return {
    name: 'test',
    async authorize(request) {
      return record(request.paymentId, decide(request));
    },
    async capture(reference, amount, paymentId) {
      record(paymentId, {
        status: 'succeeded',
        reference: reference ?? `test_${paymentId}`,
        amountCaptured: amount,
      });
      return { amountCaptured: amount };
    },
    async lookup(_reference, paymentId) {
      const entry = ledger.get(paymentId);
      if (entry?.status !== 'canceled') return entry;
      return {
        status: 'failed',
        reference: entry.reference,
        failureCode: 'canceled',
        failureMessage: 'The payment was voided.',
      };
    },
    async cancel(reference, paymentId) {
      const entry = ledger.get(paymentId);
      if (entry?.status === 'succeeded' || entry?.status === 'failed') return entry;
      record(paymentId, { status: 'canceled', reference: reference ?? `test_${paymentId}` });
      return { status: 'canceled', reference };
    },
    async refund(_reference, _amount, refundId) {
      return { reference: `test_${refundId}` };
    },
  };
}

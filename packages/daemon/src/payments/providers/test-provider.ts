import type { PaymentProviderAdapter, ProviderEvent } from '../payment-provider.js';

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

/**
 * `test`: deterministic and offline. The card number picks the outcome, like Stripe's test cards.
 * The delayed-success card reports its outcome through `onEvent`, as a real provider's webhook would.
 */
export function createTestProvider(onEvent: (event: ProviderEvent) => void): PaymentProviderAdapter {
  return {
    name: 'test',
    async authorize(request) {
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
            () =>
              onEvent({
                provider: 'test',
                eventId: `evt_test_${request.paymentId}`,
                reference,
                outcome: 'succeeded',
                amountCaptured: request.amount,
              }),
            TEST_WEBHOOK_DELAY_MS,
          ).unref();
          return { status: 'pending', reference };
        default:
          return declined('incorrect_number', 'Use one of the documented test card numbers.');
      }
    },
    async capture(_reference, amount) {
      return { amountCaptured: amount };
    },
    // Simulated outcomes arrive by themselves; nothing to ask.
    async lookup() {
      return { status: 'pending', reference: null };
    },
    async refund(_reference, _amount, refundId) {
      return { reference: `test_${refundId}` };
    },
  };
}

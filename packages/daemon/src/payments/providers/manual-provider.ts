import type { PaymentProviderAdapter } from '../payment-provider.js';

/** `manual`: an admin records money received outside Tillpoint (cash, bank transfer). Nothing is called. */
export function createManualProvider(): PaymentProviderAdapter {
  return {
    name: 'manual',
    async authorize(request) {
      if (request.captureMethod === 'manual')
        return { status: 'requires_capture', reference: request.reference ?? null };
      return { status: 'succeeded', reference: request.reference ?? null, amountCaptured: request.amount };
    },
    async capture(_reference, amount) {
      return { amountCaptured: amount };
    },
    // An admin records manual outcomes; reconciliation has nobody to ask.
    async lookup() {
      return { status: 'pending', reference: null };
    },
    // Nothing was taken through Tillpoint, so there is nothing to give back.
    async cancel(reference) {
      return { status: 'canceled', reference };
    },
    async refund() {
      return { reference: null };
    },
  };
}

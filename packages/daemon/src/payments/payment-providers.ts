import type { PaymentProvider } from '@tillpoint/sdk/schemas';
import type { Config } from '../config.js';
import type { PaymentProviderAdapter, ProviderEvent } from './payment-provider.js';
import { createManualProvider } from './providers/manual-provider.js';
import { createStripeProvider } from './providers/stripe-provider.js';
import { createTestProvider } from './providers/test-provider.js';

export type PaymentProviders = Record<PaymentProvider, PaymentProviderAdapter>;

/** All providers, keyed by name. `onEvent` receives outcomes reported after the fact. */
export function createPaymentProviders(
  config: Pick<Config, 'stripeSecretKey' | 'stripeApiBase'>,
  onEvent: (event: ProviderEvent) => void,
): PaymentProviders {
  return {
    manual: createManualProvider(),
    test: createTestProvider(onEvent),
    stripe: createStripeProvider(config),
  };
}

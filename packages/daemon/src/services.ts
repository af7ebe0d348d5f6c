import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database-types.js';
import type { Cache } from './infra/cache/cache.js';
import type { Clock } from './infra/clock.js';
import type { CounterStore } from './infra/counters/counter-store.js';
import type { Logger } from './infra/logger.js';
import { createApiKeysRepository } from './modules/api-keys/api-keys-repository.js';
import { createApiKeysService } from './modules/api-keys/api-keys-service.js';
import { createAccessTokens } from './modules/auth/access-tokens.js';
import { createAuthService } from './modules/auth/auth-service.js';
import { createLoginThrottle } from './modules/auth/login-throttle.js';
import { createPasswordHasher } from './modules/auth/password-hasher.js';
import { createPasswordResetsRepository } from './modules/auth/password-resets-repository.js';
import { createSessionsRepository } from './modules/auth/sessions-repository.js';
import { loadSigningKeys } from './modules/auth/signing-keys.js';
import { createEventsService } from './modules/events/events-service.js';
import { createJobsService } from './modules/jobs/jobs-service.js';
import { maintenanceJobTypes } from './modules/jobs/maintenance-handlers.js';
import { ordersJobTypes } from './modules/orders/orders-handlers.js';
import { createOrdersService } from './modules/orders/orders-service.js';
import { createPaymentsService } from './modules/payments/payments-service.js';
import { createProductsService } from './modules/products/products-service.js';
import { createSettingsRepository } from './modules/settings/settings-repository.js';
import { createSystemService } from './modules/system/system-service.js';
import { createUsersRepository } from './modules/users/users-repository.js';
import { createUsersService } from './modules/users/users-service.js';
import type { ProviderEvent } from './payments/payment-provider.js';
import { createPaymentProviders } from './payments/payment-providers.js';
import { createJobQueue, type JobQueue } from './queue/job-queue.js';
import { createJobCatalog } from './queue/job-types.js';

/** The adapters chosen for this mode (single node: memory; cluster: Redis), built by the composition root. */
export interface Adapters {
  database: DatabaseHandle;
  counters: CounterStore;
  cache: Cache;
  clock: Clock;
  logger: Logger;
}

/**
 * Wires repositories into services. Modules get their collaborators here and never look at the
 * mode or the dialect themselves.
 */
export async function createServices(config: Config, adapters: Adapters) {
  const { db } = adapters.database;
  const { clock, logger } = adapters;
  const users = createUsersRepository(db);
  const sessions = createSessionsRepository(db);
  const apiKeysRepository = createApiKeysRepository(db);
  const hasher = await createPasswordHasher(config.bcryptCost);
  const tokens = createAccessTokens(config, loadSigningKeys(config), clock);
  // Providers report late outcomes (webhooks) to the payments service, which needs the providers: tie the knot here.
  let onProviderEvent: (event: ProviderEvent) => void = () => {};
  const providers = createPaymentProviders(config, (event) => onProviderEvent(event));
  const payments = createPaymentsService({ db, clock, providers, logger });
  onProviderEvent = (event) => {
    payments
      .applyProviderEvent(event)
      .catch((error: unknown) => logger.error({ err: error, event }, 'provider event failed'));
  };
  const orders = createOrdersService({ db, cache: adapters.cache, clock, config });
  // Job types live with the module whose work they do; the catalog gathers them.
  let queue: JobQueue | undefined;
  const catalog = createJobCatalog([
    ...ordersJobTypes(orders),
    ...maintenanceJobTypes({ db, clock, queue: () => queue!, config }),
  ]);
  queue = createJobQueue({ catalog, clock });
  return {
    system: createSystemService(adapters.database, logger),
    products: createProductsService({ db, cache: adapters.cache, clock }),
    orders,
    catalog,
    queue,
    jobs: createJobsService({ db, queue, catalog }),
    payments,
    events: createEventsService(db),
    auth: createAuthService({
      db,
      config,
      users,
      sessions,
      resets: createPasswordResetsRepository(db),
      settings: createSettingsRepository(db),
      hasher,
      tokens,
      throttle: createLoginThrottle(adapters.counters, clock),
      clock,
      logger,
    }),
    users: createUsersService({ users, sessions, apiKeys: apiKeysRepository, hasher, clock }),
    apiKeys: createApiKeysService({ apiKeys: apiKeysRepository, clock }),
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;

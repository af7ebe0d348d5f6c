import { join } from 'node:path';
import type { Promotion, Region, ShippingMethod, TaxRate } from '@tillpoint/sdk/schemas';
import { type Config, modeOf } from './config.js';
import type { DatabaseHandle } from './db/database-types.js';
import { createBlobStore } from './infra/blobs/blob-store-factory.js';
import type { Cache } from './infra/cache/cache.js';
import { readThroughCache } from './infra/cache/read-through-cache.js';
import type { Clock } from './infra/clock.js';
import type { CounterStore } from './infra/counters/counter-store.js';
import type { Logger } from './infra/logger.js';
import { createFileOutboxMailer } from './infra/mailer/file-outbox-mailer.js';
import type { Mailer } from './infra/mailer/mailer.js';
import { createSmtpMailer } from './infra/mailer/smtp-mailer.js';
import { registerMetricCollectors } from './infra/metric-collectors.js';
import { createMetrics } from './infra/metrics.js';
import { createGuardedAgent } from './infra/net/ssrf-guard.js';
import { createSecretBox } from './infra/secret-box.js';
import { eraseAddressBook } from './modules/addresses/address-book-erasure.js';
import { createAddressesService } from './modules/addresses/addresses-service.js';
import { createApiKeysRepository } from './modules/api-keys/api-keys-repository.js';
import { createApiKeysService } from './modules/api-keys/api-keys-service.js';
import { createAuditService } from './modules/audit/audit-service.js';
import { createAccessTokens } from './modules/auth/access-tokens.js';
import { authJobTypes } from './modules/auth/auth-handlers.js';
import { createAuthService } from './modules/auth/auth-service.js';
import { createLoginThrottle } from './modules/auth/login-throttle.js';
import { createOneTimeTokensRepository } from './modules/auth/one-time-tokens-repository.js';
import { createPasswordHasher } from './modules/auth/password-hasher.js';
import { withSessionStateCache } from './modules/auth/session-state-cache.js';
import { createSessionsRepository } from './modules/auth/sessions-repository.js';
import { loadSigningKeys } from './modules/auth/signing-keys.js';
import { backupsJobTypes } from './modules/backups/backups-handlers.js';
import { createBackupsService } from './modules/backups/backups-service.js';
import { createCartPricing } from './modules/carts/cart-pricing.js';
import { cartsJobTypes } from './modules/carts/carts-handlers.js';
import { createCartsService } from './modules/carts/carts-service.js';
import { collectionsOfProducts } from './modules/collections/collection-membership.js';
import { createCollectionsService } from './modules/collections/collections-service.js';
import { emailJobTypes } from './modules/email/email-handlers.js';
import { emailReactions } from './modules/email/email-reactions.js';
import { createEventStream } from './modules/events/event-stream.js';
import { createEventsService } from './modules/events/events-service.js';
import { createOutbox } from './modules/events/outbox.js';
import { createJobsService } from './modules/jobs/jobs-service.js';
import { maintenanceJobTypes } from './modules/jobs/maintenance-handlers.js';
import { probeJobTypes } from './modules/jobs/probe-handlers.js';
import { mediaOfProducts } from './modules/media/media-repository.js';
import { createMediaService } from './modules/media/media-service.js';
import { orderLinesReferenceVariant } from './modules/orders/order-lines.js';
import { createOrderLinkTokens } from './modules/orders/order-link-tokens.js';
import { ordersJobTypes } from './modules/orders/orders-handlers.js';
import { createOrdersService } from './modules/orders/orders-service.js';
import { paymentsJobTypes } from './modules/payments/payments-handlers.js';
import { createPaymentsService } from './modules/payments/payments-service.js';
import { createCatalogReservations } from './modules/products/catalog-reservations.js';
import { createCatalogStore } from './modules/products/catalog-store.js';
import { productsJobTypes } from './modules/products/products-handlers.js';
import { createProductsService } from './modules/products/products-service.js';
import { createVariantsService } from './modules/products/variants-service.js';
import { createPromotionsService } from './modules/promotions/promotions-service.js';
import { createRegionsService } from './modules/regions/regions-service.js';
import { reportsJobTypes } from './modules/reports/reports-handlers.js';
import { createSchedulesService } from './modules/schedules/schedules-service.js';
import { createSettingsStore } from './modules/settings/settings-store.js';
import { createShippingMethodsService } from './modules/shipping/shipping-methods-service.js';
import { createSystemService } from './modules/system/system-service.js';
import { createTableTaxCalculator } from './modules/tax/table-tax-calculator.js';
import { createTaxRatesService } from './modules/tax/tax-rates-service.js';
import { createUploadsService } from './modules/uploads/uploads-service.js';
import { userAccounts } from './modules/users/user-accounts.js';
import { createUsersRepository } from './modules/users/users-repository.js';
import { createUsersService } from './modules/users/users-service.js';
import { webhookFanout } from './modules/webhooks/webhook-fanout.js';
import { webhooksJobTypes } from './modules/webhooks/webhooks-handlers.js';
import { createWebhooksService } from './modules/webhooks/webhooks-service.js';
import type { ProviderEvent } from './payments/payment-provider.js';
import { createPaymentProviders } from './payments/payment-providers.js';
import { createJobQueue, type JobQueue } from './queue/job-queue.js';
import { createJobCatalog } from './queue/job-types.js';
import { createScheduler } from './scheduler/scheduler.js';
import { createDataPool } from './workers/data-pool.js';

/** The adapters chosen for this mode (single node: memory; cluster: Redis), built by the composition root. */
export interface Adapters {
  database: DatabaseHandle;
  counters: CounterStore;
  cache: Cache;
  /** Cluster: tells other nodes a queue has work. */
  broadcastWake?: ((queue: string) => void) | undefined;
  /** Cluster: why Redis counts as down, or undefined while it answers. */
  redisProblem?: () => string | undefined;
  /** Releases the adapters' connections (Redis) when the services close. */
  closeAdapters?: () => Promise<void>;
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
  // Authentication reads a session's state on every request: served from the cache, dropped on every revocation.
  const sessions = withSessionStateCache(createSessionsRepository(db), {
    cache: adapters.cache,
    ttlMs: config.sessionCacheMs,
    now: () => clock.now().toISOString(),
  });
  const apiKeysRepository = createApiKeysRepository(db);
  const hasher = await createPasswordHasher(config.bcryptCost);
  let schedulerRunning = false;
  const signingKeys = loadSigningKeys(config);
  const tokens = createAccessTokens(config, signingKeys, clock);
  const keyMaterial = [...signingKeys.all.values()].map(({ kid, key }) => ({ kid, secret: key }));
  const box = createSecretBox(keyMaterial);
  const orderLinks = createOrderLinkTokens(keyMaterial);
  const blobs = await createBlobStore(config, { db });
  const mailer: Mailer = config.smtpUrl
    ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom })
    : createFileOutboxMailer({ dir: join(config.dataDir, 'outbox'), from: config.mailFrom });
  const webhookAgent = createGuardedAgent({
    allowPrivate: config.webhookAllowPrivateTargets,
    timeoutMs: config.webhookTimeoutMs,
  });
  const pool = createDataPool(config, { threads: config.dataThreads });
  const metrics = createMetrics();
  const outbox = createOutbox();
  // Providers report late outcomes (webhooks) to the payments service, which needs the providers: tie the knot here.
  let onProviderEvent: (event: ProviderEvent) => void = () => {};
  const providers = createPaymentProviders(config, (event) => onProviderEvent(event));
  const payments = createPaymentsService({ db, clock, providers, logger, outbox, orderLinks });
  onProviderEvent = (event) => {
    payments
      .applyProviderEvent(event)
      .catch((error: unknown) => logger.error({ err: error, event }, 'provider event failed'));
  };
  const catalogStore = createCatalogStore({
    db,
    cache: adapters.cache,
    clock,
    search: adapters.database.productSearch,
    mediaOf: mediaOfProducts,
  });
  const variants = createVariantsService({
    store: catalogStore,
    outbox,
    referencedByOrders: orderLinesReferenceVariant,
  });
  // Collections check products exist; products filter by collection: the later one is reached lazily.
  const collections = createCollectionsService({ db, clock, outbox, products: () => products });
  const products = createProductsService({ store: catalogStore, variants, collections, outbox });
  const media = createMediaService({
    db,
    blobs,
    clock,
    outbox,
    logger,
    products,
    maxBytes: config.mediaMaxBytes,
  });
  const catalogReservations = createCatalogReservations(catalogStore);
  const orders = createOrdersService({ db, clock, config, outbox, catalog: catalogReservations, orderLinks });
  const uploads = createUploadsService({ blobs, clock });
  // Tax rates and shipping methods check their region; a region refuses deletion while they refer to it.
  // Cart answers price from cached regions, tax rates and shipping methods; each module drops its entries on change.
  const referenceCache = <T>(namespace: string) =>
    readThroughCache<T>(adapters.cache, namespace, config.checkoutReferenceCacheMs);
  const regions = createRegionsService({
    db,
    clock,
    outbox,
    references: () => ({
      taxRates: taxRates.countInRegion,
      shippingMethods: shippingMethods.countInRegion,
    }),
    cached: referenceCache<Region | null>('region'),
  });
  const regionRates = referenceCache<TaxRate[]>('region-tax-rates');
  const taxRates = createTaxRatesService({ db, clock, outbox, regions: () => regions, regionRates });
  const shippingMethods = createShippingMethodsService({
    db,
    clock,
    outbox,
    regions: () => regions,
    regionMethods: referenceCache<ShippingMethod[]>('region-shipping-methods'),
  });
  const promotions = createPromotionsService({
    db,
    clock,
    outbox,
    cached: {
      byCode: referenceCache<Promotion | null>('promotion-code'),
      automatic: referenceCache<Promotion[]>('promotions-automatic'),
    },
  });
  const taxCalculator = createTableTaxCalculator({ regionRates });
  const carts = createCartsService({
    db,
    clock,
    outbox,
    config,
    catalog: catalogReservations,
    regions,
    promotions,
    orders,
    priceCart: createCartPricing({
      catalog: catalogReservations,
      regions,
      taxCalculator,
      shipping: shippingMethods,
      promotions,
      collectionsOf: collectionsOfProducts,
      clock,
    }),
  });
  // Job types live with the module whose work they do; the catalog gathers them. Handlers that need the queue
  // (or a service built after the catalog) get it lazily: the catalog must exist before the queue.
  let queue: JobQueue | undefined;
  const lazyQueue = () => queue!;
  let auth: ReturnType<typeof createAuthService> | undefined;
  const catalog = createJobCatalog([
    ...ordersJobTypes(orders),
    ...cartsJobTypes(() => carts),
    ...maintenanceJobTypes({ db, clock, queue: lazyQueue, config, blobs }),
    ...probeJobTypes(),
    ...emailJobTypes({ db, mailer, shopName: config.shopName, orderLinks }),
    ...authJobTypes({ auth: () => auth!, mailer, shopName: config.shopName }),
    ...webhooksJobTypes({
      db,
      clock,
      box,
      agent: webhookAgent,
      queue: lazyQueue,
      timeoutMs: config.webhookTimeoutMs,
      allowPrivateTargets: config.webhookAllowPrivateTargets,
      metrics,
    }),
    ...paymentsJobTypes(() => payments, { voidAfterMinutes: config.paymentVoidAfterMinutes }),
    ...reportsJobTypes({ pool, clock }),
    ...productsJobTypes({ products, uploads, blobs, pool }),
    ...backupsJobTypes(() => backups),
  ]);
  queue = createJobQueue({
    catalog,
    clock,
    broadcast: adapters.broadcastWake,
    oneWriter: !adapters.database.capabilities.supportsConcurrentWriters,
  });
  const backups = createBackupsService({
    database: adapters.database,
    db,
    clock,
    queue: lazyQueue,
    backupDir: config.backupDir ?? join(config.dataDir, 'backups'),
    copyDir: config.backupCopyDir,
    blobCopies: config.backupCopyToBlobStore ? blobs : undefined,
    retentionDays: config.backupRetentionDays,
  });
  outbox.react(webhookFanout({ queue, clock }));
  // The live stream reads when a transaction that appended events commits.
  const eventStream = createEventStream({
    db,
    logger,
    now: () => clock.now().getTime(),
    commits: adapters.database.commits,
    broadcast: adapters.broadcastWake,
    concurrentWriters: adapters.database.capabilities.supportsConcurrentWriters,
    pollMs: config.eventStreamPollMs,
  });
  outbox.react(async () => eventStream.noteAppend());
  outbox.react(emailReactions({ queue }));
  const scheduler = createScheduler({ db, queue, clock, logger });
  registerMetricCollectors(metrics, { database: adapters.database, dataDir: config.dataDir });
  auth = createAuthService({
    db,
    config,
    users: userAccounts(db),
    sessions,
    resets: createOneTimeTokensRepository(db, 'password_resets'),
    settings: createSettingsStore(db),
    hasher,
    tokens,
    throttle: createLoginThrottle(adapters.counters, clock),
    clock,
    logger,
    outbox,
    queue: lazyQueue,
  });
  return {
    system: createSystemService(adapters.database, logger, {
      mode: modeOf(config),
      role: config.role,
      redisProblem: adapters.redisProblem,
    }),
    products,
    variants,
    collections,
    media,
    orders,
    regions,
    taxRates,
    /** The built-in tax calculator (the `tax_rates` table); carts ask it through the `TaxCalculator` interface. */
    taxCalculator,
    carts,
    shippingMethods,
    promotions,
    catalog,
    queue,
    blobs,
    metrics,
    scheduler,
    jobs: createJobsService({ db, queue, catalog, blobs }),
    schedules: createSchedulesService({
      db,
      clock,
      queue,
      catalog,
      capabilities: adapters.database.capabilities,
      onChange: () => (schedulerRunning ? scheduler.sync() : Promise.resolve()),
    }),
    webhooks: createWebhooksService({
      db,
      clock,
      box,
      queue,
      allowPrivateTargets: config.webhookAllowPrivateTargets,
    }),
    uploads,
    backups,
    audit: createAuditService({ db, clock }),
    payments,
    events: createEventsService(db),
    eventStream,
    auth,
    users: createUsersService({
      users,
      sessions,
      apiKeys: apiKeysRepository,
      // A deleted (anonymized) account keeps no saved addresses.
      addressBook: { erase: (userId) => eraseAddressBook(db, userId) },
      hasher,
      clock,
    }),
    addresses: createAddressesService({ db, clock }),
    apiKeys: createApiKeysService({ apiKeys: apiKeysRepository, clock }),
    /** Starts the scheduler on this node. */
    async startScheduler() {
      await scheduler.start();
      schedulerRunning = true;
    },
    /** Releases what the services hold beyond the database: scheduler timers, worker threads, sockets, SMTP pool. */
    async close() {
      schedulerRunning = false;
      await scheduler.stop();
      await pool.close();
      await blobs.close();
      await webhookAgent.close();
      mailer.close();
      await adapters.closeAdapters?.();
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;

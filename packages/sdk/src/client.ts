import { APIClient, type ClientOptions, type RequestOptions } from './core/api-client.js';
import type { APIPromise } from './core/api-promise.js';
import { ApiKeysResource } from './resources/api-keys.js';
import { AuditLogResource } from './resources/audit-log.js';
import { AuthResource } from './resources/auth.js';
import { BackupsResource } from './resources/backups.js';
import { CartsResource } from './resources/carts.js';
import { CollectionsResource } from './resources/collections.js';
import { EventsResource } from './resources/events.js';
import { JobsResource } from './resources/jobs.js';
import { MeResource } from './resources/me.js';
import { MediaResource } from './resources/media.js';
import { MetaResource } from './resources/meta.js';
import { OrdersResource } from './resources/orders.js';
import { PaymentsResource } from './resources/payments.js';
import { ProductsResource } from './resources/products.js';
import { PromotionsResource } from './resources/promotions.js';
import { RegionsResource } from './resources/regions.js';
import { SchedulesResource } from './resources/schedules.js';
import { ShippingMethodsResource } from './resources/shipping-methods.js';
import { TaxRatesResource } from './resources/tax-rates.js';
import { UploadsResource } from './resources/uploads.js';
import { UsersResource } from './resources/users.js';
import { VariantsResource } from './resources/variants.js';
import { WebhookDeliveriesResource } from './resources/webhook-deliveries.js';
import { WebhookEndpointsResource } from './resources/webhook-endpoints.js';
import { type Health, HealthSchema, type Readiness, ReadinessSchema } from './schemas/meta.js';

export {
  type ClientOptions,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type LoginOptions,
  type RequestOptions,
  type Tokens,
} from './core/api-client.js';
export type { Logger, LogLevel } from './internal/logger.js';

function isReadinessShaped(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { status, checks } = body as Record<string, unknown>;
  return typeof status === 'string' && typeof checks === 'object' && checks !== null;
}

/**
 * The Tillpoint API client.
 *
 * ```ts
 * const client = new Tillpoint({ baseUrl: 'http://127.0.0.1:7400', apiKey: process.env.TILLPOINT_API_KEY });
 * const meta = await client.meta.get();
 * ```
 */
export class Tillpoint extends APIClient {
  /** `GET /v1/meta`. */
  readonly meta: MetaResource;
  /** `/v1/auth/*`: register, log in and out, refresh, password reset, first-run setup. */
  readonly auth: AuthResource;
  /** `/v1/me`: the signed-in user; `me.addresses` is their address book. */
  readonly me: MeResource;
  /** `/v1/users`: accounts (admin). */
  readonly users: UsersResource;
  /** `/v1/api-keys`: `tp_…` API keys. */
  readonly apiKeys: ApiKeysResource;
  /**
   * `/v1/products`: the catalog and its stock; `products.variants` lists and adds a product's variants,
   * `products.media` lists and uploads its images.
   */
  readonly products: ProductsResource;
  /** `/v1/variants`: one variant by ID (prices, stock, archive). */
  readonly variants: VariantsResource;
  /** `/v1/collections`: named, ordered sets of products. */
  readonly collections: CollectionsResource;
  /** `/v1/regions`: markets (countries, currency, tax-inclusive prices). */
  readonly regions: RegionsResource;
  /** `/v1/tax-rates` (admin): tax rates per region, subdivision and category. */
  readonly taxRates: TaxRatesResource;
  /** `/v1/shipping-methods`: shipping methods per region with their price rules. */
  readonly shippingMethods: ShippingMethodsResource;
  /** `/v1/promotions` (admin): codes and automatic discounts. */
  readonly promotions: PromotionsResource;
  /** `/v1/media`: one product image by ID (alt text, position, removal, its bytes and its URL). */
  readonly media: MediaResource;
  /** `/v1/carts`: guest and customer carts, priced on every answer, completed into orders. */
  readonly carts: CartsResource;
  /** `/v1/orders`: orders and their status changes. */
  readonly orders: OrdersResource;
  /** `/v1/payments` (and `POST /v1/orders/:id/payments`): payments, captures and refunds. */
  readonly payments: PaymentsResource;
  /** `/v1/events`: domain events (admin). */
  readonly events: EventsResource;
  /** `/v1/jobs` and `/v1/job-types`: background jobs (admin). */
  readonly jobs: JobsResource;
  /** `/v1/schedules`: cron and interval schedules that enqueue jobs (admin). */
  readonly schedules: SchedulesResource;
  /** `/v1/webhook-endpoints`: where outbound webhooks go (admin). */
  readonly webhookEndpoints: WebhookEndpointsResource;
  /** `/v1/webhook-deliveries`: the outbound delivery log (admin). */
  readonly webhookDeliveries: WebhookDeliveriesResource;
  /** `/v1/uploads`: files for import jobs (admin). */
  readonly uploads: UploadsResource;
  /** `/v1/backups`: online SQLite backups (admin). */
  readonly backups: BackupsResource;
  /** `/v1/audit-log`: admin actions (admin, read-only). */
  readonly auditLog: AuditLogResource;

  constructor(options: ClientOptions = {}) {
    super(options);
    this.meta = new MetaResource(this);
    this.auth = new AuthResource(this);
    this.me = new MeResource(this);
    this.users = new UsersResource(this);
    this.apiKeys = new ApiKeysResource(this);
    this.products = new ProductsResource(this);
    this.variants = new VariantsResource(this);
    this.collections = new CollectionsResource(this);
    this.regions = new RegionsResource(this);
    this.taxRates = new TaxRatesResource(this);
    this.shippingMethods = new ShippingMethodsResource(this);
    this.promotions = new PromotionsResource(this);
    this.media = new MediaResource(this);
    this.carts = new CartsResource(this);
    this.orders = new OrdersResource(this);
    this.payments = new PaymentsResource(this);
    this.events = new EventsResource(this);
    this.jobs = new JobsResource(this);
    this.schedules = new SchedulesResource(this);
    this.webhookEndpoints = new WebhookEndpointsResource(this);
    this.webhookDeliveries = new WebhookDeliveriesResource(this);
    this.uploads = new UploadsResource(this);
    this.backups = new BackupsResource(this);
    this.auditLog = new AuditLogResource(this);
  }

  /** `GET /healthz`: liveness of the daemon. */
  health(options?: RequestOptions): APIPromise<Health> {
    return this.request('GET', '/healthz', options, HealthSchema);
  }

  /**
   * `GET /readyz`: readiness of the daemon and each dependency. Resolves for both 200 (`ready`) and 503
   * (`not_ready`) when the body is a readiness report. Never retried: a probe wants the answer now.
   */
  readiness(options?: RequestOptions): APIPromise<Readiness> {
    return this._call('GET', '/readyz', options ?? {}, {
      schema: ReadinessSchema,
      maxRetries: 0,
      acceptStatus: (status, body) => status === 503 && isReadinessShaped(body),
    });
  }
}

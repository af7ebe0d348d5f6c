import type { Kysely } from 'kysely';
import type { CommitSignals } from './commit-signals.js';
import type { ProductSearchIndex } from './search/product-search-index.js';
import type { StorageState } from './storage-state.js';

/** Which SQL engine a database runs on. Code outside `db/` and `queue/` reads capabilities, never this name. */
export type DialectName = 'sqlite' | 'postgres';

/**
 * Table types of the primary database. Timestamps are ISO 8601 strings in UTC on both dialects
 * (see `db/dialects/postgres-dialect.ts` for how PostgreSQL's are read back), money is integer minor units.
 */
export interface Tables {
  settings: SettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
  password_resets: PasswordResetsTable;
  email_verifications: EmailVerificationsTable;
  products: ProductsTable;
  variants: VariantsTable;
  variant_prices: VariantPricesTable;
  collections: CollectionsTable;
  collection_products: CollectionProductsTable;
  product_media: ProductMediaTable;
  stock_adjustments: StockAdjustmentsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_status_history: OrderStatusHistoryTable;
  payments: PaymentsTable;
  payment_status_history: PaymentStatusHistoryTable;
  refunds: RefundsTable;
  events: EventsTable;
  idempotency_keys: IdempotencyKeysTable;
  processed_webhooks: ProcessedWebhooksTable;
  jobs: JobsTable;
  schedules: SchedulesTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  audit_log: AuditLogTable;
  blob_objects: BlobObjectsTable;
  blob_chunks: BlobChunksTable;
  blobs: BlobsTable;
  regions: RegionsTable;
  region_countries: RegionCountriesTable;
  tax_rates: TaxRatesTable;
  shipping_methods: ShippingMethodsTable;
  promotions: PromotionsTable;
  promotion_amounts: PromotionAmountsTable;
  promotion_targets: PromotionTargetsTable;
  promotion_usages: PromotionUsagesTable;
  address_books: AddressBooksTable;
  saved_addresses: SavedAddressesTable;
  carts: CartsTable;
  cart_items: CartItemsTable;
  cart_promotions: CartPromotionsTable;
}

/** Daemon-wide key/value facts, e.g. the instance ID minted on first start. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  /** Normalized (trimmed, NFC, lower-case); unique. */
  email: string;
  name: string | null;
  /** bcrypt; null for a deleted (anonymized) account. */
  password_hash: string | null;
  role: 'admin' | 'user' | 'guest';
  disabled_at: string | null;
  deleted_at: string | null;
  /** When the owner proved the address is theirs; set at creation for accounts an admin makes. */
  email_verified_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A session is one refresh-token family: rotating its tokens keeps the session, revoking it ends all of them. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  user_agent: string | null;
  ip: string | null;
}

export interface RefreshTokensTable {
  id: string;
  session_id: string;
  /** SHA-256 of the opaque token; the token itself is never stored. */
  token_hash: string;
  created_at: string;
  expires_at: string;
  /** Set when the token was exchanged; presenting it again is reuse. */
  rotated_at: string | null;
}

export interface ApiKeysTable {
  id: string;
  owner_id: string | null;
  name: string;
  role: 'admin' | 'user' | 'guest';
  prefix: string;
  /** SHA-256 of the secret. */
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** One-time email verification tokens: the same columns as password resets (only the token's SHA-256 is stored). */
export type EmailVerificationsTable = PasswordResetsTable;

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/**
 * Booleans are stored as 0/1 on SQLite and `boolean` on PostgreSQL; repositories write numbers and
 * read either through `isTrue()`.
 */
export type DbBoolean = number | boolean;

export interface ProductsTable {
  id: string;
  /** URL slug, unique. */
  handle: string;
  /**
   * Retired by migration 0007 (variants own SKUs, prices and stock). SQLite cannot drop UNIQUE or CHECK columns in
   * place, so the columns stay and every row holds neutral values: `sku` = the product ID, `price` 0, `currency`
   * 'XXX' (ISO 4217's "no currency"), `stock` null.
   */
  sku: string;
  price: number;
  currency: string;
  stock: number | null;
  name: string;
  description: string | null;
  active: DbBoolean;
  /** JSON array of `{ name, values }`. */
  options: string;
  /** JSON object of strings. */
  metadata: string;
  created_at: string;
  updated_at: string;
}

export interface VariantsTable {
  id: string;
  product_id: string;
  /** Unique across the catalog. */
  sku: string;
  title: string;
  /** JSON object: option name → value. */
  options: string;
  /** Units on hand; null when not tracked. */
  stock: number | null;
  grams: number | null;
  tax_category: string | null;
  active: DbBoolean;
  position: number;
  created_at: string;
  updated_at: string;
}

/** One price per variant and currency, in minor units. */
export interface VariantPricesTable {
  variant_id: string;
  currency: string;
  amount: number;
  /** Order in which the prices were given; the first is the variant's default currency. */
  position: number;
}

export interface CollectionsTable {
  id: string;
  handle: string;
  title: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface CollectionProductsTable {
  collection_id: string;
  product_id: string;
  position: number;
}

/** An image of a product; its bytes are the blob `media/<id>`. */
export interface ProductMediaTable {
  id: string;
  product_id: string;
  /** Recognised from the bytes: image/png, image/jpeg, image/webp, image/gif or image/avif. */
  content_type: string;
  /** As uploaded; only ever sent back inside an encoded Content-Disposition. */
  filename: string | null;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  alt: string | null;
  /** 0-based and dense within a product. */
  position: number;
  created_at: string;
  updated_at: string;
}

export interface StockAdjustmentsTable {
  id: string;
  product_id: string;
  /** Null only for rows written before migration 0007 that had no product left to map. */
  variant_id: string | null;
  delta: number;
  reason: string;
  stock_after: number;
  actor: string;
  created_at: string;
}

export interface OrdersTable {
  id: string;
  user_id: string | null;
  status: string;
  currency: string;
  total: number;
  amount_paid: number;
  amount_refunded: number;
  payment_due_at: string | null;
  /** The payment in progress or succeeded; set by a conditional update, it is the lock against paying twice. */
  active_payment_id: string | null;
  created_at: string;
  updated_at: string;
  /** Where confirmations go; set by cart completion (a guest order has no user). */
  email: string | null;
  /** SHA-256 of a guest order's secret token (`X-Order-Token`); null for a customer's order. */
  token_hash: string | null;
  /** The cart the order was completed from (unique). */
  cart_id: string | null;
  region_id: string | null;
  /** Amounts of the breakdown (0 for orders placed without a cart). */
  subtotal: number;
  discount_total: number;
  shipping_total: number;
  tax_total: number;
  prices_include_tax: DbBoolean | null;
  /** JSON `Address`. */
  shipping_address: string | null;
  billing_address: string | null;
  shipping_method_id: string | null;
  shipping_method_name: string | null;
  /** JSON of the totals engine's `Totals` at completion (refunds and emails read it). */
  breakdown: string | null;
}

export interface OrderItemsTable {
  id: string;
  order_id: string;
  product_id: string;
  /** Null only for rows written before migration 0007 that had no product left to map. */
  variant_id: string | null;
  sku: string;
  name: string;
  unit_price: number;
  quantity: number;
  line_total: number;
  /** Whether this line took units from tracked stock (and must give them back on cancel). */
  stock_reserved: DbBoolean;
  discount_total: number;
  tax_total: number;
  /** Basis points. */
  tax_rate: number;
  /** After discounts, tax included; null for lines written before carts (their total is `line_total`). */
  total: number | null;
}

export interface OrderStatusHistoryTable {
  id: string;
  order_id: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  created_at: string;
}

export interface PaymentsTable {
  id: string;
  order_id: string;
  provider: string;
  status: string;
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  provider_reference: string | null;
  failure_code: string | null;
  failure_message: string | null;
  created_at: string;
  updated_at: string;
}

export interface PaymentStatusHistoryTable {
  id: string;
  payment_id: string;
  from_status: string | null;
  to_status: string;
  detail: string | null;
  created_at: string;
}

export interface RefundsTable {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  status: string;
  reason: string | null;
  provider_reference: string | null;
  created_at: string;
  /** JSON `RefundBreakdown` (the totals engine's refund plan); null for orders placed without a cart. */
  breakdown: string | null;
}

/** The transactional outbox: written in the same transaction as the change it describes. */
export interface EventsTable {
  id: string;
  type: string;
  subject_id: string;
  /** The user the subject belongs to, for per-user filtering of the event stream. */
  owner_id: string | null;
  /** JSON payload (version 1). */
  data: string;
  created_at: string;
}

export interface IdempotencyKeysTable {
  id: string;
  /** Caller and route: the same key from another caller or on another route is another record. */
  scope: string;
  key: string;
  request_hash: string;
  state: 'in_flight' | 'done';
  response_status: number | null;
  response_body: string | null;
  created_at: string;
  expires_at: string;
}

export interface ProcessedWebhooksTable {
  provider: string;
  event_id: string;
  received_at: string;
}

export type JobStatus = 'pending' | 'running' | 'succeeded' | 'dead' | 'cancelled';

export interface JobsTable {
  id: string;
  queue: string;
  type: string;
  /** JSON, validated by the job type's schema at enqueue time. */
  params: string;
  status: JobStatus;
  /** Higher runs first. */
  priority: number;
  run_at: string;
  attempts: number;
  max_attempts: number;
  unique_key: string | null;
  timeout_ms: number;
  /** The worker holding the lease, and until when; an expired lease makes the job claimable again. */
  lease_owner: string | null;
  lease_expires_at: string | null;
  progress: number;
  progress_message: string | null;
  result: string | null;
  /** JSON {name, contentType, size, sha256} of a file in blob storage under the job's ID. */
  result_file: string | null;
  last_error: string | null;
  cancel_requested: DbBoolean;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface SchedulesTable {
  id: string;
  name: string;
  description: string | null;
  /** Exactly one of cron and interval_seconds is set. */
  cron: string | null;
  interval_seconds: number | null;
  timezone: string;
  job_type: string;
  /** JSON object, validated against the job type at write time. */
  params: string;
  missed_ticks: 'run_once' | 'skip';
  paused: DbBoolean;
  builtin: DbBoolean;
  last_tick_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string | null;
  /** JSON array of event types, or ["*"]. */
  event_types: string;
  status: 'enabled' | 'disabled';
  disabled_reason: string | null;
  failing_since: string | null;
  /** `whsec_…` sealed with AES-256-GCM under the daemon's data key (see infra/secret-box.ts). */
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: string | null;
  secret_rotated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  response_status: number | null;
  latency_ms: number | null;
  response_body: string | null;
  error: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  created_at: string;
}

/** One admin action; `details` is the request body as JSON with secrets removed. */
export interface AuditLogTable {
  id: string;
  action: string;
  actor_id: string | null;
  actor_kind: 'user' | 'api_key' | 'system';
  actor_role: string | null;
  target_id: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  details: string;
  ip: string | null;
  request_id: string | null;
  created_at: string;
}

/** One write of a blob (`postgres` blob store): partial until `completed_at` is set. */
export interface BlobObjectsTable {
  id: string;
  key: string;
  /** Set when complete. */
  size: number | null;
  sha256: string | null;
  /** Bytes per chunk row; every chunk but the last is exactly this long. */
  chunk_size: number;
  started_at: string;
  completed_at: string | null;
}

/** The bytes of a blob object, in order of `seq` (0, 1, …). */
export interface BlobChunksTable {
  object_id: string;
  seq: number;
  data: Buffer;
}

/** The complete object each blob key shows; replacing a blob swaps `object_id` in one transaction. */
export interface BlobsTable {
  key: string;
  object_id: string;
  updated_at: string;
}

/** A market: countries, one currency, whether its prices include tax. */
export interface RegionsTable {
  id: string;
  name: string;
  currency: string;
  prices_include_tax: DbBoolean;
  created_at: string;
  updated_at: string;
}

/** A country belongs to at most one region: the country code is the key. */
export interface RegionCountriesTable {
  /** ISO 3166-1 alpha-2, upper case. */
  country_code: string;
  region_id: string;
  /** Order in which the countries were given. */
  position: number;
}

export interface TaxRatesTable {
  id: string;
  region_id: string;
  name: string;
  /** ISO 3166-2, upper case; null = the whole region. */
  subdivision: string | null;
  /** null = the default rate. */
  tax_category: string | null;
  /** `subdivision|category`, '' for none: unique per region. */
  scope: string;
  /** Basis points: 2000 = 20 %. */
  rate_bps: number;
  applies_to_shipping: DbBoolean;
  created_at: string;
  updated_at: string;
}

export interface ShippingMethodsTable {
  id: string;
  region_id: string;
  name: string;
  /** The region's currency when the method was made; a region with methods cannot change currency. */
  currency: string;
  /** JSON `ShippingRule`. */
  rule: string;
  min_subtotal: number | null;
  max_subtotal: number | null;
  active: DbBoolean;
  created_at: string;
  updated_at: string;
}

export interface PromotionsTable {
  id: string;
  /** Upper-cased; unique; null for an automatic promotion. */
  code: string | null;
  name: string;
  description: string | null;
  discount_type: 'percentage' | 'fixed';
  /** For `percentage`: basis points. */
  discount_bps: number | null;
  target_type: 'order' | 'items' | 'shipping';
  starts_at: string | null;
  ends_at: string | null;
  usage_limit: number | null;
  /** Raised only by a guarded UPDATE (`usage_count < usage_limit`). */
  usage_count: number;
  per_customer_limit: number | null;
  combinable: DbBoolean;
  active: DbBoolean;
  created_at: string;
  updated_at: string;
}

/** A promotion's money per currency: `discount` amounts (fixed discounts) and `minimum` subtotals. */
export interface PromotionAmountsTable {
  promotion_id: string;
  kind: 'discount' | 'minimum';
  currency: string;
  amount: number;
  position: number;
}

/** The variants, products and collections an `items` promotion applies to. */
export interface PromotionTargetsTable {
  promotion_id: string;
  kind: 'variant' | 'product' | 'collection';
  target_id: string;
  position: number;
}

/** Uses of a promotion by one customer: `usr_…` for an account, `email:<normalized address>` for a guest. */
export interface PromotionUsagesTable {
  promotion_id: string;
  customer_key: string;
  count: number;
  updated_at: string;
}

/** One row per user who has saved an address: the count the limit is checked against, and the per-user lock. */
export interface AddressBooksTable {
  user_id: string;
  /** Raised only by a guarded UPDATE (`address_count < MAX_SAVED_ADDRESSES`). */
  address_count: number;
  updated_at: string;
}

/** An address in a user's address book; at most one default shipping and one default billing per user. */
export interface SavedAddressesTable {
  id: string;
  user_id: string;
  name: string;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  postal_code: string | null;
  /** ISO 3166-2, upper case. */
  subdivision: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country_code: string;
  phone: string | null;
  is_default_shipping: DbBoolean;
  is_default_billing: DbBoolean;
  created_at: string;
  updated_at: string;
}

/** A cart: a customer's (`user_id`) or a guest's (`token_hash`). Owned by the carts module. */
export interface CartsTable {
  id: string;
  user_id: string | null;
  /** SHA-256 of the guest cart token; null for a customer's cart. */
  token_hash: string | null;
  email: string | null;
  region_id: string | null;
  currency: string;
  /** JSON `Address`. */
  shipping_address: string | null;
  billing_address: string | null;
  shipping_method_id: string | null;
  /** `open` | `completed`. */
  status: string;
  order_id: string | null;
  created_at: string;
  /** Touched on every change; expiry reads it. */
  updated_at: string;
}

/** One variant in a cart; adding it again adds to the quantity. */
export interface CartItemsTable {
  id: string;
  cart_id: string;
  variant_id: string;
  quantity: number;
  created_at: string;
}

/** A promotion code the shopper entered (automatic promotions are evaluated on every pricing). */
export interface CartPromotionsTable {
  cart_id: string;
  promotion_id: string;
  code: string;
  created_at: string;
}

export function isTrue(value: DbBoolean): boolean {
  return value === true || value === 1;
}

export type Database = Kysely<Tables>;

/** A database or an open transaction: repositories run on either. */
export type Executor = Kysely<Tables>;

/**
 * Runs inside the transaction that makes a change, with its result: how idempotency records
 * commit together with the effect they describe.
 */
export type CommitHook = (trx: Executor, result: unknown) => Promise<void>;

/** What a dialect can do, so callers branch on abilities rather than on dialect names. */
export interface DialectCapabilities {
  /** `SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL). */
  supportsSkipLocked: boolean;
  /** Several processes may write at once (PostgreSQL); SQLite has one writer. */
  supportsConcurrentWriters: boolean;
  /** A consistent copy of the live database from inside the daemon (SQLite's backup API). */
  supportsOnlineBackup: boolean;
  /** `INSERT`, `UPDATE` or `DELETE` inside `WITH`, beside another write in one statement (PostgreSQL). */
  supportsWritesInWith: boolean;
  /**
   * Queries cross a network that can go silent without closing anything (PostgreSQL), so API requests bound each
   * query with a client-side deadline; SQLite runs in process and needs none.
   */
  needsQueryDeadlines: boolean;
}

/** An open primary database with its dialect facts. */
export interface DatabaseHandle {
  db: Database;
  dialect: DialectName;
  capabilities: DialectCapabilities;
  /** The full-text index over products (FTS5 or tsvector). */
  productSearch: ProductSearchIndex;
  /** A cheap round trip that fails when the database cannot serve queries. */
  ping(timeoutMs?: number): Promise<void>;
  /** Whether writes last failed for a full disk, and the probe that clears it. */
  storage: StorageState;
  /** Told after every committed transaction (`commit-signals.ts`). */
  commits: Pick<CommitSignals, 'subscribe'>;
  /** Closes the pool or file. Safe to call twice. */
  close(): Promise<void>;
  /**
   * Writes a consistent copy of the live database to `file` while writes continue (SQLite's online backup API);
   * present when `capabilities.supportsOnlineBackup`. `onProgress` gets the fraction copied, 0 to 1.
   */
  backup?(file: string, onProgress?: (fraction: number) => void): Promise<void>;
  /** Connection pool use, for metrics; present on pooled dialects (PostgreSQL). */
  poolStats?(): { total: number; idle: number; waiting: number };
}

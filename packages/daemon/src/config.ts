import { resolve } from 'node:path';
import { z } from 'zod';

/** The blob store backends (see `infra/blobs/blob-store-factory.ts`). */
export const BLOB_STORES = ['fs', 'postgres', 's3'] as const;
export type BlobStoreName = (typeof BLOB_STORES)[number];

/**
 * Every setting of `tillpointd`, in one schema. Each key is filled from the flag of the same name in
 * kebab-case (`dataDir` ← `--data-dir`), else from `TILLPOINT_<SNAKE_CASE>` (`TILLPOINT_DATA_DIR`),
 * else its default, which serves a single node.
 * Settings marked `secret` are masked by `tillpointd config` and never logged.
 */
/** `http(s)://host[:port]` and nothing more: no path, query, fragment or credentials (which a client would drop). */
function isBareOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    /^https?:$/.test(url.protocol) &&
    url.pathname === '/' &&
    !url.search &&
    !url.hash &&
    !url.username &&
    !url.password
  );
}

export const ConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1').describe('Interface to listen on'),
  port: z.coerce.number().int().min(0).max(65535).default(7400).describe('TCP port; 0 picks a free one'),
  dataDir: z
    .string()
    .min(1)
    .default('./.tillpoint')
    .describe('Directory for the SQLite file, keys and blobs'),
  databaseUrl: z
    .string()
    .regex(
      /^(postgres(ql)?:\/\/|sqlite:|file:)/,
      'must start with postgres://, postgresql://, sqlite: or file:',
    )
    .optional()
    .describe('postgres://… for PostgreSQL; default: SQLite file <dataDir>/tillpoint.db')
    .meta({ secret: true }),
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional()
    .describe(
      'redis://… With a postgres:// databaseUrl this turns on cluster mode (shared limits, cache, wake-ups)',
    )
    .meta({ secret: true }),
  role: z
    .enum(['all', 'api', 'worker', 'scheduler'])
    .default('all')
    .describe('What this node runs: all, api (HTTP only), worker (jobs; serves only health), scheduler'),
  logLevel: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Minimum log level'),
  logFormat: z
    .enum(['auto', 'json', 'pretty'])
    .default('auto')
    .describe('auto: readable on a TTY, JSON otherwise'),
  readyFile: z.string().min(1).optional().describe('File written with {url,host,port,pid} once ready'),
  migrate: z
    .stringbool()
    .or(z.boolean())
    .default(true)
    .describe('Apply pending migrations on serve (--no-migrate to skip)'),
  bodyLimit: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024)
    .describe('Largest accepted request body, in bytes'),
  uploadLimit: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024 * 1024)
    .default(100 * 1024 * 1024)
    .describe('Largest file accepted by POST /v1/uploads (import inputs), in bytes'),
  mediaMaxBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024)
    .describe('Largest image accepted by POST /v1/products/:id/media, in bytes'),
  blobStore: z
    .enum(BLOB_STORES)
    .optional()
    .describe(
      'Where uploads, job results and media are kept: fs (<dataDir>/blobs), postgres (the database) or s3; default: postgres with a postgres:// databaseUrl, else fs',
    ),
  s3Bucket: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be an S3 bucket name (3-63 lower-case letters, digits, . and -)',
    )
    .optional()
    .describe(
      'Bucket of the s3 blob store (required with blobStore s3); credentials come from the AWS environment',
    ),
  s3Prefix: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*\/?$/,
      'must be a key prefix such as tillpoint/ (letters, digits, ., _, - and /)',
    )
    .optional()
    .describe('Key prefix of every blob in the bucket, e.g. tillpoint/; default: none'),
  s3Region: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a region name such as eu-west-1')
    .optional()
    .describe("Bucket region; default: the AWS SDK's (AWS_REGION)"),
  s3Endpoint: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('URL of an S3-compatible service (MinIO, Ceph, R2, …); default: AWS S3'),
  s3ForcePathStyle: z
    .stringbool()
    .or(z.boolean())
    .default(false)
    .describe('Address the bucket in the path (endpoint/bucket/key), as most S3-compatible services need'),
  dataThreads: z.coerce
    .number()
    .int()
    .min(1)
    .max(16)
    .default(1)
    .describe('Worker threads for reports, exports and import parsing'),
  shutdownTimeoutMs: z.coerce
    .number()
    .int()
    .min(100)
    .max(300_000)
    .default(10_000)
    .describe('How long in-flight work may take after SIGTERM'),
  trustProxy: z.stringbool().or(z.boolean()).default(false).describe('Trust X-Forwarded-* (behind nginx)'),
  sqliteBusyTimeoutMs: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(5_000)
    .describe('SQLite busy timeout'),
  pgPoolMax: z.coerce.number().int().min(1).max(500).default(10).describe('PostgreSQL pool size'),
  pgNamedStatements: z
    .stringbool()
    .or(z.boolean())
    .default(true)
    .describe(
      'Prepare the statements every request runs once per PostgreSQL connection (named statements). Turn off behind a pooler in transaction mode that cannot keep them (PgBouncer before 1.21, or without max_prepared_statements)',
    ),
  pgConnectTimeoutMs: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(3_000)
    .describe('PostgreSQL pool acquire timeout (waiting for a free connection or opening one)'),
  pgQueryTimeoutMs: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(3_000)
    .describe(
      'Client-side deadline of each PostgreSQL query made for an API request: a database that stops answering without closing connections gives 503 within it (jobs get pgStatementTimeoutMs + 1 s)',
    ),
  pgStatementTimeoutMs: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(15_000)
    .describe('Per-statement timeout on PostgreSQL'),
  orderPaymentTimeoutMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 60)
    .default(60)
    .describe('Minutes a pending order may stay unpaid before it is cancelled and its stock released'),
  requireVerifiedEmail: z
    .stringbool()
    .or(z.boolean())
    .default(false)
    .describe(
      'Customers must verify their email (the link in the sign-up email) before they can place orders or complete carts; guests and admins are not asked',
    ),
  paymentVoidAfterMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 60)
    .default(60)
    .describe(
      'Minutes after which reconciliation voids a payment its provider still calls pending (a crash between its two transactions, an unrecorded manual payment), releasing its order',
    ),
  cartTtlDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe('Days an open cart may stay untouched before the carts.expire schedule deletes it'),
  stripeSecretKey: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe secret key (sk_test_…, sk_live_… or rk_…)')
    .optional()
    .describe('Enables the stripe payment provider')
    .meta({ secret: true }),
  stripeApiBase: z
    .url()
    // Stripe's library calls a host, port and protocol; a path prefix would be dropped without a word.
    .refine(isBareOrigin, {
      message: 'must be http(s)://host[:port] with no path, e.g. https://api.stripe.com',
    })
    .default('https://api.stripe.com')
    .describe('Stripe API base URL (a local server in tests)'),
  stripeWebhookSecret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=_-]+$/, 'must be a Stripe webhook signing secret (whsec_…)')
    .optional()
    .describe('Verifies POST /v1/webhooks/stripe')
    .meta({ secret: true }),
  eventStreamPollMs: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(1_000)
    .describe(
      'How often the event stream also reads the outbox by itself; events are read as soon as their transaction commits (on every node in a cluster), this is the safety net',
    ),
  sseKeepAliveSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(300)
    .default(15)
    .describe('Seconds between keep-alive comments on the event stream (below your proxy idle timeout)'),
  metricsToken: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe(
      'Serves GET /metrics (Prometheus) on the API port to requests with `Authorization: Bearer <token>`',
    )
    .meta({ secret: true }),
  metricsPort: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .describe('Serves GET /metrics without a token on this separate port (bind it to a private interface)'),
  workerConcurrency: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(2)
    .describe('Jobs run at once per queue on this node (0: run no workers)'),
  jobLeaseSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30)
    .describe('How long a running job is held without a heartbeat before another worker may take it'),
  jobRetentionDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(14)
    .describe('Finished jobs are pruned after this'),
  scheduler: z
    .stringbool()
    .or(z.boolean())
    .default(true)
    .describe('Run the Bree scheduler on this node (ticks are deduplicated, so several schedulers are safe)'),
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional()
    .describe(
      'SMTP server for email, e.g. smtps://user:pass@mail.example.com; default: .eml files in <dataDir>/outbox',
    )
    .meta({ secret: true }),
  mailFrom: z
    .string()
    .min(3)
    .default('Tillpoint <no-reply@localhost>')
    .describe('From address of every email'),
  shopName: z.string().min(1).max(100).default('Tillpoint shop').describe('Shop name used in emails'),
  webhookTimeoutMs: z.coerce
    .number()
    .int()
    .min(500)
    .max(60_000)
    .default(10_000)
    .describe('Per-attempt timeout of an outbound webhook delivery'),
  webhookAllowPrivateTargets: z
    .stringbool()
    .or(z.boolean())
    .default(false)
    .describe(
      'Allow webhook URLs on private, loopback and link-local addresses (SSRF guard off; tests only)',
    ),
  backupDir: z
    .string()
    .min(1)
    .optional()
    .describe('Where SQLite backups are written; default <dataDir>/backups'),
  backupCopyDir: z
    .string()
    .min(1)
    .optional()
    .describe('A second directory (another disk or a mount) every backup is also copied to'),
  backupCopyToBlobStore: z
    .stringbool()
    .or(z.boolean())
    .default(false)
    .describe('Also copy every backup into the blob store (under backups/), e.g. to S3'),
  backupRetentionDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe('Backups older than this are deleted by the backup job'),
  jwtSecret: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe('HS256 signing secret for access tokens; default: generated once into <dataDir>/jwt-keys.json')
    .meta({ secret: true }),
  jwtPreviousSecrets: z
    .string()
    .optional()
    .describe('Comma-separated retired secrets that still verify tokens until they expire (key rotation)')
    .meta({ secret: true }),
  jwtIssuer: z.string().min(1).default('tillpointd').describe('`iss` of access tokens'),
  jwtAudience: z.string().min(1).default('tillpoint-api').describe('`aud` of access tokens'),
  sessionCacheMs: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(1_000)
    .describe(
      "How long a session's state (alive, user enabled, role) is cached for authentication; every revocation drops it at once, on every node in a cluster; 0 turns the cache off",
    ),
  checkoutReferenceCacheMs: z.coerce
    .number()
    .int()
    .min(0)
    .max(300_000)
    .default(30_000)
    .describe(
      'How long a region, its tax rates and its shipping methods are cached for pricing cart answers; every change through the API drops them at once, on every node in a cluster, and completing a cart always reads them fresh; 0 turns the cache off',
    ),
  accessTokenTtlSeconds: z.coerce
    .number()
    .int()
    .min(60)
    .max(86_400)
    .default(3600)
    .describe('Access token lifetime'),
  refreshTokenTtlSeconds: z.coerce
    .number()
    .int()
    .min(300)
    .max(90 * 86_400)
    .default(7 * 86_400)
    .describe('Refresh token lifetime (each rotation starts a new one)'),
  bcryptCost: z.coerce.number().int().min(10).max(15).default(12).describe('bcrypt cost factor (floor 10)'),
  allowSignup: z
    .stringbool()
    .or(z.boolean())
    .default(true)
    .describe('Whether anyone may register (role user)'),
  cookieSecure: z
    .stringbool()
    .or(z.boolean())
    .default(true)
    .describe('Mark auth cookies Secure; turn off only for plain-HTTP localhost development'),
  corsOrigins: z
    .string()
    .default('')
    .refine((value) => !value.split(',').some((origin) => origin.trim() === '*'), {
      message: 'must list origins explicitly; "*" is not allowed because auth cookies are sent',
    })
    .describe('Comma-separated browser origins allowed to call the API with credentials'),
  rateLimitMax: z.coerce.number().int().min(1).default(1000).describe('Requests per principal per window'),
  rateLimitWindowMs: z.coerce.number().int().min(1000).default(3_600_000).describe('Rate-limit window'),
  authRateLimitMax: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe(
      'Requests per IP per minute to the unauthenticated auth endpoints, all of them together (one budget)',
    ),
});
/** The effective settings: the schema's, with the defaults that depend on other settings filled in. */
export type Config = Omit<z.infer<typeof ConfigSchema>, 'blobStore'> & { blobStore: BlobStoreName };

/** Cluster mode: PostgreSQL shared by the nodes, and Redis for what must be shared but not kept. */
export function modeOf(config: Pick<Config, 'databaseUrl' | 'redisUrl'>): 'single' | 'cluster' {
  return config.databaseUrl?.startsWith('postgres') && config.redisUrl ? 'cluster' : 'single';
}
export type ConfigKey = keyof Config;

/** Thrown for a setting that fails validation; its message is the one line shown to the operator. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const SECRET_KEYS = new Set(
  Object.entries(ConfigSchema.shape)
    .filter(([, schema]) => (schema.meta() as { secret?: boolean } | undefined)?.secret === true)
    .map(([key]) => key),
);

/** `dataDir` → `TILLPOINT_DATA_DIR`. */
export function envNameOf(key: string): string {
  return `TILLPOINT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** `dataDir` → `--data-dir`. */
export function flagNameOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Builds the effective config: flags win over `TILLPOINT_*` env vars, which win over defaults.
 * @throws ConfigError naming the first bad setting and what it allows.
 */
export function loadConfig(
  flags: Partial<Record<ConfigKey, unknown>>,
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.shape) as ConfigKey[]) {
    const value = flags[key] ?? env[envNameOf(key)];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    const shown = SECRET_KEYS.has(key) ? '(hidden)' : JSON.stringify(raw[key]);
    throw new ConfigError(
      `invalid setting ${flagNameOf(key)} / ${envNameOf(key)} = ${shown}: ${issue.message.toLowerCase()}`,
    );
  }
  if (parsed.data.redisUrl && !parsed.data.databaseUrl?.startsWith('postgres')) {
    throw new ConfigError(
      'invalid setting --redis-url / TILLPOINT_REDIS_URL: cluster mode needs a postgres:// --database-url; a single node on SQLite needs no Redis',
    );
  }
  const onPostgres = parsed.data.databaseUrl?.startsWith('postgres') === true;
  const blobStore = parsed.data.blobStore ?? (onPostgres ? 'postgres' : 'fs');
  if (blobStore === 'postgres' && !onPostgres) {
    throw new ConfigError(
      'invalid setting --blob-store / TILLPOINT_BLOB_STORE = "postgres": blobs can live in the database only on PostgreSQL; a single node on SQLite keeps them as files (fs)',
    );
  }
  if (blobStore === 's3' && !parsed.data.s3Bucket) {
    throw new ConfigError(
      'invalid setting --s3-bucket / TILLPOINT_S3_BUCKET: required with --blob-store s3 (credentials come from the AWS environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or a role)',
    );
  }
  const dataDir = resolve(parsed.data.dataDir);
  return {
    ...parsed.data,
    dataDir,
    backupDir: resolve(dataDir, parsed.data.backupDir ?? 'backups'),
    blobStore,
  };
}

/** The config as `tillpointd config` prints it: secrets replaced by `********`, credentials cut from URLs. */
export function maskConfig(config: Config): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    masked[key] = SECRET_KEYS.has(key) && value !== undefined ? maskSecret(String(value)) : value;
  }
  return masked;
}

/** One secret as `tillpointd config` shows it: a URL keeps its scheme, host and path; anything else is `********`. */
export function maskSecret(value: string): string {
  // Keep a URL's scheme and host visible (operators need them); hide user, password and query.
  try {
    const url = new URL(value);
    if (
      url.protocol.startsWith('postgres') ||
      url.protocol.startsWith('smtp') ||
      url.protocol.startsWith('redis')
    )
      return `${url.protocol}//********@${url.host}${url.pathname}`;
  } catch {
    // not a URL: mask all of it
  }
  return '********';
}

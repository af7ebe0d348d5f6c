import { describe, expect, it } from 'vitest';
import { ConfigError, envNameOf, flagNameOf, loadConfig, maskConfig } from './config.js';

describe('config', () => {
  it('defaults serve a single node on loopback with data in ./.tillpoint', () => {
    const config = loadConfig({}, {});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(7400);
    expect(config.dataDir).toMatch(/\.tillpoint$/);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.migrate).toBe(true);
  });

  it('reads TILLPOINT_* env vars and lets flags win over them', () => {
    const env = { TILLPOINT_PORT: '8080', TILLPOINT_HOST: '::1', TILLPOINT_MIGRATE: 'false' };
    expect(loadConfig({}, env)).toMatchObject({ port: 8080, host: '::1', migrate: false });
    expect(loadConfig({ port: '9090' }, env).port).toBe(9090);
  });

  it('derives env and flag names from the key', () => {
    expect(envNameOf('dataDir')).toBe('TILLPOINT_DATA_DIR');
    expect(flagNameOf('shutdownTimeoutMs')).toBe('--shutdown-timeout-ms');
  });

  it('names the bad setting and what it allows in one line', () => {
    const attempt = () => loadConfig({}, { TILLPOINT_PORT: 'eighty' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/--port \/ TILLPOINT_PORT = "eighty"/);
    expect(() => loadConfig({ port: 70000 }, {})).toThrow(/too big|<=65535/i);
    expect(() => loadConfig({}, { TILLPOINT_LOG_LEVEL: 'loud' })).toThrow(/TILLPOINT_LOG_LEVEL.*"fatal"/);
    // Stripe's library calls a host and port: a path prefix would be dropped, so it is refused.
    expect(() => loadConfig({}, { TILLPOINT_STRIPE_API_BASE: 'https://proxy.local/stripe' })).toThrow(
      /TILLPOINT_STRIPE_API_BASE.*no path/,
    );
    expect(() => loadConfig({}, { TILLPOINT_STRIPE_API_BASE: 'not a url' })).toThrow(
      /TILLPOINT_STRIPE_API_BASE/,
    );
    expect(() => loadConfig({}, { TILLPOINT_STRIPE_API_BASE: 'https://u:p@api.stripe.com' })).toThrow(
      /TILLPOINT_STRIPE_API_BASE/,
    );
    expect(loadConfig({}, { TILLPOINT_STRIPE_API_BASE: 'http://127.0.0.1:12111' }).stripeApiBase).toBe(
      'http://127.0.0.1:12111',
    );
  });

  it('never echoes a bad secret back', () => {
    const attempt = () => loadConfig({}, { TILLPOINT_DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(attempt).toThrow(/TILLPOINT_DATABASE_URL = \(hidden\)/);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it('masks secrets but keeps the database host readable', () => {
    const config = loadConfig(
      { databaseUrl: 'postgres://app:hunter2@db.internal:5432/shop?sslmode=require' },
      {},
    );
    const masked = JSON.stringify(maskConfig(config));
    expect(masked).not.toContain('hunter2');
    expect(masked).not.toContain('app:');
    expect(masked).toContain('db.internal:5432/shop');
  });
  it('keeps blobs as files on SQLite and in the database on PostgreSQL unless told otherwise', () => {
    expect(loadConfig({}, {}).blobStore).toBe('fs');
    expect(loadConfig({ databaseUrl: 'postgres://db/shop' }, {}).blobStore).toBe('postgres');
    expect(loadConfig({ databaseUrl: 'postgres://db/shop' }, { TILLPOINT_BLOB_STORE: 'fs' }).blobStore).toBe(
      'fs',
    );
    const s3 = loadConfig(
      {},
      {
        TILLPOINT_BLOB_STORE: 's3',
        TILLPOINT_S3_BUCKET: 'shop-files',
        TILLPOINT_S3_ENDPOINT: 'http://127.0.0.1:9000',
        TILLPOINT_S3_FORCE_PATH_STYLE: 'true',
      },
    );
    expect(s3).toMatchObject({
      blobStore: 's3',
      s3Bucket: 'shop-files',
      s3ForcePathStyle: true,
    });
    expect(maskConfig(s3)).toMatchObject({ blobStore: 's3', s3Bucket: 'shop-files' });
  });

  it('refuses a blob store the setup cannot have, saying why', () => {
    expect(() => loadConfig({ blobStore: 'postgres' }, {})).toThrow(
      /--blob-store \/ TILLPOINT_BLOB_STORE = "postgres": blobs can live in the database only on PostgreSQL/,
    );
    expect(() => loadConfig({ blobStore: 's3' }, {})).toThrow(
      /TILLPOINT_S3_BUCKET: required with --blob-store s3/,
    );
    expect(() => loadConfig({ blobStore: 'nfs' }, {})).toThrow(/TILLPOINT_BLOB_STORE = "nfs"/);
  });
});

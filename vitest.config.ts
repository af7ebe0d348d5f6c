import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the SDK's source, so a schema change is seen without rebuilding the SDK first.
const sdkSource = (path: string) => fileURLToPath(new URL(`./packages/sdk/src/${path}`, import.meta.url));
const alias = [
  { find: /^@tillpoint\/sdk\/schemas$/, replacement: sdkSource('schemas/index.ts') },
  { find: /^@tillpoint\/sdk\/storefront$/, replacement: sdkSource('storefront/index.ts') },
  { find: /^@tillpoint\/sdk$/, replacement: sdkSource('index.ts') },
];

/**
 * One vitest run covers every package. `--project <name>` narrows it.
 * Daemon suites pick their database from TILLPOINT_TEST_DIALECT (sqlite | postgres | all).
 */
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'sdk',
          root: 'packages/sdk',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // Several suites drive a spawned daemon over HTTP: vitest's 5 s default is too short on a loaded CI box.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'daemon',
          root: 'packages/daemon',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/cluster/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Several daemons behind nginx on PostgreSQL and a private Redis: run once, whatever the dialect pass.
        resolve: { alias },
        test: {
          name: 'cluster',
          root: 'packages/daemon',
          include: ['test/cluster/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'cli',
          root: 'packages/cli',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // A built storefront in Debian's Chromium against a spawned daemon. The first run may apt-get install
        // Chromium (root only), hence the long hook timeout; the page is built with the SDK's dist, not its source.
        resolve: { alias },
        test: {
          name: 'storefront-web',
          root: 'examples/storefront-web',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});

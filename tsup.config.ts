import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

/**
 * One build definition for the whole workspace. Each package's `build` script runs
 * `tsup --config ../../tsup.config.ts` from its own folder; the folder name picks the entry below.
 */
const shared: Options = {
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  splitting: false,
  treeshake: true,
};

/** `src/commands/**` as named entries (`commands/admin/create`), for oclif, which finds one file per command. */
function commandEntries(): Record<string, string> {
  if (!existsSync('src/commands')) return {};
  return Object.fromEntries(
    readdirSync('src/commands', { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => [`commands/${file.slice(0, -3)}`, `src/commands/${file}`]),
  );
}

/**
 * The SDK's web build swaps its one Node-only module, `core/runtime/node-runtime.ts` (node:stream, and undici for a
 * dispatcher), for `web-runtime.ts`, so that no Node built-in and no undici is in a browser's module graph.
 */
const sdkWebRuntime: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'tillpoint-sdk-web-runtime',
  setup(build) {
    build.onResolve({ filter: /\/node-runtime\.js$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/node-runtime\.js$/, 'web-runtime.ts')),
    }));
  },
};

/**
 * cron-parser (CommonJS) requires luxon's Node build and the daemon imports luxon to set its default locale
 * (`scheduler/schedule-ticks.ts`): bundled as they are, those would be two copies of luxon, and the setting would
 * miss cron-parser's. Every `luxon` resolves to the Node build here, so there is one.
 */
const oneLuxon: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'tillpoint-one-luxon',
  setup(build) {
    build.onResolve({ filter: /^luxon$/ }, (args) => ({
      path: createRequire(join(args.resolveDir, 'index.js')).resolve('luxon'),
    }));
  },
};

const packages: Record<string, Options | Options[]> = {
  sdk: [
    // The SDK is published: dual ESM + CJS with a declaration file for each condition…
    {
      ...shared,
      entry: {
        index: 'src/index.ts',
        'schemas/index': 'src/schemas/index.ts',
        money: 'src/schemas/money-format.ts',
        storefront: 'src/storefront/index.ts',
      },
      format: ['esm', 'cjs'],
      // The web build writes dist/web at the same time.
      clean: ['!web/**'],
      // tsup's declaration build sets `baseUrl`, which TypeScript 6 reports as deprecated.
      dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    },
    // …and an ESM web build (the `browser`, `worker` and edge conditions) of the entries that send requests.
    {
      ...shared,
      entry: { index: 'src/index.ts', storefront: 'src/storefront/index.ts' },
      outDir: 'dist/web',
      platform: 'browser',
      target: 'es2022',
      format: ['esm'],
      esbuildPlugins: [sdkWebRuntime],
    },
  ],
  // The daemon is an application: an ESM bin plus one file per oclif command; dependencies stay in
  // node_modules, except the SDK's schemas, which are bundled from source (tsconfig paths) so the bin
  // never depends on the SDK's build.
  daemon: {
    ...shared,
    // The data worker is its own entry: worker threads load it by file name; so are oclif's hooks.
    entry: {
      main: 'src/main.ts',
      'data-worker': 'src/workers/data-worker.ts',
      'command-not-found': 'src/cli/command-not-found.ts',
      'update-notice': 'src/cli/update-notice.ts',
      ...commandEntries(),
    },
    format: ['esm'],
    // The SDK's schemas (ADR-009), and the pure-JavaScript dependencies every start loads: Node 20 resolves, reads
    // and links each of their files, which was most of the start-up time (ADR-060). zod is bundled with
    // fastify-type-provider-zod, so there is one zod. Native addons, packages that start workers by file path
    // (pino, piscina, Bree), Swagger UI (it serves its own files) and what loads on first use stay external.
    noExternal: [
      '@tillpoint/sdk',
      'kysely',
      'zod',
      'fastify-type-provider-zod',
      'fastify',
      'fast-json-stringify',
      '@fastify/cookie',
      '@fastify/cors',
      '@fastify/multipart',
      '@fastify/rate-limit',
      '@fastify/swagger',
      'close-with-grace',
      'content-disposition',
      'cron-parser',
      'escape-html',
      'fresh',
      'helmet',
      'image-size',
      'ipaddr.js',
      'iso-3166',
      'jose',
      'lru-cache',
      'luxon',
      'p-limit',
      'prom-client',
      'range-parser',
      'standardwebhooks',
      'ulid',
      '@sindresorhus/slugify',
    ],
    splitting: true,
    esbuildPlugins: [oneLuxon],
    // Less source for V8 to parse and keep in memory; names stay, so stack traces still name functions (ADR-060).
    esbuildOptions(options) {
      options.minifyWhitespace = true;
      options.minifySyntax = true;
    },
    // Bundled CommonJS (fastify-type-provider-zod's @fastify/error) calls `require` for Node built-ins, which an ES
    // module does not have: give each chunk one.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __tpCreateRequire } from 'node:module';\nconst require = __tpCreateRequire(import.meta.url);",
    },
  },
  // oclif discovers one file per command, so every command is its own entry.
  cli: {
    ...shared,
    entry: ['src/index.ts', 'src/hooks/update-notice.ts', 'src/commands/**/*.ts', '!src/**/*.test.ts'],
    format: ['esm'],
    splitting: true,
  },
};

export default defineConfig(() => {
  const name = basename(process.cwd());
  const options = packages[name];
  if (!options) throw new Error(`tsup: no build definition for package folder "${name}"`);
  return options;
});

// The SDK in a browser bundle: esbuild (platform browser, minified) bundles `@tillpoint/sdk/storefront` as a shop's
// bundler would, through the package's exports (the `browser` condition), and prints the raw and gzipped sizes.
// Fails (exit 1) when a Node built-in is in the graph, or when the storefront entry is over 30 KB gzipped.
// Build first: `pnpm --filter @tillpoint/sdk build`.
// Usage: node bench/sdk-size.mjs
import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { printTable, ROOT, requireBuilt, round, writeResult } from './bench-support.mjs';

const SDK_DIR = join(ROOT, 'packages/sdk');
const TARGET_GZIP_BYTES = 30 * 1024;
requireBuilt(join(SDK_DIR, 'dist/web/storefront.js'), 'run `pnpm --filter @tillpoint/sdk build` first');
// esbuild is the SDK's dev dependency; the root does not list it.
const { build } = createRequire(join(SDK_DIR, 'package.json'))('esbuild');

const BUNDLES = [
  {
    name: 'storefront entry, everything exported',
    code: "export * from '@tillpoint/sdk/storefront';",
    target: TARGET_GZIP_BYTES,
  },
  {
    name: 'storefront page: catalog, cart, checkout',
    code: `import { TillpointStorefront, formatMoney } from '@tillpoint/sdk/storefront';
      const shop = new TillpointStorefront({ baseUrl: location.origin, credentials: 'include' });
      const page = await shop.products.list({ limit: 20 });
      const cart = await shop.carts.create();
      await shop.carts.addItem(cart.id, { variantId: page.data[0].variants[0].id, quantity: 1 });
      console.log(formatMoney(cart.grandTotal, cart.currency), shop.media.url(page.data[0].media[0]));`,
    target: TARGET_GZIP_BYTES,
  },
  { name: 'full client (@tillpoint/sdk, with zod)', code: "export * from '@tillpoint/sdk';" },
];

async function measure({ code }) {
  const builtins = [];
  const result = await build({
    stdin: { contents: code, resolveDir: SDK_DIR, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'node-builtins',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /.*/ }, (args) => {
            if (!args.path.startsWith('node:') && !isBuiltin(args.path)) return undefined;
            builtins.push(`${args.path} (from ${args.importer})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const bytes = result.outputFiles[0].contents;
  const packages = [
    ...new Set(
      Object.keys(result.metafile.inputs).flatMap(
        (input) => /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? [],
      ),
    ),
  ].sort();
  return {
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    brotliBytes: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
    packages,
    builtins,
  };
}

const kb = (bytes) => `${round(bytes / 1024, 1)} KB`;
const results = [];
for (const bundle of BUNDLES)
  results.push({ name: bundle.name, target: bundle.target, ...(await measure(bundle)) });

printTable(
  '@tillpoint/sdk for the browser (esbuild, platform browser, minified)',
  ['bundle', 'raw', 'gzip', 'brotli', 'packages', 'target (gzip)', 'ok'],
  results.map((r) => [
    r.name,
    kb(r.rawBytes),
    kb(r.gzipBytes),
    kb(r.brotliBytes),
    r.packages.join(', ') || 'none',
    r.target ? `< ${kb(r.target)}` : 'report',
    r.builtins.length === 0 && (!r.target || r.gzipBytes < r.target) ? 'yes' : 'NO',
  ]),
);

const failures = results.flatMap((r) => [
  ...r.builtins.map((builtin) => `${r.name}: imports the Node built-in ${builtin}`),
  ...(r.target && r.gzipBytes >= r.target
    ? [`${r.name}: ${kb(r.gzipBytes)} gzipped, over ${kb(r.target)}`]
    : []),
]);
for (const failure of failures) process.stderr.write(`sdk-size: ${failure}\n`);
await writeResult('sdk-size', { results });
process.exitCode = failures.length === 0 ? 0 : 1;

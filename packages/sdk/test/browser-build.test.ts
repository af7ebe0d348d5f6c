import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIST, ensureBuilt, PKG_DIR } from './support/built-package.js';
import { sendJson, startServer, type TestServer } from './support/test-server.js';

// The web build as a browser app's bundler sees it: esbuild with platform=browser resolves `@tillpoint/sdk/…`
// through the package's exports (the `browser` condition), and the graph must hold no Node built-in and no undici.

interface BrowserBundle {
  /** Node built-ins something in the graph imports (with who imports them). */
  builtins: string[];
  /** Packages in the graph. */
  packages: string[];
  gzipBytes: number;
}

/** Records every import of a Node built-in instead of failing on the first, so a test can name them all. */
function recordBuiltins(found: string[]): Plugin {
  return {
    name: 'record-node-builtins',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        // `node:sqlite` and other newer modules are not in Node 20's list, but the prefix says it all.
        if (!args.path.startsWith('node:') && !isBuiltin(args.path)) return undefined;
        found.push(`${args.path} (from ${args.importer.replace(`${PKG_DIR}/`, '')})`);
        return { path: args.path, external: true };
      });
    },
  };
}

async function bundleForBrowser(contents: string): Promise<BrowserBundle> {
  const builtins: string[] = [];
  const result = await build({
    stdin: { contents, resolveDir: PKG_DIR, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [recordBuiltins(builtins)],
  });
  const packages = new Set(
    Object.keys(result.metafile.inputs).flatMap((input) => {
      const match = /node_modules\/(?!\.pnpm)((?:@[^/]+\/)?[^/]+)/.exec(
        input.split('node_modules/.pnpm/').pop()!,
      );
      return match ? [match[1]!] : [];
    }),
  );
  return {
    builtins,
    packages: [...packages].sort(),
    gzipBytes: gzipSync(result.outputFiles[0]!.contents).length,
  };
}

beforeAll(() => {
  ensureBuilt();
}, 120_000);

describe('the browser build', () => {
  it('storefront: no Node built-in, no undici, no zod, under 30 KB gzipped', async () => {
    const bundle = await bundleForBrowser("export * from '@tillpoint/sdk/storefront';");
    expect(bundle.builtins).toEqual([]);
    expect(bundle.packages).toEqual([]);
    expect(bundle.gzipBytes).toBeLessThan(30 * 1024);
  });

  it('the full client: no Node built-in and no undici either', async () => {
    const bundle = await bundleForBrowser("export * from '@tillpoint/sdk';");
    expect(bundle.builtins).toEqual([]);
    expect(bundle.packages).toEqual(['eventsource-parser', 'zod']);
  });

  it('catches what the Node build of the same entry holds: node:stream and undici', async () => {
    const bundle = await bundleForBrowser(`export * from ${JSON.stringify(join(DIST, 'storefront.js'))};`);
    // tsup writes `stream` for `node:stream`.
    expect(bundle.builtins).toContainEqual(
      expect.stringMatching(/^(node:)?stream \(from dist\/storefront\.js\)$/),
    );
    expect(bundle.packages).toContain('undici');
  });
});

describe('the web build at run time', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('sends through fetch with retries, typed errors and request IDs', async () => {
    server = await startServer((_req, res, index) =>
      index === 0
        ? sendJson(res, 503, { code: 'unavailable' }, { 'retry-after': '0' })
        : index === 1
          ? sendJson(res, 200, { object: 'list', data: [{ id: 'prd_1' }], has_more: false })
          : sendJson(
              res,
              404,
              { type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found' },
              {},
            ),
    );
    const web = (await import(
      pathToFileURL(join(DIST, 'web/storefront.js')).href
    )) as typeof import('../src/storefront/index.js');
    const shop = new web.TillpointStorefront({ baseUrl: server.url });
    expect(shop.transport.name).toBe('fetch');
    const ids: string[] = [];
    for await (const product of shop.products.list()) ids.push(product.id);
    expect(ids).toEqual(['prd_1']);
    const error = await shop.products.get('prd_2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(web.NotFoundError);
    expect(error).toMatchObject({ code: 'not_found', requestId: 'req_test' });
    expect(() => new web.TillpointStorefront({ transport: 'undici' })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
    expect(shop.media.url('med_1')).toBe(`${server.url}/v1/media/med_1`);
  });
});

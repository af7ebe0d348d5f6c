import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST, ensureBuilt, PKG_DIR } from './support/built-package.js';

type SdkModule = typeof import('../src/index.js');

let cjs: SdkModule;
let esm: SdkModule;

beforeAll(() => {
  ensureBuilt();
  cjs = createRequire(import.meta.url)(join(DIST, 'index.cjs')) as SdkModule;
  return import(pathToFileURL(join(DIST, 'index.js')).href).then((mod: SdkModule) => {
    esm = mod;
  });
}, 120_000);

describe('built package', () => {
  it('require() and import() both expose the client, errors and schemas', () => {
    for (const mod of [cjs, esm]) {
      expect(typeof mod.Tillpoint).toBe('function');
      expect(typeof mod.TillpointError).toBe('function');
      expect(typeof mod.NotFoundError).toBe('function');
      expect(typeof mod.TimeoutError).toBe('function');
      expect(typeof mod.MetaSchema.safeParse).toBe('function');
      expect(mod.VERSION).toBe(JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8')).version);
      const client = new mod.Tillpoint({ baseUrl: 'http://127.0.0.1:1' });
      expect(typeof client.meta.get).toBe('function');
    }
    // Two real copies, not one module seen twice: the brand is what makes instanceof work across them.
    expect(cjs.NotFoundError).not.toBe(esm.NotFoundError);
  });

  it('errors from one copy are instanceof the other copy’s classes', () => {
    const fromCjs = new cjs.NotFoundError('404 not_found: gone', { status: 404, code: 'not_found' });
    expect(fromCjs).toBeInstanceOf(esm.NotFoundError);
    expect(fromCjs).toBeInstanceOf(esm.APIError);
    expect(fromCjs).toBeInstanceOf(esm.TillpointError);
    expect(fromCjs).not.toBeInstanceOf(esm.ConflictError);
    const fromEsm = new esm.TimeoutError();
    expect(fromEsm).toBeInstanceOf(cjs.ConnectionError);
    expect(fromEsm).not.toBeInstanceOf(cjs.UserAbortError);
  });

  it('exposes the schemas subpath for both conditions', async () => {
    const cjsSchemas = createRequire(import.meta.url)(join(DIST, 'schemas/index.cjs')) as Record<
      string,
      unknown
    >;
    const esmSchemas = (await import(pathToFileURL(join(DIST, 'schemas/index.js')).href)) as Record<
      string,
      unknown
    >;
    for (const mod of [cjsSchemas, esmSchemas]) {
      expect(mod.ProblemSchema).toBeDefined();
      expect(mod.Tillpoint).toBeUndefined();
    }
  });

  it('exposes the zod-free storefront subpath for require() and import() by package name', () => {
    const run = (args: string[]) =>
      JSON.parse(execFileSync(process.execPath, args, { cwd: PKG_DIR, encoding: 'utf8' })) as unknown;
    const probe = (m: string) =>
      `JSON.stringify({ client: typeof ${m}.TillpointStorefront, same: ${m}.default === ${m}.TillpointStorefront, ` +
      `errors: typeof ${m}.NotFoundError, carts: typeof new ${m}.TillpointStorefront().carts.complete, ` +
      `transport: new ${m}.TillpointStorefront().transport.name, admin: 'jobs' in new ${m}.TillpointStorefront()`;
    const expected = {
      client: 'function',
      same: true,
      errors: 'function',
      carts: 'function',
      transport: 'fetch',
      admin: false,
    };
    const fromRequire = run([
      '-e',
      `const m = require('@tillpoint/sdk/storefront');
       const loaded = (name) => Object.keys(require.cache).some((file) => file.includes(\`/node_modules/\${name}/\`));
       process.stdout.write(${probe('m')}, zod: loaded('zod'), undici: loaded('undici') }));`,
    ]);
    expect(fromRequire).toEqual({ ...expected, zod: false, undici: false });
    const fromImport = run([
      '--input-type=module',
      '-e',
      `const m = await import('@tillpoint/sdk/storefront'); process.stdout.write(${probe('m')} }));`,
    ]);
    expect(fromImport).toEqual(expected);
  });

  it('exposes the zod-free money subpath for require() and import() by package name', () => {
    // Through the exports map, as a user's `require('@tillpoint/sdk/money')` resolves it (the package refers to itself).
    const run = (args: string[]) =>
      JSON.parse(execFileSync(process.execPath, args, { cwd: PKG_DIR, encoding: 'utf8' })) as unknown;
    const probe = (m: string) =>
      `JSON.stringify({ eur: ${m}.formatMoney(1250, 'EUR'), jpy: ${m}.formatMoney(500, 'JPY'), ` +
      `kwd: ${m}.minorUnitDigits('KWD'), clf: ${m}.CURRENCY_EXPONENTS.CLF, exports: Object.keys(${m}).sort()`;
    const expected = {
      eur: '12.50 EUR',
      jpy: '500 JPY',
      kwd: 3,
      clf: 4,
      exports: ['CURRENCY_EXPONENTS', 'formatMoney', 'minorUnitDigits'],
    };
    const fromRequire = run([
      '-e',
      `const m = require('@tillpoint/sdk/money');
       const zodLoaded = Object.keys(require.cache).some((file) => /[\\/]zod[\\/]/.test(file));
       process.stdout.write(${probe('m')}, zodLoaded }));`,
    ]);
    expect(fromRequire).toEqual({ ...expected, zodLoaded: false });
    const fromImport = run([
      '--input-type=module',
      '-e',
      `const m = await import('@tillpoint/sdk/money'); process.stdout.write(${probe('m')} }));`,
    ]);
    expect(fromImport).toEqual(expected);
    // Neither build imports anything (zod included): the CLI loads it at start-up.
    for (const file of ['money.js', 'money.cjs']) {
      const code = readFileSync(join(DIST, file), 'utf8');
      expect(code, file).not.toMatch(/\bimport\s*[{(*"']|\brequire\(/);
    }
    for (const file of ['money.d.ts', 'money.d.cts'])
      expect(readFileSync(join(DIST, file), 'utf8'), file).toContain('formatMoney');
    // The same answers as the formatter the root entry exports.
    expect(esm.formatMoney(123_456, 'BHD')).toBe('123.456 BHD');
    expect(cjs.formatMoney(123_456, 'BHD')).toBe('123.456 BHD');
  });

  it('resolves every entry point with its types under node10, node16 and bundlers (are-the-types-wrong)', () => {
    const report = JSON.parse(
      execFileSync('pnpm', ['exec', 'attw', '--pack', '.', '--format', 'json'], {
        cwd: PKG_DIR,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as { analysis: { entrypoints: Record<string, unknown>; problems: unknown[] } };
    expect(Object.keys(report.analysis.entrypoints)).toEqual([
      '.',
      './schemas',
      './money',
      './storefront',
      './package.json',
    ]);
    expect(report.analysis.problems).toEqual([]);
  }, 60_000);

  it('passes publint', async () => {
    const { messages } = await publint({ pkgDir: PKG_DIR, level: 'warning' });
    expect(messages).toEqual([]);
  }, 60_000);
});

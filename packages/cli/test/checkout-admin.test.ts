import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminDaemon } from './support/admin-daemon.js';
import { ANSI, runTill } from './support/run-till.js';

// Checkout admin data through the built `till` (and so the SDK) against a spawned daemon: regions, tax rates,
// shipping methods and promotions.

let session: Awaited<ReturnType<typeof startAdminDaemon>>;
const till = (args: string[], input?: string) => session.till(args, input);
const tillJson = <T = Record<string, unknown>>(args: string[]) => session.tillJson<T>(args);
const errorOf = (stderr: string) => (JSON.parse(stderr) as { error: Record<string, unknown> }).error;

interface List<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}
interface Region {
  id: string;
  name: string;
  countries: string[];
  currency: string;
  pricesIncludeTax: boolean;
}

beforeAll(async () => {
  session = await startAdminDaemon();
});

afterAll(async () => {
  await session?.stop();
});

describe('till regions, tax-rates, shipping-methods, promotions', () => {
  let region: Region;

  it('creates a region and lists it; a country in two regions fails with country_taken', async () => {
    region = await tillJson<Region>([
      'regions',
      'create',
      '--name',
      'Europe',
      '--country',
      'de,fr',
      '--country',
      'NL',
      '--currency',
      'eur',
      '--prices-include-tax',
    ]);
    expect(region).toMatchObject({ countries: ['DE', 'FR', 'NL'], currency: 'EUR', pricesIncludeTax: true });
    const list = await tillJson<List<Region>>(['regions', 'list', '--country', 'fr']);
    expect(list.data.map((r) => r.id)).toEqual([region.id]);
    const clash = await till([
      'regions',
      'create',
      '--name',
      'X',
      '--country',
      'DE',
      '--currency',
      'EUR',
      '--json',
    ]);
    expect(clash.code).toBe(1);
    expect(errorOf(clash.stderr)).toMatchObject({ code: 'country_taken', status: 409 });
    const plain = await runTill(['regions', 'get', region.id], {
      env: { TILLPOINT_CONFIG_DIR: session.configDir, TILLPOINT_URL: session.daemon.url, CI: '1' },
    });
    expect(plain.stdout).toContain('DE, FR, NL');
    expect(plain.stdout).not.toMatch(ANSI);
  });

  it('creates a tax rate and a shipping method for the region, and lists them', async () => {
    const rate = await tillJson<{ id: string; rateBps: number }>([
      'tax-rates',
      'create',
      '--region',
      region.id,
      '--name',
      'VAT',
      '--rate',
      '19.5',
      '--applies-to-shipping',
    ]);
    expect(rate.rateBps).toBe(1950);
    const method = await tillJson<{ id: string; rule: unknown }>([
      'shipping-methods',
      'create',
      '--region',
      region.id,
      '--name',
      'Parcel',
      '--tier',
      '2000:695',
      '--tier',
      '*:1495',
    ]);
    expect(method.rule).toEqual({
      type: 'weight_tiers',
      tiers: [
        { upToGrams: 2000, amount: 695 },
        { upToGrams: null, amount: 1495 },
      ],
    });
    const rates = await tillJson<List<{ id: string }>>(['tax-rates', 'list', '--region', region.id]);
    expect(rates.data.map((r) => r.id)).toEqual([rate.id]);
    const methods = await tillJson<List<{ id: string }>>(['shipping-methods', 'list', '--region', region.id]);
    expect(methods.data.map((m) => m.id)).toEqual([method.id]);
    const inUse = await till(['regions', 'delete', region.id, '--yes', '--json']);
    expect(errorOf(inUse.stderr)).toMatchObject({ code: 'region_in_use' });
  });

  it('creates, updates and deletes a promotion; delete needs --yes without a terminal', async () => {
    const promo = await tillJson<{ id: string; code: string; discount: unknown; minimumSubtotal: unknown }>([
      'promotions',
      'create',
      '--code',
      'spring10',
      '--name',
      'Spring',
      '--percent',
      '12.5',
      '--minimum',
      'EUR:3000',
    ]);
    expect(promo).toMatchObject({
      code: 'SPRING10',
      discount: { type: 'percentage', bps: 1250 },
      minimumSubtotal: [{ currency: 'EUR', amount: 3000 }],
    });
    const listed = await tillJson<List<{ id: string }>>(['promotions', 'list', '--code', 'Spring10']);
    expect(listed.data.map((p) => p.id)).toEqual([promo.id]);
    const updated = await tillJson<{ active: boolean }>(['promotions', 'update', promo.id, '--no-active']);
    expect(updated.active).toBe(false);
    const refused = await till(['promotions', 'delete', promo.id]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--yes');
    const deleted = await tillJson<{ id: string }>(['promotions', 'delete', promo.id, '--yes']);
    expect(deleted.id).toBe(promo.id);
    const badId = await till(['promotions', 'get', 'reg_01JABCDEFGHJKMNPQRSTVWXYZ0']);
    expect(badId.code).toBe(2);
  });
});

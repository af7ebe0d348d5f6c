import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminDaemon } from './support/admin-daemon.js';
import { ANSI, parseSingleJson, runTill, tempConfigDir } from './support/run-till.js';

// `till addresses …` through the built CLI (and so the SDK) against a spawned daemon, as a customer signed in with
// TILLPOINT_TOKEN; the admin of the session is a second user whose address book is separate.

interface SavedAddress {
  id: string;
  address: Record<string, string>;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
}
interface List<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

let session: Awaited<ReturnType<typeof startAdminDaemon>>;
let customerToken: string;
let emptyConfig: Awaited<ReturnType<typeof tempConfigDir>>;
const errorOf = (stderr: string) => (JSON.parse(stderr) as { error: Record<string, unknown> }).error;

/** Runs `till` as the customer. */
const customer = (args: string[]) =>
  runTill(args, {
    env: {
      TILLPOINT_CONFIG_DIR: emptyConfig.dir,
      TILLPOINT_URL: session.daemon.url,
      TILLPOINT_TOKEN: customerToken,
    },
  });
async function customerJson<T>(args: string[]): Promise<T> {
  const result = await customer([...args, '--json']);
  expect(result.stderr, args.join(' ')).toBe('');
  expect(result.code, args.join(' ')).toBe(0);
  return parseSingleJson(result.stdout) as T;
}

beforeAll(async () => {
  session = await startAdminDaemon();
  emptyConfig = await tempConfigDir();
  const post = (path: string) =>
    fetch(`${session.daemon.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery' }),
    });
  expect((await post('/v1/auth/register')).status).toBe(202);
  const response = await post('/v1/auth/login');
  expect(response.status).toBe(200);
  customerToken = ((await response.json()) as { accessToken: string }).accessToken;
});

afterAll(async () => {
  await session?.stop();
  await emptyConfig?.cleanup();
});

describe('till addresses', () => {
  let berlin: SavedAddress;
  let sanJose: SavedAddress;

  it('creates addresses: the first becomes both defaults, --default-shipping moves that default', async () => {
    berlin = await customerJson<SavedAddress>([
      'addresses',
      'create',
      '--name',
      'Ada Lovelace',
      '--line1',
      'Hauptstraße 1',
      '--postal-code',
      '10115',
      '--city',
      'Berlin',
      '--country',
      'de',
    ]);
    expect(berlin).toMatchObject({
      address: {
        name: 'Ada Lovelace',
        line1: 'Hauptstraße 1',
        city: 'Berlin',
        postalCode: '10115',
        countryCode: 'DE',
      },
      isDefaultShipping: true,
      isDefaultBilling: true,
    });
    sanJose = await customerJson<SavedAddress>([
      'addresses',
      'create',
      '--name',
      'Ada Lovelace',
      '--line1',
      '1 Market St',
      '--city',
      'San Jose',
      '--subdivision',
      'us-ca',
      '--country',
      'US',
      '--phone',
      '+1 408 555 0100',
      '--default-shipping',
    ]);
    expect(sanJose).toMatchObject({
      address: { subdivision: 'US-CA', countryCode: 'US' },
      isDefaultShipping: true,
      isDefaultBilling: false,
    });
    const list = await customerJson<List<SavedAddress>>(['addresses', 'list']);
    expect(list.data.map((a) => [a.id, a.isDefaultShipping, a.isDefaultBilling])).toEqual([
      [sanJose.id, true, false],
      [berlin.id, false, true],
    ]);
    const plain = await runTill(['addresses', 'list'], {
      env: {
        TILLPOINT_CONFIG_DIR: emptyConfig.dir,
        TILLPOINT_URL: session.daemon.url,
        TILLPOINT_TOKEN: customerToken,
        CI: '1',
      },
    });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('1 Market St, San Jose, US-CA, US');
    expect(plain.stdout).not.toMatch(ANSI);
  });

  it('updates fields over the saved address, clears optional ones and moves the billing default', async () => {
    const updated = await customerJson<SavedAddress>([
      'addresses',
      'update',
      sanJose.id,
      '--line2',
      'Suite 5',
      '--clear',
      'phone',
      '--default-billing',
    ]);
    expect(updated.address).toEqual({
      name: 'Ada Lovelace',
      line1: '1 Market St',
      line2: 'Suite 5',
      city: 'San Jose',
      subdivision: 'US-CA',
      countryCode: 'US',
    });
    expect(updated).toMatchObject({ isDefaultShipping: true, isDefaultBilling: true });
    const before = await customerJson<SavedAddress>(['addresses', 'get', berlin.id]);
    expect(before).toMatchObject({ isDefaultShipping: false, isDefaultBilling: false });
    const unset = await customerJson<SavedAddress>([
      'addresses',
      'update',
      sanJose.id,
      '--no-default-shipping',
    ]);
    expect(unset).toMatchObject({ isDefaultShipping: false, isDefaultBilling: true });

    const nothing = await customer(['addresses', 'update', sanJose.id, '--json']);
    expect(nothing.code).toBe(2);
    expect(errorOf(nothing.stderr)).toMatchObject({ code: 'usage_error' });
  });

  it('fails with the daemon’s field errors for a country or subdivision that is not an ISO code', async () => {
    const bad = await customer([
      'addresses',
      'create',
      '--name',
      'X',
      '--line1',
      'Y',
      '--city',
      'Z',
      '--subdivision',
      'FR-75',
      '--country',
      'DE',
      '--json',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(errorOf(bad.stderr)).toMatchObject({ code: 'validation_failed', status: 422 });
    const missing = await customer(['addresses', 'create', '--name', 'X', '--json']);
    expect(missing.code).toBe(2);
  });

  it('keeps address books apart, checks IDs, and needs a signed-in user', async () => {
    const admin = await session.till(['addresses', 'get', berlin.id, '--json']);
    expect(admin.code).toBe(1);
    expect(errorOf(admin.stderr)).toMatchObject({ code: 'not_found', status: 404 });
    const adminList = await session.tillJson<List<SavedAddress>>(['addresses', 'list']);
    expect(adminList.data).toEqual([]);

    const badId = await customer(['addresses', 'get', 'ord_01JABCDEFGHJKMNPQRSTVWXYZ0', '--json']);
    expect(badId.code).toBe(2);
    expect(errorOf(badId.stderr)).toMatchObject({ code: 'invalid_id' });

    const anonymous = await runTill(['addresses', 'list', '--json'], {
      env: { TILLPOINT_CONFIG_DIR: emptyConfig.dir, TILLPOINT_URL: session.daemon.url },
    });
    expect(anonymous.code).toBe(4);
    expect(errorOf(anonymous.stderr)).toMatchObject({ status: 401 });
  });

  it('deletes only with --yes when not interactive; a deleted default leaves none', async () => {
    const refused = await customer(['addresses', 'delete', sanJose.id, '--json']);
    expect(refused.code).toBe(2);
    expect(errorOf(refused.stderr)).toMatchObject({ code: 'confirmation_required' });
    expect((await customerJson<SavedAddress>(['addresses', 'get', sanJose.id])).id).toBe(sanJose.id);

    const deleted = await customerJson<SavedAddress>(['addresses', 'delete', sanJose.id, '--yes']);
    expect(deleted.id).toBe(sanJose.id);
    const list = await customerJson<List<SavedAddress>>(['addresses', 'list', '--all']);
    expect(list.data.map((a) => [a.id, a.isDefaultShipping, a.isDefaultBilling])).toEqual([
      [berlin.id, false, false],
    ]);
  });
});

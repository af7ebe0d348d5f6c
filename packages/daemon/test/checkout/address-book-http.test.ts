import {
  type ApiKeyCreated,
  MAX_SAVED_ADDRESSES,
  type SavedAddress,
  SavedAddressSchema,
} from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

const BERLIN = {
  name: 'Ada Lovelace',
  line1: 'Hauptstraße 1',
  city: 'Berlin',
  postalCode: '10115',
  countryCode: 'DE',
};
const PARIS = { name: 'Ada Lovelace', line1: '1 rue de Rivoli', city: 'Paris', countryCode: 'FR' };
const SAN_JOSE = {
  name: 'Ada Lovelace',
  company: 'Engines Inc.',
  line1: '1 Market St',
  line2: 'Suite 5',
  city: 'San Jose',
  postalCode: '95113',
  subdivision: 'US-CA',
  countryCode: 'US',
  phone: '+1 408 555 0100',
};
const UNKNOWN_ADDRESS = 'adr_01ARZ3NDEKTSV4RRFFQ69G5FAV';

for (const dialect of DIALECTS) {
  describe(`address book on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000 } });
    });
    afterAll(async () => t?.close());

    const newUser = async () => (await registerUser(t.app)).accessToken;
    const create = (token: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/me/addresses',
        headers: { ...bearer(token), ...headers },
        payload,
      });
    const save = async (token: string, payload: Record<string, unknown>) => {
      const response = await create(token, payload);
      expect(response.statusCode, response.body).toBe(201);
      return SavedAddressSchema.parse(response.json());
    };
    const patch = (token: string, id: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/v1/me/addresses/${id}`, headers: bearer(token), payload });
    const list = async (token: string, query = '') => {
      const response = await t.app.inject({ url: `/v1/me/addresses${query}`, headers: bearer(token) });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { data: SavedAddress[]; has_more: boolean };
    };
    const defaults = async (token: string) => {
      const { data } = await list(token, '?limit=100');
      return {
        shipping: data.filter((a) => a.isDefaultShipping).map((a) => a.id),
        billing: data.filter((a) => a.isDefaultBilling).map((a) => a.id),
      };
    };

    it('saves, reads, replaces and deletes an address; the first becomes both defaults', async () => {
      const token = await newUser();
      expect(await list(token)).toEqual({ object: 'list', data: [], has_more: false });
      const first = await save(token, { address: SAN_JOSE });
      expect(first).toMatchObject({
        object: 'address',
        address: SAN_JOSE,
        isDefaultShipping: true,
        isDefaultBilling: true,
      });
      expect(first.id).toMatch(/^adr_/);
      const second = await save(token, { address: BERLIN });
      expect(second).toMatchObject({ isDefaultShipping: false, isDefaultBilling: false });
      // Optional fields that were not given are absent, not null.
      expect(Object.keys(second.address).sort()).toEqual(Object.keys(BERLIN).sort());

      const got = await t.app.inject({ url: `/v1/me/addresses/${second.id}`, headers: bearer(token) });
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual(second);

      const replaced = await patch(token, second.id, { address: PARIS });
      expect(replaced.statusCode, replaced.body).toBe(200);
      expect(replaced.json()).toMatchObject({ id: second.id, address: PARIS, createdAt: second.createdAt });
      expect(Object.keys(replaced.json().address)).not.toContain('postalCode');

      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/v1/me/addresses/${second.id}`,
        headers: bearer(token),
      });
      expect(deleted.statusCode).toBe(200);
      expect(deleted.json()).toMatchObject({ id: second.id, address: PARIS });
      const gone = await t.app.inject({ url: `/v1/me/addresses/${second.id}`, headers: bearer(token) });
      expect(gone.statusCode).toBe(404);
      expect(codeOf(gone)).toBe('not_found');
      expect((await list(token)).data.map((a) => a.id)).toEqual([first.id]);
    });

    it('honours explicit flags on the first address', async () => {
      const token = await newUser();
      const only = await save(token, { address: BERLIN, isDefaultShipping: false });
      expect(only).toMatchObject({ isDefaultShipping: false, isDefaultBilling: true });
    });

    it('keeps one default of each kind: a new default clears the old one, unsetting or deleting leaves none', async () => {
      const token = await newUser();
      const a = await save(token, { address: BERLIN });
      const b = await save(token, { address: PARIS, isDefaultShipping: true });
      expect(b).toMatchObject({ isDefaultShipping: true, isDefaultBilling: false });
      expect(await defaults(token)).toEqual({ shipping: [b.id], billing: [a.id] });

      const billing = await patch(token, b.id, { isDefaultBilling: true });
      expect(billing.json()).toMatchObject({ isDefaultShipping: true, isDefaultBilling: true });
      expect(await defaults(token)).toEqual({ shipping: [b.id], billing: [b.id] });

      const back = await patch(token, a.id, { isDefaultShipping: true });
      expect(back.json()).toMatchObject({ isDefaultShipping: true, isDefaultBilling: false });
      expect(await defaults(token)).toEqual({ shipping: [a.id], billing: [b.id] });

      const unset = await patch(token, a.id, { isDefaultShipping: false });
      expect(unset.json().isDefaultShipping).toBe(false);
      expect(await defaults(token)).toEqual({ shipping: [], billing: [b.id] });

      await t.app.inject({ method: 'DELETE', url: `/v1/me/addresses/${b.id}`, headers: bearer(token) });
      expect(await defaults(token)).toEqual({ shipping: [], billing: [] });
      // Not the first address any more: a new one takes no default unless told.
      const c = await save(token, { address: SAN_JOSE });
      expect(c).toMatchObject({ isDefaultShipping: false, isDefaultBilling: false });
    });

    it('leaves exactly one default when several "make default" requests race', async () => {
      const token = await newUser();
      const saved: SavedAddress[] = [];
      for (let i = 0; i < 5; i++)
        saved.push(await save(token, { address: { ...BERLIN, line1: `Weg ${i}` } }));
      const responses = await Promise.all(
        saved.map((address) => patch(token, address.id, { isDefaultShipping: true, isDefaultBilling: true })),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(saved.map(() => 200));
      const after = await defaults(token);
      expect(after.shipping).toHaveLength(1);
      expect(after.billing).toHaveLength(1);
      // Both kinds went to the same winner: the last request to take the user's lock.
      expect(after.shipping).toEqual(after.billing);
    });

    it('orders the list defaults first, then newest, and pages it with a cursor', async () => {
      const token = await newUser();
      const saved: SavedAddress[] = [];
      for (let i = 0; i < 5; i++) saved.push(await save(token, { address: { ...PARIS, line1: `${i} rue` } }));
      await patch(token, saved[2]!.id, { isDefaultShipping: true });
      const expected = [saved[2]!, saved[0]!, saved[4]!, saved[3]!, saved[1]!].map((a) => a.id);
      expect((await list(token)).data.map((a) => a.id)).toEqual(expected);

      const walked: string[] = [];
      let cursor = '';
      for (;;) {
        const page = await list(token, `?limit=2${cursor ? `&starting_after=${cursor}` : ''}`);
        walked.push(...page.data.map((a) => a.id));
        if (!page.has_more) break;
        cursor = page.data.at(-1)!.id;
      }
      expect(walked).toEqual(expected);
    });

    it('shows a user only their own addresses: another user’s ID is 404 for every verb', async () => {
      const owner = await newUser();
      const other = await newUser();
      const mine = await save(owner, { address: BERLIN });
      const theirs = await save(other, { address: PARIS });
      for (const [method, payload] of [
        ['GET', undefined],
        ['PATCH', { isDefaultShipping: true }],
        ['DELETE', undefined],
      ] as const) {
        const response = await t.app.inject({
          method,
          url: `/v1/me/addresses/${mine.id}`,
          headers: bearer(other),
          ...(payload ? { payload } : {}),
        });
        expect(response.statusCode, method).toBe(404);
      }
      expect((await list(other)).data.map((a) => a.id)).toEqual([theirs.id]);
      expect((await list(owner)).data).toEqual([mine]);
      const unknown = await t.app.inject({
        url: `/v1/me/addresses/${UNKNOWN_ADDRESS}`,
        headers: bearer(owner),
      });
      expect(unknown.statusCode).toBe(404);
    });

    it(`holds at most ${MAX_SAVED_ADDRESSES} addresses, also when the last places are raced for`, async () => {
      const token = await newUser();
      for (let i = 0; i < MAX_SAVED_ADDRESSES - 2; i++) {
        await save(token, { address: { ...BERLIN, line1: `Straße ${i}` } });
      }
      const raced = await Promise.all(
        [1, 2, 3, 4].map((i) => create(token, { address: { ...PARIS, line1: `${i} quai` } })),
      );
      expect(raced.map((r) => r.statusCode).sort()).toEqual([201, 201, 422, 422]);
      const full = raced.find((r) => r.statusCode === 422)!;
      expect(codeOf(full)).toBe('address_limit_reached');
      expect(full.headers['content-type']).toContain('application/problem+json');
      expect((await list(token, '?limit=100')).data).toHaveLength(MAX_SAVED_ADDRESSES);

      const one = (await list(token)).data[0]!;
      await t.app.inject({ method: 'DELETE', url: `/v1/me/addresses/${one.id}`, headers: bearer(token) });
      expect((await create(token, { address: PARIS })).statusCode).toBe(201);
      expect((await create(token, { address: PARIS })).statusCode).toBe(422);
    });

    it('answers 422 with field paths for a country or subdivision that is not an assigned ISO code', async () => {
      const token = await newUser();
      const country = await create(token, { address: { ...BERLIN, countryCode: 'XX' } });
      expect(country.statusCode).toBe(422);
      expect(codeOf(country)).toBe('validation_failed');
      expect(country.json().errors).toEqual([
        expect.objectContaining({ path: 'body.address.countryCode', code: 'invalid_country' }),
      ]);
      const foreign = await create(token, { address: { ...BERLIN, subdivision: 'FR-75' } });
      expect(foreign.statusCode).toBe(422);
      expect(foreign.json().errors).toEqual([
        expect.objectContaining({ path: 'body.address.subdivision', code: 'invalid_subdivision' }),
      ]);
      const unassigned = await create(token, { address: { ...SAN_JOSE, subdivision: 'US-ZZ' } });
      expect(unassigned.json().errors).toEqual([
        expect.objectContaining({ path: 'body.address.subdivision', code: 'invalid_subdivision' }),
      ]);
      const shape = await create(token, { address: { ...BERLIN, countryCode: 'Germany' } });
      expect(shape.statusCode).toBe(422);
      expect(shape.json().errors[0].path).toBe('body.address.countryCode');

      const saved = await save(token, { address: BERLIN });
      const badPatch = await patch(token, saved.id, { address: { ...BERLIN, countryCode: 'XX' } });
      expect(badPatch.statusCode).toBe(422);
      expect(badPatch.json().errors[0].path).toBe('body.address.countryCode');
      // Nothing was saved by the refused requests.
      expect((await list(token)).data).toEqual([saved]);
    });

    it('answers 401 to callers without credentials and 403 to a guest key; a user key acts for its owner', async () => {
      const session = await registerUser(t.app);
      const requests = [
        { method: 'GET', url: '/v1/me/addresses' },
        { method: 'POST', url: '/v1/me/addresses', payload: { address: BERLIN } },
        { method: 'GET', url: `/v1/me/addresses/${UNKNOWN_ADDRESS}` },
        { method: 'PATCH', url: `/v1/me/addresses/${UNKNOWN_ADDRESS}`, payload: {} },
        { method: 'DELETE', url: `/v1/me/addresses/${UNKNOWN_ADDRESS}` },
      ] as const;
      const key = async (role: string) =>
        (
          await t.app.inject({
            method: 'POST',
            url: '/v1/api-keys',
            headers: bearer(session.accessToken),
            payload: { name: `${role} key`, role },
          })
        ).json() as ApiKeyCreated;
      const guestKey = await key('guest');
      for (const request of requests) {
        const anonymous = await t.app.inject(request);
        expect(anonymous.statusCode, `${request.method} ${request.url}`).toBe(401);
        expect(codeOf(anonymous)).toBe('unauthenticated');
        const guest = await t.app.inject({ ...request, headers: bearer(guestKey.secret) });
        expect(guest.statusCode, `${request.method} ${request.url}`).toBe(403);
      }
      const userKey = await key('user');
      const viaKey = await save(userKey.secret, { address: BERLIN });
      expect((await list(session.accessToken)).data.map((a) => a.id)).toEqual([viaKey.id]);
    });

    it('replays a POST with the same Idempotency-Key instead of saving twice', async () => {
      const token = await newUser();
      const headers = { 'idempotency-key': `addr-${dialect}-${Date.now()}` };
      const first = await create(token, { address: BERLIN }, headers);
      const again = await create(token, { address: BERLIN }, headers);
      expect(again.statusCode).toBe(201);
      expect(again.json().id).toBe(first.json().id);
      expect((await list(token)).data).toHaveLength(1);
    });

    it('removes the address book when the account is deleted', async () => {
      const admin = (await createAdmin(t)).accessToken;
      const session = await registerUser(t.app);
      await save(session.accessToken, { address: BERLIN });
      await save(session.accessToken, { address: PARIS });
      const count = async () =>
        Number(
          (
            await t.database.db
              .selectFrom('saved_addresses')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('user_id', '=', session.user.id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count()).toBe(2);
      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/v1/users/${session.user.id}`,
        headers: bearer(admin),
      });
      expect(deleted.statusCode).toBe(204);
      expect(await count()).toBe(0);
      const book = await t.database.db
        .selectFrom('address_books')
        .selectAll()
        .where('user_id', '=', session.user.id)
        .executeTakeFirst();
      expect(book).toBeUndefined();
    });
  });
}
